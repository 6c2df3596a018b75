"""Alongside settings: one module, configured from the environment.

Every value that differs between a laptop and production comes from an environment
variable read through the small helpers below, which fail loudly on malformed values
instead of guessing. `make run` sets the development defaults (DEBUG, a dev secret);
nothing here falls back to a literal secret in production.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from config.helplines import DEFAULT_CRISIS_LINES, DEFAULT_DOMESTIC_ABUSE_LINES
from config.helplines import normalise as normalise_helplines

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} must be valid JSON: {error}") from None


DEBUG = env_bool("DEBUG", False)
# Required in production. In DEBUG without one, a random key per process: sessions do not
# survive a restart, which is fine on a laptop and never a shared literal secret.
SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG) or get_random_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # allauth's MFA passkey list uses naturaltime (see TOOLCHAIN.md).
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    # Django's tasks framework (the django-tasks backport of django.tasks) and its
    # database backend's table, which exists whichever backend is chosen.
    "django_tasks",
    "django_tasks_db",
    "partners",
    "journal",
    "resources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partners.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partners.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partners.middleware.SessionLimitsMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "partners.middleware.PrivateCacheMiddleware",
    "partners.middleware.AdminQueryGuardMiddleware",
    "partners.middleware.MethodNotAllowedPageMiddleware",
    "partners.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "partners.context_processors.alongside",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections with health checks: a restarted PostgreSQL is noticed at the
    # start of the next request instead of failing it. (psycopg's pool would need
    # CONN_MAX_AGE=0; persistent connections keep gunicorn workers simple.) Our backend
    # looks at the idle socket before asking the server (config/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # psycopg prepares a statement on a connection once it has run this many times there,
    # so PostgreSQL stops planning it again: the couple query every signed-in request runs
    # spent 0.45 ms planning against 0.1 ms running (bench/findings.md). 0 turns it off,
    # for a pooler in transaction mode that cannot keep prepared statements (PgBouncer
    # before 1.21).
    _prepare_threshold = env_int("DB_PREPARE_THRESHOLD", 5)
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = _prepare_threshold or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits live here, so production needs a shared one) ------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "alongside",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Signed-in pages, kept in each process's own memory (partners/page_cache.py): whether a
# kept page is still true is read from the database, so nothing depends on sharing them.
CACHES["couple_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "couple-pages",
    # Pages are kept compressed (~8 KB each): 5,000 is ~40 MB per process at most.
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# "on", "off", or "verify" (each hit is also rendered afresh and compared: the tests).
COUPLE_PAGE_CACHE = env_str("COUPLE_PAGE_CACHE", "on")
if COUPLE_PAGE_CACHE not in ("on", "off", "verify"):
    raise ImproperlyConfigured("COUPLE_PAGE_CACHE must be on, off or verify.")

# --- Accounts (django-allauth does every sign-in concern) -----------------------------
AUTH_USER_MODEL = "partners.User"
# allauth's backend, which also loads the person's couple with them (one query).
AUTHENTICATION_BACKENDS = ["partners.auth_backend.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_ADAPTER = "partners.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "partners.forms.SignupForm",
    "login": "partners.forms.LoginForm",
    "change_password": "partners.forms.ChangePasswordForm",
    "reset_password_from_key": "partners.forms.ResetPasswordKeyForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# "Remember me" is the person's choice: remembered, a sign-in lasts 30 days; otherwise it
# ends with the browser or after 12 hours, and on a shared device after 2 hours unused
# (partners.middleware.SessionLimitsMiddleware).
ACCOUNT_SESSION_REMEMBER = None
SESSION_COOKIE_AGE = 30 * 24 * 3600
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Adding, removing or making primary an email address asks for the password again, as
# export and deletion do: a stolen session alone must not be enough to take the account.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Every change to the sign-in email, password or second factors is emailed (to the
# previous address when the address itself changes). allauth's own notifications.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # Ours, counted by allauth's limiter: invitation emails reach people who never
    # signed up, so a person may send only a few a day (partners.views.invitations).
    "invitation_email": "3/d/user",
}
# Behind a reverse proxy every request comes from the proxy's address, so one noisy
# client would trip the sign-in limits for everyone. Name how many proxies append to
# X-Forwarded-For, or a header the proxy sets to the client's address (never both, and
# only when the proxy overwrites it: a client can send either header itself). Off by
# default; the rate limits and the security log read the same address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alongside] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Alongside"
# Plain-http passkeys only on a developer's machine; production is https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or env_bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN")
# Sessions are recorded at sign-in (the "signed-in devices" page lists them with where and
# when they began). Tracking "last seen" would cost five queries and a write on every
# request, which the per-page query budget cannot afford.
USERSESSIONS_TRACK_ACTIVITY = False
if not USERSESSIONS_TRACK_ACTIVITY:
    # allauth's usersessions middleware only records that activity: without it, it checks
    # the setting on every request and does nothing (sign-ins are recorded by a signal).
    MIDDLEWARE.remove("allauth.usersessions.middleware.UserSessionsMiddleware")
# Session reads come from the cache (Redis in production) and fall back to the database,
# so a signed-in page does not pay a query for its session. (Django's cached_db, refusing
# forged keys before they reach the database: see partners/sessions.py.)
SESSION_ENGINE = "partners.sessions"

# --- Email: console in development, SMTP when EMAIL_HOST is set ------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alongside <hello@alongside.localhost>")

# --- Background tasks: every email leaves the request through Django's tasks framework --
# immediate: run in the process that enqueued them, after the commit (make run, tests);
# database: a row per task in PostgreSQL, run by `manage.py db_worker` (one machine);
# rq: RQ on Redis, run by `manage.py rqworker` on any number of machines.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        "default": {
            "URL": env_str("TASKS_REDIS_URL") or env_str("REDIS_URL", required=True),
            # A job that outlives this is killed by RQ; the email's own claim
            # (EMAIL_CLAIM_SECONDS) is longer, so another worker takes it over after.
            "DEFAULT_TIMEOUT": 180,
        }
    }
# How long a worker holds an email it is sending before another may take it over (a worker
# that died mid-send). Longer than any send can take, or a slow send could go out twice.
EMAIL_CLAIM_SECONDS = env_int("EMAIL_CLAIM_SECONDS", 300)
# Seconds to wait before each retry after the mail server failed; one more attempt than
# there are delays, then the email is recorded as failed for good (visible in the admin).
EMAIL_RETRY_DELAYS = env_list("EMAIL_RETRY_DELAYS", ["30", "120", "600", "1800", "3600"])
if not all(value.isdigit() for value in EMAIL_RETRY_DELAYS):
    raise ImproperlyConfigured("EMAIL_RETRY_DELAYS must be whole seconds separated by commas.")
EMAIL_RETRY_DELAYS = [int(value) for value in EMAIL_RETRY_DELAYS]
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

CSRF_FAILURE_VIEW = "partners.views.errors.csrf_failure"

# --- Crisis help shown on every page ---------------------------------------------------
# JSON lists of lines (see config/helplines.py for the shape); a deployment replaces them with
# the lines that serve its people. Defaults: shared/content/ketamine-facts.md sections 9, 9b.
CRISIS_LINES = normalise_helplines(env_json("CRISIS_LINES", DEFAULT_CRISIS_LINES), "CRISIS_LINES")
# Shown only to the person who says they are not safe at home; never to anyone else.
DOMESTIC_ABUSE_LINES = normalise_helplines(
    env_json("DOMESTIC_ABUSE_LINES", DEFAULT_DOMESTIC_ABUSE_LINES), "DOMESTIC_ABUSE_LINES"
)
# Where "Leave this page quickly" goes: an everyday site that gives nothing away.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security headers ------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: only for images: allauth draws the authenticator-app QR code as a data:
        # SVG. An image cannot run script, and article HTML never keeps data: URLs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "manifest-src": ["'self'"],
        # The service worker at /sw.js (journal/offline): the offline page with the crisis lines.
        "worker-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Logging: one line per event to stderr; LOG_FORMAT=json in production ----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.log_format.JsonFormatter"},
    },
    # Tokens in addresses (/for-clinic/<token>/, /invite/<token>/, calendar feeds) never reach
    # a log: redacted on the loggers that name paths, and on the handler for the rest.
    "filters": {"redact_secrets": {"()": "config.log_redact.RedactSecretsFilter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "line"),
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {"filters": ["redact_secrets"]},
        "django.security": {"filters": ["redact_secrets"]},
        # A logger's filter does not pass to its children: each of our loggers by name.
        "alongside.security": {"filters": ["redact_secrets"]},
        "partners.adapter": {"filters": ["redact_secrets"]},
        "partners.deliveries": {"filters": ["redact_secrets"]},
        "partners.views.health": {"filters": ["redact_secrets"]},
    },
}

# --- Alongside -------------------------------------------------------------------------
INVITATION_VALID_DAYS = 7
# Serve only clinically reviewed library articles (a deployment with clinical reviewers).
LIBRARY_CLINICAL_REVIEW_ONLY = env_bool("LIBRARY_CLINICAL_REVIEW_ONLY", False)
