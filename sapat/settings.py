"""Sapat's settings, driven by the environment.

- `DATABASE_URL` selects the database (`sqlite:///path` or `postgres://…`); unset, it is
  the SQLite file `var/sapat.sqlite3` in the project folder.
- `DJANGO_ENV=production` turns on the production settings: DEBUG off, secure cookies,
  HSTS, and a `SECRET_KEY` that must come from the environment.
- `SAPAT_DATA_DIR` moves `var/` (database, uploads, collected static) elsewhere.
"""
import os
from pathlib import Path

import dj_database_url

from sapat import deployment

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("SAPAT_DATA_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


if PRODUCTION:
    # Production must be given its secret; a default here would be a shared secret.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production settings (DJANGO_ENV=production) need a long "
            "random SECRET_KEY in the environment; make one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'"
        )
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "sapat-development-only-not-a-secret")
    DEBUG = os.environ.get("DEBUG", "1") == "1"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "sapat.lib",
    "sapat.org",
    "sapat.approvals",
    "sapat.inbox",
    "sapat.search",
    "sapat.processes",
    "sapat.risks",
    "sapat.audits",
    "sapat.documents",
    "sapat.improvement",
    "sapat.meetings",
    "sapat.reviews",
    "sapat.reports",
    "sapat.dashboards",
    "sapat.demo",
    "sapat.api",
    "sapat.synth",
    "sapat.accounts",
    # Background jobs: Django's tasks interface (django.tasks in Django 6) through its
    # backport, the database queue, and sapat.jobs (the registry, progress, downloads).
    "django_tasks",
    "django_tasks_db",
    "sapat.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL character in any input: 400 with a message, never a query that fails (500).
    "sapat.lib.nul.RefuseNulMiddleware",
    # A setting several parts of one page read is read once a request (sapat.lib.request_memo).
    "sapat.lib.request_memo.RequestMemoMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sapat.lib.middleware.SecurityHeadersMiddleware",
    # A database that cannot be reached answers 503 "try again in a minute", not 500.
    "sapat.lib.unavailable.DatabaseUnavailableMiddleware",
    # Axes comes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sapat.urls"
WSGI_APPLICATION = "sapat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sapat.org.context_processors.navigation",
            ],
        },
    },
]

if not PRODUCTION:
    # Whitenoise and SQLite want their folders to exist; production creates its own.
    (DATA_DIR / "static").mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sapat.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer writes; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that hangs (packets dropped, a server frozen) must fail like one that
    # refuses: a worker gives up on connecting after SAPAT_DB_CONNECT_TIMEOUT seconds,
    # notices a silent peer by TCP keepalives and unacknowledged sends, and a statement
    # runs at most SAPAT_DB_STATEMENT_TIMEOUT seconds (set for the web server by
    # sapat/wsgi.py, below gunicorn's 30 s; unset, e.g. for backups, it is unlimited).
    # The OperationalError that follows answers 503 (sapat/lib/unavailable.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(deployment.postgres_timeouts())

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.Person"

# Sign-in with the university's accounts (LDAP / Active Directory, OpenID Connect) besides
# Sapat's own passwords; all of it from the environment (sapat/accounts/config.py).
from sapat.accounts.config import backends, ldap_from_env, oidc_from_env  # noqa: E402

SAPAT_LDAP = ldap_from_env(os.environ)
SAPAT_OIDC = oidc_from_env(os.environ)
AUTHENTICATION_BACKENDS = backends(SAPAT_LDAP, SAPAT_OIDC)
SAPAT_INVITATION_DAYS = int(os.environ.get("SAPAT_INVITATION_DAYS", "14"))
SAPAT_QMS_CONTACT = os.environ.get("SAPAT_QMS_CONTACT", "")
PASSWORD_RESET_TIMEOUT = int(float(os.environ.get("SAPAT_PASSWORD_RESET_HOURS", "24")) * 3600)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures, per user name and address together, so that one
# person mistyping cannot lock out a whole campus behind one NAT address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A directory that is down, or a sign-in with no password, is no guess (accounts/lockout.py).
AXES_WHITELIST_CALLABLE = "sapat.accounts.lockout.not_a_password_guess"

