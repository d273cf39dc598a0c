"""One settings module, driven by environment variables (see .env.example).

A bad value fails loudly at start-up rather than being silently replaced by a default.
"""

import datetime
import os
import re
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from .env without overriding the real environment."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_load_dotenv(PROJECT_DIR / ".env")


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


_RATE = re.compile(r"[1-9]\d*/\d*[smhd]")


def env_rate(name: str, default: str) -> str:
    """A rate limit "N/period": 5/h, 30/10m, 100/d (core.throttle reads it)."""
    raw = env(name, default).strip()
    if not _RATE.fullmatch(raw):
        raise ImproperlyConfigured(f"{name} must look like 5/h or 30/10m, not {raw!r}")
    return raw


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Under pytest a throw-away key is fine; anywhere else a missing key is a configuration error.
TESTING = "pytest" in sys.modules
HTTPS = env_bool("HTTPS", False)
VAR_DIR = Path(env("PHOIHOP_VAR_DIR", str(PROJECT_DIR / "var")))
SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "phoihop.core.views.csrf_failure"
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "phoihop.core",  # before django_tasks_db: its `db_worker` command wraps the library's
    # Django's widget templates, found by FORM_RENDERER through TEMPLATES; after phoihop.core,
    # whose django/forms/widgets/select.html replaces the one with an include per option.
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "phoihop.org",
    "phoihop.reviews",
    "phoihop.directives",
    "phoihop.library",
    "phoihop.plans",
    "phoihop.reporting",
    "phoihop.cases",
    "phoihop.missions",
    "phoihop.practices",
    "phoihop.events",
    "phoihop.media",
    "phoihop.dashboard",
    # Listed so the API docs page uses ninja's bundled Swagger UI files instead of a CDN; after
    # phoihop.core, whose ninja/swagger.html adds the mobile viewport.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise so static files carry the policy too; a CSP a view set itself (the
    # sandbox of file downloads) is kept.
    "csp.middleware.CSPMiddleware",
    "phoihop.core.csp.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the interface is Vietnamese whatever the browser asks for, until a
    # complete second catalogue exists (an English browser got English validation messages
    # inside Vietnamese pages).
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "phoihop.core.middleware.RequestContextMiddleware",
    "phoihop.org.middleware.TwoFactorMiddleware",
    "phoihop.core.throttle.ThrottleMiddleware",
    "phoihop.core.middleware.BoundaryMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phoihop.urls"
WSGI_APPLICATION = "phoihop.wsgi.application"

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
                "django.template.context_processors.i18n",
                "phoihop.core.context_processors.site",
            ],
            "builtins": ["phoihop.core.templatetags.dates"],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# The open-deadline index of tasks carries the plan as a covering column on PostgreSQL (ADR 0012);
# SQLite builds the same index without it, which is all a laptop's database needs (W040). The
# current-structure roll-ups' unique cell constraint covers its parts on PostgreSQL (ADR 0023);
# SQLite skips it, and a cell stays unique there because its one writer
# (reporting/structure.py) deletes a cell's row before inserting it again (W039).
SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W039"]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'phoihop.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker and the web server write without "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    # django-axes refuses a locked-out sign-in before any password is checked, then Django's own.
    "phoihop.core.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
