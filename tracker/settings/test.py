"""Test settings: the same as base, with fast hashing and a fixed secret. The database and broker
come from DATABASE_URL / REDIS_URL like everywhere else (bin/test sets them when the servers run)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="test-only-not-secret")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False  # Client.login() calls authenticate() without a request; tests/security enables it
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The page cache needs committed transactions to see changes (its versions move on commit), which the
# `db` fixture never makes: off by default; tests/public/test_caching.py turns it on with real commits.
KT_PAGE_CACHE = env.bool("KT_PAGE_CACHE", default=False)