# Languages: Kyrgyz first and default; Russian and English complete.
LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bishkek"
FORMAT_MODULE_PATH = ["sapat.formats"]
LANGUAGE_COOKIE_NAME = "sapat_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SAPAT_MEDIA_ROOT", DATA_DIR / "media"))
# State that several app servers and job workers share (sapat/deployment.py): files on
# storage every server reaches, the cache and sessions in the database or Redis, the job
# queue in the database or RQ. Each part is switched by one environment variable.
STORAGES = deployment.storages(production=PRODUCTION)
CACHES = deployment.caches(data_dir=DATA_DIR)
SESSION_ENGINE = deployment.session_engine()
TASKS = deployment.tasks()
RQ_QUEUES = deployment.rq_queues()
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# Jobs (sapat/jobs): exports of more rows than this run in the background with a progress
# bar; finished files are kept this many hours in "my downloads"; a person may have this
# many heavy jobs waiting or running at once; a running job that has not reported for
# this many seconds is taken to be dead (retried once, then marked failed).
SAPAT_EXPORT_JOB_ROWS = int(os.environ.get("SAPAT_EXPORT_JOB_ROWS", "500"))
SAPAT_IMPORT_JOB_ROWS = int(os.environ.get("SAPAT_IMPORT_JOB_ROWS", "100"))
SAPAT_DOWNLOADS_KEEP_HOURS = float(os.environ.get("SAPAT_DOWNLOADS_KEEP_HOURS", "72"))
SAPAT_JOBS_PER_PERSON = int(os.environ.get("SAPAT_JOBS_PER_PERSON", "2"))
SAPAT_JOB_LEASE_SECONDS = int(os.environ.get("SAPAT_JOB_LEASE_SECONDS", "60"))
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sapat@localhost")
# The address people open Sapat at (https://qms.jasu.kg): links in e-mails start with it.
# Reminders refuse to go out without it in production (a relative link cannot be opened).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not PRODUCTION and "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Demo mode creates the demo people with the password "demo"; it is never on in production.
SAPAT_DEMO = not PRODUCTION and os.environ.get("SAPAT_DEMO", "1") == "1"
SAPAT_UNIVERSITY_NAME = os.environ.get("SAPAT_UNIVERSITY_NAME", "")

REST_FRAMEWORK = {
    # Personal tokens for programs, the session for the browser (docs' "Try it out").
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sapat.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: the browsable renderer needs inline script, which the CSP forbids;
    # the docs at /api/v1/docs/ serve people instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "sapat.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "sapat.api.exceptions.handle",
    "DEFAULT_THROTTLE_CLASSES": [
        "sapat.api.ratelimit.AnonThrottle",
        "sapat.api.ratelimit.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("SAPAT_API_ANON_RATE", "60/min"),
        "user": os.environ.get("SAPAT_API_USER_RATE", "6000/min"),
        "tokens": os.environ.get("SAPAT_API_TOKEN_RATE", "20/hour"),
        "login": os.environ.get("SAPAT_LOGIN_RATE", "30/min"),
        "password_reset": os.environ.get("SAPAT_PASSWORD_RESET_RATE", "3/hour"),
        "password_reset_ip": os.environ.get("SAPAT_PASSWORD_RESET_IP_RATE", "20/hour"),
    },
    "NUM_PROXIES": int(os.environ["SAPAT_NUM_PROXIES"]) if "SAPAT_NUM_PROXIES" in os.environ
    else None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sapat API",
    "DESCRIPTION": (
        "The REST API of Sapat, a university's ISO 9001 quality management system. "
        "Authenticate with a personal token from your profile page "
        "(`Authorization: Token <key>`). Every endpoint applies the same permissions as "
        "the screens. Updates carry the record's `version` (optimistic locking: a stale "
        "one gets 409 with the current record). Errors are JSON naming the field, in the "
        "language of `Accept-Language` (ky, ru, en)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the drf-spectacular-sidecar wheel: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RiskStatusEnum": "sapat.risks.models.Risk.Status",
        "OpportunityStatusEnum": "sapat.risks.models.Opportunity.Status",
        "MeasureStatusEnum": "sapat.risks.models.Measure.Status",
        "UnitKindEnum": "sapat.org.models.Unit.Kind",
        "PeriodKindEnum": "sapat.org.models.Period.Kind",
        "DocumentLanguageEnum": "sapat.documents.models.Language",
        "RoleEnum": "sapat.org.models.Role",
        "MeetingStatusEnum": "sapat.meetings.models.Meeting.Status",
        "BodyKindEnum": "sapat.meetings.models.Body.Kind",
        "ActionStatusChangeEnum": ["planned", "in_progress", "cancelled"],
        "ReviewOutputKindEnum": "sapat.reviews.models.ReviewOutput.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