# Two-factor sign-in (django-otp, TOTP + recovery codes). System and organisation administrators
# must set it up before they can do anything else (org.middleware.TwoFactorMiddleware).
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS", True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "phoihop")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows a TOTP secret
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # locale/vi rewords Django's own messages naturally
# dd/mm/yyyy everywhere (phoihop/formats/vi/formats.py), not Django's "Ngày 1 tháng 7 năm 2025".
FORMAT_MODULE_PATH = ["phoihop.formats"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Where uploaded files are kept (through Django's storage API): the MEDIA_ROOT folder, or any
# S3-compatible store (AWS S3, MinIO, Ceph, a Vietnamese cloud's object storage) through
# django-storages. Files are always served by the application after a permission check, never
# by a public bucket URL.
STORAGE_BACKEND = env("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "local":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    if not env("S3_BUCKET", ""):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET")
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET", ""),
            "endpoint_url": env("S3_ENDPOINT_URL", "") or None,
            "region_name": env("S3_REGION", "") or None,
            "access_key": env("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env("S3_LOCATION", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, not {STORAGE_BACKEND!r}")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        # Hashed, compressed files in production; plain ones where no collectstatic has run.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Largest file accepted per upload purpose (core/uploads.py), in megabytes. The reverse proxy's
# body limit (e.g. nginx client_max_body_size) must be at least the largest of these.
UPLOAD_MAX_MB = {
    purpose: env_int(f"UPLOAD_MAX_MB_{purpose.upper()}", 20)
    for purpose in (
        "directive_document",
        "review_report",
        "signed_document",
        "task_attachment",
        "progress_attachment",
        "report_attachment",
        "case_attachment",
        "press_file",  # a feed, a sitemap, a saved page or a .zip of them (media)
        "mission_report",  # a mission's final report (missions)
        "practice_evidence",  # documents and photos of a good model (practices)
        "event_file",  # an event's documents, slides and photos (events)
        "event_certificate",  # a training certificate (events)
    )
}
# Photos sent by citizens on the public portal: smaller, since anyone may send them.
UPLOAD_MAX_MB["portal_photo"] = env_int("UPLOAD_MAX_MB_PORTAL_PHOTO", 5)
# The materials library: compiled books and slide decks are larger than working files.
UPLOAD_MAX_MB["library_file"] = env_int("UPLOAD_MAX_MB_LIBRARY_FILE", 50)
# A kind's own ceiling under every purpose's (core/uploads.py): a photo or a text file is
# never as large as a book.
UPLOAD_KIND_MAX_MB = {
    **dict.fromkeys(("png", "jpeg", "gif", "webp"), env_int("UPLOAD_MAX_MB_IMAGE", 10)),
    "txt": env_int("UPLOAD_MAX_MB_TEXT", 5),
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "phoihop <no-reply@localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)  # seconds; a hung mail server must not hang a job

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A job still "running" this long after it started, on a worker with no heartbeat for as long,
# was left by a dead worker and is run again (core.jobs); an e-mail claimed this long ago and not
# sent is sent again. Keep it well above EMAIL_TIMEOUT. After TASKS_MAX_ATTEMPTS tries the job
# is marked failed instead.
TASKS_STALE_AFTER_SECONDS = env_int("TASKS_STALE_AFTER_SECONDS", 300)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# X-Forwarded-Proto says "https" only when a TLS-terminating proxy in front sets it (and strips
# what clients send); without one, anyone could claim a secure request.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# HTTPS=true behind a TLS-terminating proxy turns on every transport-security setting at once.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (django-csp, ADR 0004): scripts only from our own
# static files or with the request's nonce; no inline styles; nothing framed, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": env("CSP_REPORT_URI", "") or None,
    }
}
# Browser features no page of phoihop uses are switched off for the page and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Behind a reverse proxy the client address arrives in X-Forwarded-For; only trust it when told.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# Sign-in lockout (django-axes, core/lockout.py). Failures are counted per account *and* address:
# LOGIN_FAILURES_PER_ACCOUNT wrong passwords for one username from one address lock that pair
# for LOGIN_LOCKOUT_MINUTES, so a stranger cannot lock a person out everywhere by guessing their
# name. An address that fails LOGIN_FAILURES_PER_ADDRESS times (any usernames) is locked for
# every account: password spraying from one place stops too.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "phoihop.core.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "phoihop.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "phoihop.core.middleware.client_ip"
AXES_USERNAME_CALLABLE = "phoihop.core.lockout.attempted_username"
AXES_RESET_ON_SUCCESS = True  # a successful sign-in clears that pair's failures
# Attempts refused during a lockout are not counted and do not extend it: it ends when it said.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit trail already
AXES_VERBOSE = False

# Rate limits (core/throttle.py), "N/period" with s, m, h or d: counted in the database, so every
# worker and every server shares them. Per address and per account (username, e-mail or user).
THROTTLE_PASSWORD_RESET_PER_ADDRESS = env_rate("THROTTLE_PASSWORD_RESET_PER_ADDRESS", "20/h")
THROTTLE_PASSWORD_RESET_PER_ACCOUNT = env_rate("THROTTLE_PASSWORD_RESET_PER_ACCOUNT", "5/h")
THROTTLE_TOKEN_PER_ADDRESS = env_rate("THROTTLE_TOKEN_PER_ADDRESS", "30/10m")
THROTTLE_TOKEN_PER_ACCOUNT = env_rate("THROTTLE_TOKEN_PER_ACCOUNT", "10/10m")
THROTTLE_TEXT_PER_ADDRESS = env_rate("THROTTLE_TEXT_PER_ADDRESS", "120/m")
THROTTLE_TEXT_PER_ACCOUNT = env_rate("THROTTLE_TEXT_PER_ACCOUNT", "60/m")
# Text-processing endpoints (citation extraction): characters read, citations returned.
TEXT_INPUT_MAX_CHARS = env_int("TEXT_INPUT_MAX_CHARS", 100_000)
TEXT_OUTPUT_MAX_ITEMS = env_int("TEXT_OUTPUT_MAX_ITEMS", 500)

PAGE_SIZE = env_int("PAGE_SIZE", 25)


def env_date(name: str, default: str) -> datetime.date:
    raw = env(name, default)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a date like 1945-01-01, not {raw!r}") from exc


# Every date a form or the API accepts lies in this range (core.validation): a deadline in year
# 9999 would break every calendar feed and date calculation that meets it.
DATE_MIN = env_date("DATE_MIN", "1945-01-01")
DATE_MAX = env_date("DATE_MAX", "2100-12-31")
if DATE_MIN >= DATE_MAX:
    raise ImproperlyConfigured("DATE_MIN must be before DATE_MAX")
# Longest text a form or the API accepts where the column itself has no limit (TextField).
TEXT_MAX_LENGTH = env_int("TEXT_MAX_LENGTH", 50000)
# Totals of long lists are reused until the data changes, and the reference choices of list
# filters (provinces, fields of work) for this long (core.caching); 0 turns the cache off.
LIST_CACHE_SECONDS = env_int("LIST_CACHE_SECONDS", 300)

# Coordination tasks (plans app): "due soon" window, reminders and escalation, in days.
PLANS_DUE_SOON_DAYS = env_int("PLANS_DUE_SOON_DAYS", 7)
PLANS_REMINDER_DAYS_BEFORE = env_int("PLANS_REMINDER_DAYS_BEFORE", 3)
PLANS_ESCALATION_DAYS = env_int("PLANS_ESCALATION_DAYS", 7)
PLANS_REPORT_REMINDER_DAYS_BEFORE = env_int("PLANS_REPORT_REMINDER_DAYS_BEFORE", 3)
PLANS_REMINDER_EMAIL = env_bool("PLANS_REMINDER_EMAIL", True)
# The press fetcher reads public addresses only; true lets it read a press mirror inside an
# intranet (and this machine, as the tests' local server).
PRESS_FETCH_PRIVATE_ADDRESSES = env_bool("PRESS_FETCH_PRIVATE_ADDRESSES", False)
# Bucket counts and league tables are cached per task version; 0 turns caching off.
PLANS_COUNT_CACHE_SECONDS = env_int("PLANS_COUNT_CACHE_SECONDS", 300)

# Citizens' cases (cases app): calendar days after closing during which the citizen may ask to
# reopen a case.
CASES_REOPEN_DAYS = env_int("CASES_REOPEN_DAYS", 30)
# Reminders N days before a case's answer is due; escalation to the lead organisation's leaders
# M days after it, and to the receiving department's leaders 2×M days after it.
CASES_REMINDER_DAYS_BEFORE = env_int("CASES_REMINDER_DAYS_BEFORE", 2)
CASES_ESCALATION_DAYS = env_int("CASES_ESCALATION_DAYS", 3)
# The public portal and Open311 (cases/portal, cases/open311): submissions and tracking-code
# lookups counted per client address; Open311 submissions also per API key.
THROTTLE_PORTAL_SUBMIT_PER_ADDRESS = env_rate("THROTTLE_PORTAL_SUBMIT_PER_ADDRESS", "10/h")
THROTTLE_PORTAL_LOOKUP_PER_ADDRESS = env_rate("THROTTLE_PORTAL_LOOKUP_PER_ADDRESS", "30/10m")
THROTTLE_OPEN311_PER_ADDRESS = env_rate("THROTTLE_OPEN311_PER_ADDRESS", "120/m")
THROTTLE_OPEN311_POST_PER_KEY = env_rate("THROTTLE_OPEN311_POST_PER_KEY", "600/h")

# Every spreadsheet import (core.spreadsheets): caps checked before and while reading.
SPREADSHEET_MAX_ROWS = env_int("SPREADSHEET_MAX_ROWS", 10000)
SPREADSHEET_MAX_COLUMNS = env_int("SPREADSHEET_MAX_COLUMNS", 50)
SPREADSHEET_MAX_CELL_CHARS = env_int("SPREADSHEET_MAX_CELL_CHARS", 5000)
SPREADSHEET_MAX_UNCOMPRESSED_MB = env_int("SPREADSHEET_MAX_UNCOMPRESSED_MB", 20)
SPREADSHEET_MAX_COMPRESSION_RATIO = env_int("SPREADSHEET_MAX_COMPRESSION_RATIO", 100)
SPREADSHEET_TIME_LIMIT_SECONDS = env_int("SPREADSHEET_TIME_LIMIT_SECONDS", 30)
# An import with more data rows than this runs in the worker, its progress shown on a page.
SPREADSHEET_WORKER_ROWS = env_int("SPREADSHEET_WORKER_ROWS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
