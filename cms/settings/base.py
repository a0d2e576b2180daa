"""Settings shared by every environment.

Defaults run the embedded demo with no servers: SQLite, local media, eager Celery, locmem cache,
console email. Environment variables switch on the real parts (see README.md for the list).
"""

import tempfile
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url

from django.utils.csp import CSP

from cms.env import email_settings, env_bool, env_int, env_list, env_str, s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "django-insecure-embedded-demo-key-never-used-in-production")
DEBUG = env_bool("DEBUG", False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    sorted({"127.0.0.1", "localhost", "testserver", urlparse(SITE_URL).hostname or "localhost"}),
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "cms",
    "campaign",
    "ats",
    "ninja",  # the employers' API (ats/api): its docs page's own copies of Swagger UI
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # a row per signed-in session, so all of a person's can be ended
    "django_htmx",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "cms.middleware.RequestIdMiddleware",  # first: every response and log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.attribution.AttributionMiddleware",
    # Without Celery beat (the demo), scheduled publishing runs on a request once a minute (ADR 0020).
    "cms.scheduled_publishing.ScheduledPublishingMiddleware",
    # A cached anonymous page is answered here: the middleware above runs on every response (request
    # id, HTTPS and security headers, the CSP, the campaign cookie when the visit brings something
    # new); the middleware below only on a miss, whose headers (X-Frame-Options, Vary) are stored
    # with the page. Sessions, CSRF, sign-in and messages have nothing to do for a visitor without
    # a session (docs/adr/0004).
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ats.organisations.middleware.NoStoreMiddleware",
    "ats.organisations.middleware.RequireStaffMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cms.redirects.QueryStringRedirectMiddleware",  # Wagtail redirects, keeping ?utm_... on short URLs
    "cms.chrome.ChromeMiddleware",  # site chrome and the Wagtail site, one cache read per request
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Forms render through Django's own templates (django/forms/...); the project's field, error and
# summary components are in templates/components/ (form_fields.html, form_errors.html...).
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

# Database: SQLite file by default; DATABASE_URL (postgres://...) for the real thing.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")  # full-text search for Wagtail and job search
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "candidate:dashboard"  # staff: see ats.organisations.accounts.AccountAdapter

# django-allauth: email is the login, verification is mandatory, rate limits stay on (defaults).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlparse(SITE_URL).scheme or "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Accept the code of the 30-second step just before or after the current one (RFC 6238 s.5.2): a
# recruiter who types a code as it changes, or whose phone clock is a little out, is not refused.
MFA_TOTP_TOLERANCE = 1
ACCOUNT_ADAPTER = "ats.organisations.accounts.AccountAdapter"
# One way to sign in (ADR 0013): the Wagtail admin sends people to allauth's sign-in, which asks
# staff for their authenticator code; Wagtail's own password reset is off (allauth's is the one).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Sessions: 14 days for jobseekers (Django's default); staff sessions end after this many minutes
# without a staff request.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
ACCOUNT_FORMS = {"reset_password": "ats.organisations.forms.accounts.ResetPasswordForm"}  # minimum fill time

# Jobseekers (issue 5): CV uploads, the malware scanner, retention and form rate limits.
CV_MAX_BYTES = 5 * 1024 * 1024
CLAMD_HOST = env_str("CLAMD_HOST")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_SOCKET = env_str("CLAMD_SOCKET")
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", 30)
# "on": production refuses to start without CLAMD_HOST or CLAMD_SOCKET (cms/settings/production.py);
# the embedded demo without a clamd checks for test signatures only. "off": an explicit, logged
# opt-out that `check --deploy` warns about (ats/applications/checks.py).
VIRUS_SCAN = env_str("VIRUS_SCAN", "on")
RETENTION_MONTHS = env_int("RETENTION_MONTHS", 6)
# The rest of the retention schedule (docs/retention.md; ats/privacy/retention.py).
HIRED_DISCLOSURE_RETENTION_DAYS = env_int("HIRED_DISCLOSURE_RETENTION_DAYS", 30)
DISCLOSURE_MAX_MONTHS = env_int("DISCLOSURE_MAX_MONTHS", 6)
HIRED_RECORD_RETENTION_MONTHS = env_int("HIRED_RECORD_RETENTION_MONTHS", 12)
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 90)
INACTIVE_ACCOUNT_MONTHS = env_int("INACTIVE_ACCOUNT_MONTHS", 24)
INACTIVE_ACCOUNT_WARNING_DAYS = env_int("INACTIVE_ACCOUNT_WARNING_DAYS", 30)
ENQUIRY_RETENTION_MONTHS = env_int("ENQUIRY_RETENTION_MONTHS", 12)
UNCONFIRMED_ALERT_DAYS = env_int("UNCONFIRMED_ALERT_DAYS", 30)
# Sent emails (and the alert digests' shared parts) are kept this long, for support questions.
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30)
# Emails of a bulk move wait this long, so that the move can be undone before anyone is told.
BULK_UNDO_MINUTES = env_int("BULK_UNDO_MINUTES", 10)
# Applicants still open when a vacancy closes or fills are told within this many days (after the
# recruiter has had the chance to hold some back).
CLOSURE_NOTICE_DAYS = env_int("CLOSURE_NOTICE_DAYS", 5)
# Event registrants' names and contact details are deleted this many months after the event.
EVENT_REGISTRATION_RETENTION_MONTHS = env_int("EVENT_REGISTRATION_RETENTION_MONTHS", 6)
FORM_RATE_LIMIT = env_int("FORM_RATE_LIMIT", 10)  # submissions per client per window
FORM_RATE_WINDOW_SECONDS = env_int("FORM_RATE_WINDOW_SECONDS", 600)
# The employers' API (ats/api): requests per key per window (a clock minute by default).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 100)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60)
# Public forms posted sooner than this after they were shown are asked to be sent again (cms/fill_time.py).
FORM_MIN_FILL_SECONDS = env_int("FORM_MIN_FILL_SECONDS", 3)
# How many proxies of our own stand in front of the app (load balancer, CDN): the visitor's address
# is the Nth X-Forwarded-For entry from the right (cms/client_ip.py; allauth uses it through
# ats.organisations.accounts.AccountAdapter.get_client_ip); 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
EQUALITY_REPORT_MIN_COUNT = 5  # smaller groups are suppressed in aggregate reports

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files through WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media. Local folders by default: public images in media/, CVs in private-media/ (never served
# directly). With AWS_STORAGE_BUCKET_NAME, both go to S3: public prefix for images, private prefix
# for CVs reachable only through short-lived signed URLs.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_URL_EXPIRY_SECONDS = env_int("PRIVATE_URL_EXPIRY_SECONDS", 300)
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "eu-west-2")
AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = s3_storages(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=AWS_S3_ENDPOINT_URL,
        region=AWS_S3_REGION_NAME,
        custom_domain=AWS_S3_CUSTOM_DOMAIN,
        private_expiry=PRIVATE_URL_EXPIRY_SECONDS,
    )
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "ats.applications.uploads.UnreadableFilenameHandler",  # says when a file name could not be read
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# Cache and Celery: Redis when REDIS_URL is set, otherwise locmem and eager tasks.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# No broker means no beat: run scheduled publishing on a request, once a minute (ADR 0020).
SCHEDULED_PUBLISHING_ON_REQUEST = env_bool("SCHEDULED_PUBLISHING_ON_REQUEST", CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# The schedule is the code's (CELERY_BEAT_SCHEDULE below), run by Celery beat's own scheduler, which
# keeps only each entry's last run in a file (docs/adr/0014-beat-schedule-in-code.md). One beat.
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILE", str(Path(tempfile.gettempdir()) / "ccne-celerybeat-schedule")
)
# A request must never hang on a dead broker: short connect/socket timeouts, one quick retry.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # Look for tasks abandoned by a dead worker every 10 s (kombu's default scans every 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 10
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "drain-outbox": {"task": "cms.drain_outbox", "schedule": 60.0},
    "purge-outbox": {"task": "cms.purge_outbox", "schedule": 24 * 3600.0},
    "send-interview-reminders": {"task": "ats.send_interview_reminders", "schedule": 900.0},
    "send-routing-reminders": {"task": "ats.send_routing_reminders", "schedule": 15 * 60.0},
    "rescan-pending-cvs": {"task": "ats.rescan_pending_cvs", "schedule": 600.0},
    "purge-unsuccessful-candidates": {"task": "ats.purge_unsuccessful_candidates", "schedule": 24 * 3600.0},
    "send-event-reminders": {"task": "campaign.tasks.send_event_reminders", "schedule": 3600.0},
    "purge-event-registrations": {
        "task": "campaign.tasks.purge_event_registrations",
        "schedule": 24 * 3600.0,
    },
    "publish-scheduled-pages": {"task": "campaign.tasks.publish_scheduled_pages", "schedule": 60.0},
    # "Still in post?" at 3, 6 and 12 months after a start (ats/insight/tenure.py).
    "send-tenure-checks": {"task": "ats.send_tenure_checks", "schedule": 24 * 3600.0},
}
# Routing service level: working days (Monday to Friday) a destination has to acknowledge an
# enquiry before a reminder, and again before it is passed to the next destination.
ROUTING_ACK_WORKING_DAYS = env_int("ROUTING_ACK_WORKING_DAYS", 2)

