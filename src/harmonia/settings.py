"""Django settings. Configuration comes from the environment (see README)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from harmonia.dburl import parse_database_url, sqlite_config

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("HARMONIA_VAR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("HARMONIA_DEBUG", "0") == "1"
# The embedded set-up serves on loopback; a deployment sets its own key and hosts.
SECRET_KEY = os.environ.get("HARMONIA_SECRET_KEY", "harmonia-local-only-insecure-key")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("HARMONIA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "harmonia.catalogue",
    "harmonia.accounts",
    "harmonia.adoptions",
    "harmonia.analytics",
    "harmonia.search",
    "harmonia.committees",
    "harmonia.projects",
    "harmonia.ballots",
    "harmonia.comments",
    "harmonia.reviews",
    "harmonia.training",
    "harmonia.alerts",
    "harmonia.work",
    "harmonia.operations",
]

MIDDLEWARE = [
    "harmonia.operations.telemetry.RequestTelemetryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "harmonia.accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "harmonia.accounts.middleware.BodySizeMiddleware",
    "harmonia.accounts.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "harmonia.accounts.middleware.ApiTokenMiddleware",
    "harmonia.accounts.middleware.RateLimitMiddleware",
    "harmonia.accounts.middleware.TwoFactorMiddleware",
    "harmonia.accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Innermost: a page answered from the cache still passes every layer above.
    "harmonia.responsecache.ResponseCacheMiddleware",
]

ROOT_URLCONF = "harmonia.urls"
WSGI_APPLICATION = "harmonia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "harmonia.navigation.nav",
            ],
            "builtins": ["harmonia.display"],
        },
    },
]

_url = os.environ.get("DATABASE_URL", "").strip()
DATABASES = {
    "default": parse_database_url(_url) if _url else sqlite_config(VAR_DIR / "harmonia.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# argon2id for new and re-hashed passwords; older hashes still verify and are upgraded
# at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("vi", _("Vietnamese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["harmonia.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Numbers are never grouped by default, so ids, years and codes stay as written; quantities
# are grouped by the interface language through harmonia.numbers (the `qty` filter).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"

# tantivy (embedded) or postgres; unset: postgres on a PostgreSQL database, else tantivy.
SEARCH_BACKEND = os.environ.get("HARMONIA_SEARCH_BACKEND", "")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Served by whitenoise straight from the package: no collectstatic step, no CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/work/"
LOGOUT_REDIRECT_URL = "/"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}: not a whole number: {raw!r}")
    return int(raw)


# -- backups and readiness ---------------------------------------------------------------
# HARMONIA_BACKUP_DIR: where backups go; when set, the worker takes one a day (empty:
# var/backups, and no scheduled backups). /readyz fails past these limits.
BACKUP_DIR = os.environ.get("HARMONIA_BACKUP_DIR", "").strip()
READY_SEARCH_LAG_SECONDS = _env_int("HARMONIA_READY_SEARCH_LAG", 600)
READY_BACKUP_HOURS = _env_int("HARMONIA_READY_BACKUP_HOURS", 26)
# /metrics answers the machine itself (loopback) and whoever sends this bearer token;
# anyone else gets 404.
METRICS_TOKEN = os.environ.get("HARMONIA_METRICS_TOKEN", "").strip()


# -- sessions, cookies and HTTPS --------------------------------------------------------
# HARMONIA_HTTPS=1 when the site is served over HTTPS (directly or behind a proxy):
# cookies are then sent over HTTPS only and browsers are told to use nothing else.
HTTPS = os.environ.get("HARMONIA_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = _env_int("HARMONIA_SESSION_SECONDS", 8 * 3600)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = HTTPS and os.environ.get("HARMONIA_SSL_REDIRECT", "1") == "1"
if os.environ.get("HARMONIA_PROXY_SSL_HEADER", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HARMONIA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# How many X-Forwarded-For entries your own proxies add (0: no proxy, use the peer).
TRUSTED_PROXY_HOPS = _env_int("HARMONIA_TRUSTED_PROXY_HOPS", 0)

# -- sign-in limits ---------------------------------------------------------------------
LOGIN_FAILURES_PER_ACCOUNT = _env_int("HARMONIA_LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = _env_int("HARMONIA_LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_SECONDS = _env_int("HARMONIA_LOGIN_LOCKOUT_SECONDS", 15 * 60)
PLATFORM_ADMIN_TOTP_REQUIRED = True
PASSWORD_RESET_TIMEOUT = 24 * 3600
INVITATION_DAYS = _env_int("HARMONIA_INVITATION_DAYS", 14)

# -- rate limits: (requests, per seconds); 0 requests turns a limit off -----------------
RATE_LIMITS = {
    "api": (_env_int("HARMONIA_RATE_API", 600), 60),
    "api_token": (_env_int("HARMONIA_RATE_API_TOKEN", 3000), 60),
    "forms": (_env_int("HARMONIA_RATE_FORMS", 30), 60),
    "search": (_env_int("HARMONIA_RATE_SEARCH", 1200), 60),
    # Public comments on an enquiry, per address, on top of "forms".
    "enquiry": (_env_int("HARMONIA_RATE_ENQUIRY", 10), 3600),
}
# The counters (and any cache) are shared by every process: in Redis when
# HARMONIA_REDIS_URL is set, else in a SQLite file of their own under var/cache/ that the
# processes of this machine share (several machines need Redis). Sign-in lockout is kept
# in the database.
REDIS_URL = os.environ.get("HARMONIA_REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "harmonia",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "harmonia.sharedcache.SharedFileCache", "LOCATION": ""}}

# -- uploads ----------------------------------------------------------------------------
UPLOAD_MAX_BYTES = _env_int("HARMONIA_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# -- e-mail -----------------------------------------------------------------------------
# HARMONIA_SMTP_URL=smtp://user:password@host:587?tls=1 (or ssl=1); without it, mail is
# written to var/mail/ so the embedded set-up needs no mail server.
DEFAULT_FROM_EMAIL = os.environ.get("HARMONIA_MAIL_FROM", "Harmonia <harmonia@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_smtp = os.environ.get("HARMONIA_SMTP_URL", "").strip()
if _smtp:
    from harmonia.dburl import parse_smtp_url

    globals().update(parse_smtp_url(_smtp))
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = 20

# text: warnings and errors as plain lines. json: one JSON line per request (request
# id, route, status, duration, user id) and per job, and the warnings, for a collector.
LOG_FORMAT = os.environ.get("HARMONIA_LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"HARMONIA_LOG_FORMAT: {LOG_FORMAT!r} is neither text nor json")
_activity = "INFO" if LOG_FORMAT == "json" else "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "harmonia.operations.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"level": "WARNING"},
        "harmonia.requests": {"level": _activity},
        "harmonia.jobs": {"level": _activity},
    },
}
NINJA_PAGINATION_PER_PAGE = 50


# Ballot periods in weeks over the BallotType table, e.g. HARMONIA_BALLOT_WEEKS=fdis=6
# (ISO now gives FDIS ballots 6 weeks; the stage code table still says 8).
def _ballot_weeks(raw: str) -> dict[str, int]:
    out = {}
    for part in filter(str.strip, raw.split(",")):
        slug, _sep, weeks = (x.strip() for x in part.partition("="))
        if not slug or not weeks.isdigit() or not 0 < int(weeks) < 100:
            raise ImproperlyConfigured(
                f"HARMONIA_BALLOT_WEEKS: {part.strip()!r} is not TYPE=WEEKS (e.g. fdis=6)"
            )
        out[slug] = int(weeks)
    return out


BALLOT_WEEKS = _ballot_weeks(os.environ.get("HARMONIA_BALLOT_WEEKS", ""))

# -- background jobs and alerts ----------------------------------------------------------
# Unset: jobs wait in the database for `harmonia worker`. redis://host:6379/0: the same
# jobs go through Redis with RQ, and `harmonia worker` runs them. HARMONIA_REDIS_URL,
# when set, is the default.
QUEUE_URL = os.environ.get("HARMONIA_QUEUE_URL", "").strip() or REDIS_URL
# How long a worker holds a job or an e-mail before another may take it over.
JOB_LEASE_SECONDS = _env_int("HARMONIA_JOB_LEASE_SECONDS", 300)
MAIL_LEASE_SECONDS = _env_int("HARMONIA_MAIL_LEASE_SECONDS", 3 * EMAIL_TIMEOUT)
# The address links in e-mails and feeds start with (no request is at hand in a worker).
SITE_URL = os.environ.get("HARMONIA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
