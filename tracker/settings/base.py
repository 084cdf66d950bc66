"""Settings shared by every environment. Everything that differs per deployment comes from the
environment (12-factor); with nothing set, the app runs on embedded defaults: SQLite, a filesystem
Celery broker and e-mail to the console."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("KT_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("KT_SITE_URL", default="http://localhost:8000").rstrip("/")
# How many reverse proxies (TLS terminator, load balancer) stand in front of the app and append to
# X-Forwarded-For; 0 when clients connect directly. Rate limits and the login lockout key on the
# address the outermost of them saw (tracker/clients.py), never on what a client writes in the header.
KT_TRUSTED_PROXIES = env.int("KT_TRUSTED_PROXIES", default=0)

INSTALLED_APPS = [
    "accounts.apps.KamertrackerAdminConfig",  # django.contrib.admin with our site (second factor)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rangefilter",
    "concurrency",
    "core",
    "motions",
    "commitments",
    "letters",
    "senate",  # the Eerste Kamer: rappel intake
    "workbench",  # the staff's start page in the admin
    "notifications",
    "reminders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "exports",
    "public",
    "alerts",
    "tkimport",
    "demo",  # load_demo: the demo data, made through every app's services
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "public.caching.FrontMiddleware",  # anonymous public pages from this process's memory (KT_PAGE_LOCAL_BYTES)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accounts.middleware.AdminTimeZoneMiddleware",  # admin: date-times in the browser's zone (kt_tz cookie)
    "tracker.middleware.RejectNulMiddleware",  # a NUL in the path or query string: 400, never a 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers locked-out logins
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name) or the embedded SQLite file.
DATABASES = {  # (an empty DATABASE_URL counts as unset)
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'kamertracker.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the write lock instead of failing at once when the worker and web write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login protection (django-axes): after KT_LOGIN_FAILURE_LIMIT failed logins for one username from one IP
# address, further attempts are refused (HTTP 429) for KT_LOGIN_COOLOFF_MINUTES, even with the right password.
# Only that combination is locked, never the username alone: somebody elsewhere guessing cannot lock the
# real user out (a remote denial of service); guessing from many addresses is met by the 12-character
# passwords and the second factor. The client address comes from the trusted proxies (tracker/clients.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("KT_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("KT_LOGIN_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tracker.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# Staff sessions (the only logins) end after a working day or when the browser closes.
SESSION_COOKIE_AGE = env.int("KT_SESSION_HOURS", default=8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Optional second factor (accounts/, django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = env.str("KT_OTP_ISSUER", default="Kamertracker")
# On: every staff member must set up the second factor before using the admin (off: each person chooses).
KT_REQUIRE_SECOND_FACTOR = env.bool("KT_REQUIRE_SECOND_FACTOR", default=False)
# A superuser may delete someone's device (lost phone) but never see its secret or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# E-mail: EMAIL_URL (smtp://user:pass@host:587/?tls=True, consolemail://, filemail:///path)
# or the standard EMAIL_* names; the embedded default prints mails to the console.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_url = env.str("EMAIL_URL", default="")
if _email_url.startswith("filemail://"):
    # As file:// URLs are written: filemail:///tmp/mail is /tmp/mail; filemail://var/mail is relative to the
    # project directory; filemail:// alone is var/mail (django-environ would drop the leading slash).
    _mail_dir = _email_url.removeprefix("filemail://").split("?")[0]
    _email["EMAIL_FILE_PATH"] = str(BASE_DIR / _mail_dir) if _mail_dir else ""
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=_email["EMAIL_BACKEND"])
EMAIL_HOST = env.str("EMAIL_HOST", default=_email.get("EMAIL_HOST", "") or "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=_email.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default=_email.get("EMAIL_HOST_USER", "") or "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default=_email.get("EMAIL_HOST_PASSWORD", "") or "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=_email.get("EMAIL_USE_SSL", False))
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=_email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kamertracker <noreply@kamertracker.localhost>")

# Celery: Redis when REDIS_URL is set, else a filesystem broker that needs no server.
REDIS_URL = env.str("REDIS_URL", default="")
# Redis refused or hung (tracker/resilience.py): every connection gives up after KT_REDIS_TIMEOUT seconds
# (connect and each reply), and after a failure each process leaves that use of Redis alone for
# KT_REDIS_RETRY_SECONDS (the cache counts in memory meanwhile, tasks wait for the sweeps).
KT_REDIS_TIMEOUT = env.float("KT_REDIS_TIMEOUT", default=0.5)
KT_REDIS_RETRY_SECONDS = env.float("KT_REDIS_RETRY_SECONDS", default=30)


def redis_cache(url: str, timeout: float = KT_REDIS_TIMEOUT) -> dict:
    """A ``CACHES`` entry: a Redis cache shared by every web process, with the Redis timeouts, that
    falls back to a memory cache of its own process while Redis is away (tracker/resilience.py)."""
    return {
        "BACKEND": "tracker.resilience.FallbackRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "kt",
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


# Publishing gives up fast when Redis is away (one quick retry, the Redis timeouts): tasks are queued
# after commits in web requests, and what they carry is kept in PostgreSQL (the outbox, status
# events), so the periodic flush and sweeps send it later; a click must not hang on the broker.
REDIS_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": KT_REDIS_TIMEOUT,
    "socket_timeout": KT_REDIS_TIMEOUT,
}
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
    CELERY_BROKER_CONNECTION_TIMEOUT = KT_REDIS_TIMEOUT
else:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Time limits, in seconds: at the soft limit the task gets SoftTimeLimitExceeded (it can finish its
# bookkeeping), at the hard limit the worker kills the process running it and starts a new one, so a hung
# task (a server that never answers) cannot hold a worker for good. They need the prefork pool (the default;
# `--pool solo` ignores them). Per task below; the defaults cover any task not listed.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("KT_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("KT_TASK_TIME_LIMIT", default=360)
_TK_IMPORT_SOFT_LIMIT = env.int("KT_TK_IMPORT_SOFT_TIME_LIMIT", default=3600)  # a night's increment takes seconds
CELERY_TASK_ANNOTATIONS = {
    "tkimport.import_tk": {
        "soft_time_limit": _TK_IMPORT_SOFT_LIMIT,
        "time_limit": env.int("KT_TK_IMPORT_TIME_LIMIT", default=_TK_IMPORT_SOFT_LIMIT + 300),
    },
    "notifications.send_message": {"soft_time_limit": 120, "time_limit": 150},  # SMTP: EMAIL_TIMEOUT per step
    "notifications.flush_outbox": {"soft_time_limit": 120, "time_limit": 150},
    "alerts.notify_immediate": {"soft_time_limit": 120, "time_limit": 150},
    "reminders.sweep": {"soft_time_limit": 600, "time_limit": 660},
    "alerts.sweep": {"soft_time_limit": 600, "time_limit": 660},
}
CELERY_BEAT_SCHEDULE: dict = {}

# The mail outbox (notifications/): retry backoff base and cap, attempts before giving up, and how long
# a row may stay 'sending' (a killed worker) before it is tried again; beat queues due rows each minute.
KT_OUTBOX_RETRY_BASE = env.int("KT_OUTBOX_RETRY_BASE", default=60)
KT_OUTBOX_RETRY_MAX = env.int("KT_OUTBOX_RETRY_MAX", default=6 * 3600)
KT_OUTBOX_MAX_ATTEMPTS = env.int("KT_OUTBOX_MAX_ATTEMPTS", default=10)
KT_OUTBOX_SENDING_TIMEOUT = env.int("KT_OUTBOX_SENDING_TIMEOUT", default=600)
CELERY_BEAT_SCHEDULE["outbox-flush"] = {"task": "notifications.flush_outbox", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["reminders-sweep"] = {"task": "reminders.sweep", "schedule": 300.0}
# Nightly incremental import of the Tweede Kamer open data (tkimport/), at 03:30.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["tk-import"] = {"task": "tkimport.import_tk", "schedule": crontab(hour=3, minute=30)}
KT_TK_ODATA_URL = env.str("KT_TK_ODATA_URL", default="https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/")
CELERY_BEAT_SCHEDULE["alerts-sweep"] = {"task": "alerts.sweep", "schedule": 600.0}  # alerts and digests
# Sign-ups for alerts (alerts/): per client address at most KT_ALERTS_SIGNUP_RATE; per e-mail address at
# most one confirmation mail per KT_ALERTS_CONFIRMATION_INTERVAL_HOURS. A request waits KT_ALERTS_CONFIRM_DAYS
# for confirmation (then it and its link expire; beat removes it at 04:15); a link to change settings
# works KT_ALERTS_MANAGE_DAYS (every alert mail brings a fresh one), unsubscribe and stop-all links
# KT_ALERTS_UNSUBSCRIBE_DAYS.
KT_ALERTS_SIGNUP_RATE = env.str("KT_ALERTS_SIGNUP_RATE", default="20/hour")
KT_ALERTS_CONFIRMATION_INTERVAL_HOURS = env.float("KT_ALERTS_CONFIRMATION_INTERVAL_HOURS", default=24)
KT_ALERTS_CONFIRM_DAYS = env.int("KT_ALERTS_CONFIRM_DAYS", default=3)
KT_ALERTS_MANAGE_DAYS = env.int("KT_ALERTS_MANAGE_DAYS", default=30)
KT_ALERTS_UNSUBSCRIBE_DAYS = env.int("KT_ALERTS_UNSUBSCRIBE_DAYS", default=365)
CELERY_BEAT_SCHEDULE["alerts-remove-expired"] = {
    "task": "alerts.remove_expired",
    "schedule": crontab(hour=4, minute=15),
}

# /healthz tells everyone only ok/503; staff and monitoring that sends "Authorization: Bearer <token>"
# also see the broker and the outbox backlog (tracker/health.py). Empty: staff only.
KT_HEALTHZ_TOKEN = env.str("KT_HEALTHZ_TOKEN", default="")


# Letter intake (letters/intake.py): the largest letter or decision memo (PDF or text) staff may upload.
KT_LETTER_UPLOAD_MAX_BYTES = int(env.float("KT_LETTER_UPLOAD_MAX_MB", default=20) * 1024 * 1024)
# The largest saved rappel page (senate.rappel); the text itself is held to parsing.rappel.MAX_TEXT_LENGTH.
KT_RAPPEL_UPLOAD_MAX_BYTES = int(env.float("KT_RAPPEL_UPLOAD_MAX_MB", default=5) * 1024 * 1024)
# Reading and analysis run in the worker; a PDF is read in a child process held to these limits.
KT_LETTER_PDF_MAX_PAGES = env.int("KT_LETTER_PDF_MAX_PAGES", default=100)
KT_LETTER_PDF_SECONDS = env.int("KT_LETTER_PDF_SECONDS", default=60)
KT_LETTER_PDF_MEMORY_MB = env.int("KT_LETTER_PDF_MEMORY_MB", default=768)
KT_LETTER_ANALYSIS_SECONDS = env.int("KT_LETTER_ANALYSIS_SECONDS", default=300)
# The open-data import fetches and analyses at most this many new letters' texts per run (newest first).
KT_LETTER_TEXTS_PER_RUN = env.int("KT_LETTER_TEXTS_PER_RUN", default=200)
CELERY_BEAT_SCHEDULE["letters-intake-requeue"] = {"task": "letters.requeue_intake_jobs", "schedule": 300.0}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# The JSON API (api/): public reads, token-authenticated writes scoped to the token user's ministry.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.ApiFilterBackend"],  # parameters checked against the schema
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("KT_API_ANON_RATE", default="120/minute")},
    "NUM_PROXIES": KT_TRUSTED_PROXIES,  # the throttle itself asks tracker/clients.py (api/throttling.py)
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kamertracker API",
    "DESCRIPTION": "Moties, toezeggingen en Kamerbrieven: openbare velden, met tijdlijn.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per status set, shared by the items' `status` and their transition's `to`.
    "ENUM_NAME_OVERRIDES": {
        "MotionStatusEnum": "motions.models.MotionStatus",
        "CommitmentStatusEnum": "commitments.models.CommitmentStatus",
        "LetterStatusEnum": "letters.models.LetterStatus",
    },
}

# Without Redis (bin/run, the tests) the cache is each process's memory: right for the page cache too,
# whose keys come from PostgreSQL (public/versions.py). Production uses Redis (production.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The cache of public pages, feeds and API reads (public/caching.py): keys made of the data versions
# (public/versions.py), so a committed change shows on the next request. KT_PAGE_CACHE_SECONDS bounds
# what an entry costs in the cache; KT_PAGE_MAX_AGE is how long a browser or proxy may reuse an anonymous
# answer without asking (it then revalidates with the ETag: a 304 when nothing changed).
KT_PAGE_CACHE = env.bool("KT_PAGE_CACHE", default=True)
KT_PAGE_CACHE_ALIAS = "default"
KT_PAGE_CACHE_SECONDS = env.int("KT_PAGE_CACHE_SECONDS", default=300)
KT_PAGE_MAX_AGE = env.int("KT_PAGE_MAX_AGE", default=10)
# Bytes of answers each process keeps in its own memory in front of the page cache (public/caching.py,
# LocalPages): 0 here, where the page cache is already this process's memory; production sets 32 MiB.
KT_PAGE_LOCAL_BYTES = env.int("KT_PAGE_LOCAL_BYTES", default=0)