if REDIS_URL:
    # The cache is optional at run time: Redis down or frozen is a miss after at most one short
    # timeout, and the backend leaves Redis alone for RETRY_AFTER seconds (cms/cache.py). Sessions
    # are in the database (Django's default SESSION_ENGINE), never only in the cache.
    _cache_timeout = env_int("CACHE_TIMEOUT_MS", 500) / 1000
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.RedisCache",  # Django's, reusing its client, optional (cms/cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ccne"),
            "RETRY_AFTER": env_int("CACHE_RETRY_AFTER_SECONDS", 10),
            "OPTIONS": {"socket_connect_timeout": _cache_timeout, "socket_timeout": _cache_timeout},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each web process's own short-lived copies of cached pages (cms/page_cache.py): a page asked for
# again within PAGE_CACHE_LOCAL_SECONDS costs no Redis round trip. Not needed when "default" is
# itself in-process.
PAGE_CACHE_LOCAL_SECONDS = env_int("PAGE_CACHE_LOCAL_SECONDS", 2) if REDIS_URL else 0
CACHES["page-copies"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-copies",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Email.
MAILERS = email_settings(env_str("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Care Careers North East <no-reply@carecareers.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The domain in each outbox email's Message-ID (recorded before it is sent: cms.email.send_outbox).
EMAIL_MESSAGE_ID_DOMAIN = env_str("EMAIL_MESSAGE_ID_DOMAIN", urlparse(SITE_URL).hostname or "localhost")

# Wagtail.
WAGTAIL_SITE_NAME = "Care Careers North East"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_I18N_ENABLED = False

# Benchmarks only: mounts the minimal "ceiling" view that bench/run.py compares pages against.
BENCH_CEILING = env_bool("BENCH_CEILING", False)

# Reference data (Code-Point Open derived postcodes, councils, NHS trusts, AfC pay points): the extract
# shipped in ats/data/reference/ (its README gives provenance and licences), or your own copies.
REFERENCE_DATA_DIR = Path(env_str("REFERENCE_DATA_DIR", str(BASE_DIR / "ats" / "data" / "reference")))

# Security headers that apply everywhere; production adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"

# Content Security Policy (Django 6 built-in). Public pages: no inline script without a nonce, no
# third-party hosts. The Wagtail admin gets its own policy (cms.middleware).
_media_hosts = [f"https://{AWS_S3_CUSTOM_DOMAIN}"] if AWS_S3_CUSTOM_DOMAIN else []
if AWS_S3_ENDPOINT_URL:
    _media_hosts.append(AWS_S3_ENDPOINT_URL.rstrip("/"))
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_media_hosts],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *_media_hosts],
    "frame-src": [CSP.SELF, "https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.request_id.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Job search and alerts (ats): nightly expiry, daily alert digests (weekly ones go when due).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["expire-vacancies"] = {
    "task": "ats.expire_vacancies",
    "schedule": crontab(hour=0, minute=5),
}
CELERY_BEAT_SCHEDULE["send-closure-notices"] = {
    "task": "ats.send_closure_notices",
    "schedule": crontab(minute=20),
}
CELERY_BEAT_SCHEDULE["chase-references"] = {
    "task": "ats.chase_references",
    "schedule": crontab(hour=9, minute=30),
}
CELERY_BEAT_SCHEDULE["send-job-alerts"] = {
    "task": "ats.send_job_alerts",
    "schedule": crontab(hour=7, minute=0),
}

# The retention schedule (docs/retention.md): one nightly task per line, from 02:00, 5 minutes apart.
for _minute, _task in enumerate(
    (
        "ats.purge_hired_disclosures",
        "ats.purge_hired_records",
        "ats.purge_stale_drafts",
        "ats.warn_inactive_accounts",
        "ats.purge_inactive_accounts",
        "ats.purge_enquiries",
        "ats.purge_equality_answers",
        "ats.purge_job_alerts",
        "ats.purge_access_log",
    )
):
    CELERY_BEAT_SCHEDULE[_task.removeprefix("ats.").replace("_", "-")] = {
        "task": _task,
        "schedule": crontab(hour=2, minute=5 * _minute),
    }
