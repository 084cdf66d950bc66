"""Production: DEBUG off, every secret from the environment (start-up fails clearly when one is missing),
HTTPS-only cookies, HSTS, a Content Security Policy (django-csp), static files from WhiteNoise with
hashed names, JSON logs on stdout, and a shared Redis cache when REDIS_URL is set.
`manage.py check --deploy --fail-level WARNING` passes with these settings (tests/security/)."""

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, INSTALLED_APPS, LOGGING, MIDDLEWARE, REDIS_URL, env, redis_cache

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: production refuses to start without it "
        "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set: production needs PostgreSQL (postgres://user:password@host:5432/name)."
    )

# HTTPS only: behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): only our own scripts and styles; the few inline <script>/<style>
# blocks in templates carry the per-request nonce ({{ request.csp_nonce }}). Swagger UI (/api/docs/) is
# served from drf-spectacular-sidecar on our own origin and its inline parts carry the nonce too.
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Static files: WhiteNoise (already in MIDDLEWARE) serves compressed files with hashed names after
# `manage.py collectstatic`; they are cached for a year by browsers and proxies.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A cache shared by every web process (the API throttle and the sign-up limits count across processes),
# in Redis when set, with its timeouts and a per-process memory fallback while Redis is away.
_cache_url = env.str("CACHE_URL", default=REDIS_URL)
if _cache_url:
    CACHES = {"default": redis_cache(_cache_url)}
# The page cache (public/caching.py) apart, when KT_PAGE_CACHE_URL names one: a Redis that may evict
# (allkeys-lru, see docker-compose.yml), so pages never fill the broker's no-eviction Redis nor push out
# the rate-limit counters.
_page_cache_url = env.str("KT_PAGE_CACHE_URL", default="")
if _page_cache_url:
    CACHES = {**CACHES, "pages": {**redis_cache(_page_cache_url), "KEY_PREFIX": "ktp"}}
    KT_PAGE_CACHE_ALIAS = "pages"
# Each process keeps the answers it served last in its own memory too (public/caching.LocalPages): a hit
# then costs no Redis read. Right without invalidation, as the keys carry the data versions.
KT_PAGE_LOCAL_BYTES = env.int("KT_PAGE_LOCAL_BYTES", default=32 * 1024 * 1024)

# Structured logs: one JSON object per line on stdout (python-json-logger plugs into the standard
# logging config, so every existing logging.getLogger() call logs JSON without changes).
LOGGING = {
    **LOGGING,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
}
