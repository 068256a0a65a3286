"""One settings module, driven by environment variables (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Published in this repository: only ever good for DEBUG on (development, tests).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is false but DJANGO_SECRET_KEY is "
        + ("missing" if not SECRET_KEY else "the development key published in the repository")
        + ": set DJANGO_SECRET_KEY to 50+ random characters, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Links in messages: by default the port `make run` serves on (PORT), so they work locally.
SITE_URL = env("SITE_URL", default=f"http://localhost:{env('PORT', default='8000')}")
DASHBOARD_POLL_SECONDS = env.int("DASHBOARD_POLL_SECONDS", default=10)

INSTALLED_APPS = [
    # django.contrib.admin, its site recording changes to AUDITED_MODELS (audit.site).
    "audit.admin_app.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "template_partials",
    "incidents",
    "escalation",
    "runbooks",
    "notifications",
    "communications",
    "schedules",
    "alerts",
    "reviews",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "incidents.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into incidents.views.lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "incidents.context_processors.navigation",
                "escalation.context_processors.sweep_health",
                "notifications.context_processors.dev_inbox",
            ],
        },
    },
]

# --- Database: SQLite embedded by default, PostgreSQL when DATABASE_URL is set.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker share the file: WAL, a busy timeout and
    # immediate transactions keep them from tripping over "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "config.postgres"  # health check spared when busy
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured, local memory otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="incidents"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling (django-axes), the admin login included: after AXES_FAILURE_LIMIT
# failures for one username from one IP address, that pair is locked out for the
# cool-off; each try during it starts it again. `manage.py axes_reset` unlocks everyone.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)  # lockouts are logged either way
AXES_LOCKOUT_CALLABLE = "incidents.views.lockout.locked_out"
# Behind a proxy (docker compose behind TLS): how many proxies put X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "incidents:dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time: the team writes pt-BR; each user may switch.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="pt-br")
LANGUAGES = [("pt-br", _("Portuguese (Brazil)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="America/Sao_Paulo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))

# --- Email (Django's backend; SMTP from the environment in production)
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="incidents@localhost")

# --- Celery: a broker that needs no server by default, Redis when configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Celery as it should be run: the SLA sweep is one static beat entry (run exactly
# ONE beat process; a second one by mistake is harmless, every firing is claimed in
# the database). Tasks are idempotent, so a message is acked only after it ran and
# is given back when the worker dies; one message prefetched at a time.
ESCALATION_SWEEP_SECONDS = env.float("ESCALATION_SWEEP_SECONDS", default=5.0)
# How many real seconds an SLA "minute" lasts. 60 in production; tests scale it down.
SLA_MINUTE_SECONDS = env.float("SLA_MINUTE_SECONDS", default=60.0)
# One sweep keeps taking batches while they come back full, for at most this long.
ESCALATION_SWEEP_BUDGET_SECONDS = env.float("ESCALATION_SWEEP_BUDGET_SECONDS", default=20.0)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = {
    "sweep": {"routing_key": "sweep"},
    "notifications": {"routing_key": "notifications"},
    "default": {"routing_key": "default"},
}
CELERY_TASK_ROUTES = {
    "escalation.tasks.*": {"queue": "sweep"},
    "notifications.*": {"queue": "notifications"},
}
CELERY_BEAT_SCHEDULE = {
    "escalation-sweep": {
        "task": "escalation.tasks.sweep",
        "schedule": ESCALATION_SWEEP_SECONDS,
        # A sweep that waited longer than one interval is dropped: the next one
        # reads the same truth from the database.
        "options": {"expires": max(ESCALATION_SWEEP_SECONDS, 1.0)},
    }
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)

# --- Notifications: paging channels (README, "Paging providers"). Secrets only from env.
SLACK_WEBHOOK_URL = env("SLACK_WEBHOOK_URL", default="")
SMS_PROVIDER_URL = env("SMS_PROVIDER_URL", default="")
SMS_PROVIDER_TOKEN = env("SMS_PROVIDER_TOKEN", default="")
VOICE_PROVIDER_URL = env("VOICE_PROVIDER_URL", default="")
VOICE_PROVIDER_TOKEN = env("VOICE_PROVIDER_TOKEN", default=SMS_PROVIDER_TOKEN)
NOTIFICATION_HTTP_CONNECT_TIMEOUT = env.float("NOTIFICATION_HTTP_CONNECT_TIMEOUT", default=3.0)
NOTIFICATION_HTTP_READ_TIMEOUT = env.float("NOTIFICATION_HTTP_READ_TIMEOUT", default=10.0)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=3)
NOTIFICATION_RETRY_BASE_SECONDS = env.float("NOTIFICATION_RETRY_BASE_SECONDS", default=10.0)
NOTIFICATION_RETRY_FACTOR = env.float("NOTIFICATION_RETRY_FACTOR", default=3.0)
NOTIFICATION_RETRY_CAP_SECONDS = env.float("NOTIFICATION_RETRY_CAP_SECONDS", default=300.0)
NOTIFICATION_SENDING_TIMEOUT_SECONDS = env.int("NOTIFICATION_SENDING_TIMEOUT_SECONDS", default=120)
NOTIFICATION_SWEEP_GRACE_SECONDS = env.int("NOTIFICATION_SWEEP_GRACE_SECONDS", default=30)
# Who is tried when paging a person: each stage is sent together; the next stage
# starts when every message of the previous one failed (or had no address).
# DEBUG installs with no provider set deliver Slack, SMS and voice to the dev inbox
# (notifications.devinbox, menu "Dev inbox") instead of failing; never without DEBUG.
NOTIFICATION_DEV_INBOX = env.bool("NOTIFICATION_DEV_INBOX", default=True)
PAGING_CHANNEL_STAGES = [["slack"], ["email", "sms"], ["voice"]]
# Each person's notification rules start from these, by severity: {channel: minutes after the
# page}. The 0-minute channels are the page; each later one fires while still unacknowledged
# (in SLA minutes, see SLA_MINUTE_SECONDS). People edit theirs on the preferences page.
PAGING_DEFAULT_RULES = {
    "P0": {"slack": 0, "sms": 3, "voice": 6},
    "P1": {"slack": 0, "sms": 3, "voice": 6},
    "P2": {"slack": 0, "sms": 15},
    "P3": {"slack": 0},
}
# An acknowledge link in a page works this long, once.
ACK_LINK_TTL_SECONDS = env.int("ACK_LINK_TTL_SECONDS", default=3600)

# --- Logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own console handler would print every line a second time.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # django-axes says every login and reset at INFO; lockouts still come through.
        "axes": {"level": "WARNING"},
    },
}

# --- Production hardening: on whenever DEBUG is off.
if not DEBUG:
    # gunicorn serves the collected static files itself: the dashboard must work when the
    # internet (and any CDN) is what is down.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# GET /metrics (Prometheus): a scraper sends "Authorization: Bearer $METRICS_TOKEN", or
# scrapes from one of these networks (CIDR). Neither: nobody (404).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])

# Admin changes to these models are recorded append-only (who, when, before, after) in the
# audit log that managers read at /audit/ (audit.site). Add your app's models here.
AUDITED_MODELS = [
    "incidents.SeverityPolicy",
    "incidents.Role",
    "incidents.Profile",
    "escalation.OnCallShift",
    "alerts.Integration",
    "alerts.RoutingRule",
    "communications.MessageTemplate",
    "communications.AudienceList",
    "communications.CadencePolicy",
    "communications.PublicUpdate",
    "communications.IncidentComms",
    "runbooks.ServiceEndpoint",
    "auth.User",
    "auth.Group",
]

# --- Content-Security-Policy (django-csp). Scripts only from our static files or inline
# with the page's nonce (README, "Security": <script nonce="{{ request.csp_nonce }}">); no
# eval (htmx runs with allowEval off, see base.html). Inline style attributes are allowed
# (a progress bar's width); <style> blocks and stylesheets only from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page here uses, switched off (config.middleware).
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    default="accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()",
)

# --- Extension points and the product settings of the apps: config/extension_points.py.
from .extension_points import *  # noqa: E402, F403

# --- Alert intake (alerts/): the per-integration rate limit's Redis (REDIS_URL by default).
ALERTS_RATE_LIMIT_REDIS_URL = env("ALERTS_RATE_LIMIT_REDIS_URL", default=REDIS_URL)
