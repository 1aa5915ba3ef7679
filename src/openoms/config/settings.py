"""Django settings for OpenOMS.

Everything a deployment changes comes from ``OPENOMS_*`` environment variables; the defaults run the
embedded demo (SQLite in the data folder). See docs/operations.md for the full list.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from openoms.core.secrets import load_keys as load_secrets_keys


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("OPENOMS_DATA_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> tuple[str, str]:
    """The secret key from the environment, else one generated once into the data folder."""
    from_env = os.environ.get("OPENOMS_SECRET_KEY", "").strip()
    if from_env:
        return from_env, "environment"
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip(), "data-folder"


SECRET_KEY, SECRET_KEY_SOURCE = _secret_key()
# Keys that encrypt secrets at rest (channel credentials): see openoms.core.secrets.
OPENOMS_SECRETS_KEYS, OPENOMS_SECRETS_KEYS_SOURCE = load_secrets_keys(DATA_DIR)
DEBUG = _env_bool("OPENOMS_DEBUG", False)
ALLOWED_HOSTS = _env_list("OPENOMS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("OPENOMS_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "openoms.core",
    "openoms.tenancy",
    "openoms.activity",
    "openoms.catalog",
    "openoms.inventory",
    "openoms.channels",
    "openoms.orders",
    "openoms.purchasing",
    "openoms.automation",
    "openoms.sync",
    "openoms.privacy",
    "openoms.api",
    "openoms.web",
    "openoms.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "openoms.config.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openoms.api.middleware.ApiBodySizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openoms.web.middleware.CurrentAccountMiddleware",
]

ROOT_URLCONF = "openoms.config.urls"
WSGI_APPLICATION = "openoms.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openoms.web.context.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("OPENOMS_DATABASE_URL", f"sqlite:///{DATA_DIR / 'openoms.sqlite3'}"),
        conn_max_age=int(os.environ.get("OPENOMS_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "tenancy.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Sessions end after 8 idle hours, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("OPENOMS_SESSION_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Cookies are Secure on every HTTPS request (config/security_headers.py); OPENOMS_SECURE_COOKIES=1
# makes them Secure always. Behind a TLS proxy, OPENOMS_PROXY_SSL_HEADER names the header the
# proxy sets to "https" (e.g. X-Forwarded-Proto), so Django knows the request was HTTPS.
SESSION_COOKIE_SECURE = _env_bool("OPENOMS_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
_PROXY_SSL_HEADER = os.environ.get("OPENOMS_PROXY_SSL_HEADER", "").strip()
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = int(os.environ.get("OPENOMS_HSTS_SECONDS", "0"))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Repeated failed logins for one e-mail, and from one address, are throttled separately; an
# address lock refuses only e-mails that failed themselves (tenancy/services/login.py).
OPENOMS_LOGIN_MAX_FAILURES = int(os.environ.get("OPENOMS_LOGIN_MAX_FAILURES", "5"))
OPENOMS_LOGIN_ADDRESS_MAX_FAILURES = int(
    os.environ.get("OPENOMS_LOGIN_ADDRESS_MAX_FAILURES", str(4 * OPENOMS_LOGIN_MAX_FAILURES))
)
OPENOMS_LOGIN_LOCK_SECONDS = int(os.environ.get("OPENOMS_LOGIN_LOCK_SECONDS", "900"))
# Behind a reverse proxy, the header that carries the client's address (e.g. X-Forwarded-For);
# only set it when the proxy overwrites that header, or clients could forge their address.
OPENOMS_CLIENT_IP_HEADER = os.environ.get("OPENOMS_CLIENT_IP_HEADER", "").strip()

# API request bodies above this size are refused with 413 before they are read.
OPENOMS_API_MAX_BODY_BYTES = int(
    os.environ.get("OPENOMS_API_MAX_BODY_BYTES", str(20 * 1024 * 1024))
)
# Webhook bodies (Shopify, ShipBob) above this size are refused with 413; no more is ever read.
OPENOMS_WEBHOOK_MAX_BODY_BYTES = int(
    os.environ.get("OPENOMS_WEBHOOK_MAX_BODY_BYTES", str(2 * 1024 * 1024))
)
# The address the channels reach OpenOMS at (e.g. https://oms.example.com): Import Orders
# subscribes the store's order webhooks to <it>/webhooks/shopify/<channel id>/; unset: no webhooks.
OPENOMS_PUBLIC_URL = os.environ.get("OPENOMS_PUBLIC_URL", "").strip().rstrip("/")
# Only refresh an API key's "last used" time when it is older than this, to spare a write per call.
OPENOMS_API_KEY_TOUCH_SECONDS = int(os.environ.get("OPENOMS_API_KEY_TOUCH_SECONDS", "60"))
DATA_UPLOAD_MAX_MEMORY_SIZE = OPENOMS_API_MAX_BODY_BYTES
# Uploaded import files (CSV) above this size are refused before anything is read.
OPENOMS_IMPORT_MAX_BYTES = int(os.environ.get("OPENOMS_IMPORT_MAX_BYTES", str(32 * 1024 * 1024)))
# Uploaded files are deleted this many days after upload (activity/retention.py); 0 keeps them.
OPENOMS_UPLOAD_RETENTION_DAYS = int(os.environ.get("OPENOMS_UPLOAD_RETENTION_DAYS", "30"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "OPENOMS_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = _env_bool("OPENOMS_STATIC_FROM_FINDERS", False)

# Recurring jobs (docs/operations.md): a running run beats every HEARTBEAT seconds; one silent
# for STALE seconds lost its worker. Unexpected failures retry MAX_ATTEMPTS times, RETRY seconds
# apart, doubling each time.
OPENOMS_JOB_HEARTBEAT_SECONDS = float(os.environ.get("OPENOMS_JOB_HEARTBEAT_SECONDS", "15"))
OPENOMS_JOB_STALE_SECONDS = float(os.environ.get("OPENOMS_JOB_STALE_SECONDS", "120"))
OPENOMS_JOB_MAX_ATTEMPTS = int(os.environ.get("OPENOMS_JOB_MAX_ATTEMPTS", "3"))
OPENOMS_JOB_RETRY_SECONDS = float(os.environ.get("OPENOMS_JOB_RETRY_SECONDS", "30"))
# The PII Redaction job redacts this many orders per transaction (docs/privacy.md).
OPENOMS_PII_REDACTION_BATCH = int(os.environ.get("OPENOMS_PII_REDACTION_BATCH", "200"))

# Inventory sync (docs/inventory-sync.md): a change waits up to WINDOW seconds in the outbox so
# the changes after it travel in the same call (a full batch of 250 goes at once).
OPENOMS_PUSH_WINDOW_SECONDS = float(os.environ.get("OPENOMS_PUSH_WINDOW_SECONDS", "2"))
# A failed push waits RETRY seconds, doubled each attempt (at most 15 minutes).
OPENOMS_PUSH_RETRY_SECONDS = float(os.environ.get("OPENOMS_PUSH_RETRY_SECONDS", "5"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("OPENOMS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":  # scale-out on Redis (operations.md)
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {
        "default": {"URL": os.environ.get("OPENOMS_REDIS_URL", "redis://127.0.0.1:6379/0")}
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # A refused request (403, 404) is one WARNING line with its reason, not a traceback.
    "filters": {"client_errors": {"()": "openoms.config.log_filters.ClientErrorsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENOMS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # one INFO line per HTTP call to a channel drowns the log; connectors report as Events
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "django.request": {"filters": ["client_errors"]},
    },
}
