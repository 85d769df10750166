"""Settings for the TTG service, read from the environment.

Secure by default: DEBUG is off unless DEBUG=true (only `make run` sets it), a SECRET_KEY must be
given when DEBUG is off, and HTTPS-only protections switch on with TTG_HTTPS=true.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

# "Now" for the whole process. The service ran in 2018-2021, so demos and tests stand on a date
# then. An ISO datetime; see core/clock.py.
TTG_NOW = os.environ.get("TTG_NOW", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # Two-factor sign-in (issue 17, item 4): authenticator-app codes and single-use backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ttg.core",
    "ttg.accounts",
    # Our apps, in the order of their layers (docs/architecture.md): each imports only those above it here.
    "ttg.estate",
    "ttg.notifications",
    "ttg.people",
    "ttg.dataprotection",
    "ttg.screening",
    "ttg.plans",
    "ttg.supply_chain",
    "ttg.mobilisation",
    "ttg.payments",
    "ttg.referrals",
    "ttg.notices",
    "ttg.worklist",
    "ttg.assurance",
    "ttg.stewardship",
    "ttg.compliance",
    "ttg.insights",
    "ttg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ttg.core.middleware.RequestIdMiddleware",
    # Under /api/: every error a problem (even Django's 404 and 500), and bodies over the limit refused (413).
    "ttg.core.middleware.ApiProblemMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's language (the one they read the service in) is recorded when it changes (docs/notifications.md).
    "ttg.accounts.language.UserLanguageMiddleware",
    # request.user.is_verified(): whether this session has passed the second step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "ttg.core.middleware.SessionTimeoutMiddleware",
    # Administrators, contract managers and CRC managers reach nothing else until they have (ttg/accounts/mfa.py).
    "ttg.accounts.mfa.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ttg.core.middleware.NoStoreMiddleware",
    "ttg.core.middleware.AccessMiddleware",
    # Last, so that it sees authentication failures from everything above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ttg.urls"
WSGI_APPLICATION = "ttg.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the GOV.UK Frontend macros (govuk-frontend-jinja).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "ttg.core.templating.environment", "autoescape": True},
    },
    {
        # The Django admin and the browsable API keep their own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it: after a database restart the
        # first request reconnects instead of failing on the dead connection (issue 17, faults).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica (docs/operations.md): only the reports read from it, through ttg.core.db's router
# and `reporting()`; everything else, and every write, goes to "default". Unset: no "replica" alias,
# and the router sends everything to "default".
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    # Tests of a configuration with a replica read the test database through it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# The alias the reports read from: None sends them to "default" like everything else.
TTG_REPORTS_DATABASE = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["ttg.core.db.ReportsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling and lockout (ASVS V2.2.1): at most TTG_LOGIN_FAILURE_LIMIT failed sign-ins per
# account per hour, then the account is locked until the hour has passed. By account, not by
# address: a prison's shared computers sit behind one address.
AXES_FAILURE_LIMIT = int(os.environ.get("TTG_LOGIN_FAILURE_LIMIT", "100"))
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ttg.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # registered in accounts/admin.py, audited, so administrators can unlock

# Sessions (ASVS V3): a new key at sign-in (Django does this), idle timeout and absolute lifetime
# enforced by core.middleware.SessionTimeoutMiddleware.
TTG_SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("TTG_SESSION_IDLE_MINUTES", "30")))
TTG_SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("TTG_SESSION_ABSOLUTE_HOURS", "12")))
SESSION_COOKIE_AGE = int(TTG_SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The language switch (English / Cymraeg, docs/welsh.md) keeps the choice in a cookie for a year: an
# essential cookie (it remembers a choice the user made), listed on the cookies page.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Served over HTTPS (production): secure cookies with __Host- names, HSTS, redirect to HTTPS.
TTG_HTTPS = env_bool("TTG_HTTPS")
if TTG_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: our own origin only; the one inline script of the GOV.UK page
# template carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
# Welsh and English are treated equally in Wales (brief U11): every page is translatable.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production collects static files here (docs/operations.md); elsewhere whitenoise serves them
# straight from the finders below.
STATIC_ROOT = os.environ.get("TTG_STATIC_ROOT") or None
# Only what pages use is served: our compiled CSS and the two JavaScript bundles (copied into
# build/static by `npm run build`), GOV.UK Frontend's fonts and images, and MoJ Frontend's images.
STATICFILES_DIRS = [
    ("assets", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"),
    ("assets/images", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj" / "assets" / "images"),
    BASE_DIR / "build" / "static",
]
# whitenoise serves static files in every mode. With TTG_STATIC_ROOT (production), it serves what
# collectstatic wrote there: hashed names from a manifest (compressed too), which whitenoise sends
# with `Cache-Control: max-age=315360000, public, immutable`. Without it (`make run`, tests, no
# collectstatic needed), it serves straight from the finders above, under their own names, cached
# for 60 seconds.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "ttg.core.storage.ManifestStaticFilesStorage" if STATIC_ROOT else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_ROOT
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    # Token first, so that a request without credentials is told how to authenticate (401).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ttg.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: every API view must name an action in the access kernel.
    "DEFAULT_PERMISSION_CLASSES": ["ttg.core.api.HasRoleAction"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "ttg.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Every API error is application/problem+json (core/api.py; Django's own: core.middleware.ApiProblemMiddleware).
    "EXCEPTION_HANDLER": "ttg.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Through the Gate resettlement API",
    "DESCRIPTION": (
        "The API of the Through the Gate (TTG) resettlement service for England and Wales. Every date-time it "
        "returns is in UTC with an explicit offset (2019-09-02T08:30:00+00:00), summer and winter alike; dates are "
        "YYYY-MM-DD, the day in England and Wales (docs/api.md, Dates and times)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["ttg.core.api.HasRoleAction"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The register's rows: a pathway, or the CRC's TTG casework (issue 15), unlike the pathways alone elsewhere.
    "ENUM_NAME_OVERRIDES": {
        "PathwayEnum": "ttg.plans.catalogue.constants.PATHWAY_CHOICES",
        "SupplyChainPathwayEnum": "ttg.supply_chain.models.PATHWAY_CHOICES",
        "AssuranceEngagementKindEnum": "ttg.assurance.constants.EngagementKind",
    },
    # Every operation documents the errors it can answer (401, 403, 404, 400, 413, 415) as
    # application/problem+json (core/schema.py, issue 17).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "ttg.core.schema.problem_responses"],
}

# Background work: Django's tasks API (docs/operations.md, "Workers"). With REDIS_URL (or
# TTG_TASKS_BACKEND=rq) tasks wait in Redis and RQ workers run them (django-tasks-rq:
# `manage.py rqworker --job-class django_tasks_rq.Job default`); otherwise they wait in a database
# table and `manage.py db_worker` runs them (django-tasks-db; `make run` starts one).
REDIS_URL = os.environ.get("REDIS_URL", "")
TTG_TASKS_BACKEND = os.environ.get("TTG_TASKS_BACKEND", "").strip().lower() or ("rq" if REDIS_URL else "database")
if TTG_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": list(RQ_QUEUES)}}
    # No django-rq dashboard in the admin: its pages and JSON endpoints are outside our access kernel.
    RQ_SHOW_ADMIN_LINK = False
elif TTG_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"TTG_TASKS_BACKEND must be 'database' or 'rq', not {TTG_TASKS_BACKEND!r}.")

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ttg.core.logging.RequestIdFilter"}},
    "formatters": {
        # One JSON object per line: values are encoded, so user input cannot forge log lines.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Where demo data and the service's own pages say the data is illustrative.
TTG_SERVICE_NAME = "Through the Gate resettlement"
TTG_DEMO_PASSWORD = os.environ.get("TTG_DEMO_PASSWORD", "through-the-gate-2019")

# axes.W006 asks for lockout by address as well. Deliberately not: a prison's shared computers
# reach us from one address, so one person's typos would lock out a whole prison. Lockout is by
# account (AXES_LOCKOUT_PARAMETERS above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
CSRF_FAILURE_VIEW = "ttg.core.views.csrf_failure"

# Screening values that no public source gives (facts.md marks them "unsourced"): settings with
# these defaults, read by ttg.screening.custody.rule_settings() and passed to the pure rules.
TTG_BCST2_WORKING_DAYS = int(os.environ.get("TTG_BCST2_WORKING_DAYS", "5"))  # T2
TTG_HANDOVER_WORKING_DAYS = int(os.environ.get("TTG_HANDOVER_WORKING_DAYS", "10"))  # T6
TTG_DUE_SOON_HOURS = int(os.environ.get("TTG_DUE_SOON_HOURS", "24"))
TTG_DUE_SOON_WORKING_DAYS = int(os.environ.get("TTG_DUE_SOON_WORKING_DAYS", "2"))
# Unsourced (rule T8W, issue 23 item 9): how many days before release a person homeless or at risk on the
# Welsh route is referred to the Welsh local authority's housing service. The Welsh national pathway for
# people leaving the secure estate (2015) asks for the referral "well before release" with no number that
# we have a source for; 56 days matches the threat-of-homelessness window. Read by rule_settings().
TTG_WALES_HOUSING_REFERRAL_DAYS = int(os.environ.get("TTG_WALES_HOUSING_REFERRAL_DAYS", "56"))
# Unsourced: how long a released person stays visible to the CRC whose prison released them, so that
# outcomes after release can be recorded (ttg.core.access, docs/plans.md).
TTG_AFTER_RELEASE_VISIBLE_WEEKS = int(os.environ.get("TTG_AFTER_RELEASE_VISIBLE_WEEKS", "12"))
# Unsourced: how many people a TTG caseworker holds at most (rule AL2, docs/allocation.md): a CRC
# manager allocating sees each caseworker's caseload against it. No caseload standard is given for TTG
# caseworkers; 40 until the CRCs agree one.
TTG_CASEWORKER_CAPACITY = int(os.environ.get("TTG_CASEWORKER_CAPACITY", "40"))

# Unsourced (issue 23 item 4, rule T9b): how far ahead the list of releases from non-resettlement
# prisons looks, in weeks (docs/plans.md, "Releases from non-resettlement prisons").
TTG_RELEASE_LIST_WEEKS = int(os.environ.get("TTG_RELEASE_LIST_WEEKS", "12"))

# Notifications (docs/notifications.md): the backend, GOV.UK Notify's key and generic template, retries.
TTG_NOTIFY_BACKEND = os.environ.get("TTG_NOTIFY_BACKEND", "console")  # console, in_app or govuk_notify
TTG_NOTIFY_API_KEY = os.environ.get("TTG_NOTIFY_API_KEY", "")
TTG_NOTIFY_TEMPLATE_ID = os.environ.get("TTG_NOTIFY_TEMPLATE_ID", "")  # a Notify template with ((subject)), ((body)), ((link))
TTG_NOTIFY_BASE_URL = os.environ.get("TTG_NOTIFY_BASE_URL", "")  # prefixed to links in emails, e.g. https://ttg.example.gov.uk
TTG_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("TTG_NOTIFY_MAX_ATTEMPTS", "5"))
TTG_NOTIFY_RETRY_SECONDS = int(os.environ.get("TTG_NOTIFY_RETRY_SECONDS", "60"))  # doubled after each failure, at most a day

# Payments (issue 7): days an unpaid claim may wait after it was submitted before it is escalated to
# the CRC's contract managers. Unsourced: issue 7 says "a set number of days, default 30".
# R-D1 (docs/data-protection.md): whole years a person's record is kept after their last release before it is
# anonymised. Unsourced: HMPPS's Records, Retention and Disposition Schedule must confirm it.
TTG_RETENTION_YEARS_AFTER_RELEASE = int(os.environ.get("TTG_RETENTION_YEARS_AFTER_RELEASE", "7"))
TTG_CLAIM_ESCALATION_DAYS = int(os.environ.get("TTG_CLAIM_ESCALATION_DAYS", "30"))
# Market stewardship (R-A4c): a provider whose unpaid claims and unfunded work are this share of its delivered work or more.
TTG_STEWARDSHIP_AT_RISK_PERCENT = int(os.environ.get("TTG_STEWARDSHIP_AT_RISK_PERCENT", "50"))
# Notices (R-N1a, unsourced): remind those who have not acknowledged a notice after this many working
# days, once each period; and the largest attachment a notice may carry.
TTG_NOTICE_REMINDER_WORKING_DAYS = int(os.environ.get("TTG_NOTICE_REMINDER_WORKING_DAYS", "5"))
TTG_NOTICE_ATTACHMENT_MAX_BYTES = int(os.environ.get("TTG_NOTICE_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
# API tokens last this many days (unsourced; 0: never expire). docs/api.md.
TTG_API_TOKEN_MAX_AGE_DAYS = int(os.environ.get("TTG_API_TOKEN_MAX_AGE_DAYS", "90"))

# Funding (issue 7 part 4, R-F5): the value of one hour of unfunded work, in pence, used only to
# estimate the sector's subsidy. Unsourced. Unset (empty): the average partner price of the hourly
# services on the rate cards in force; 0: show hours only, no estimated value.
TTG_UNFUNDED_HOUR_VALUE_PENCE = os.environ.get("TTG_UNFUNDED_HOUR_VALUE_PENCE", "").strip() or None

# Sizes the service reads (issue 17; unsourced, docs/security.md). One line of the custody feed: a row
# is a few hundred bytes, so a longer line is one rejected row, never read into memory whole. The body
# of one request to the feed API (larger feeds: in parts, or with the import_custody_feed command), and
# of any other API request (JSON forms are a few kilobytes). Over the limit: 413, nothing read.
TTG_FEED_MAX_LINE_BYTES = int(os.environ.get("TTG_FEED_MAX_LINE_BYTES", str(64 * 1024)))
TTG_FEED_MAX_BODY_BYTES = int(os.environ.get("TTG_FEED_MAX_BODY_BYTES", str(256 * 1024 * 1024)))
TTG_API_MAX_BODY_BYTES = int(os.environ.get("TTG_API_MAX_BODY_BYTES", str(1024 * 1024)))
# An import still "running" this long after it started was stopped without a word (a killed process):
# the next import marks it failed, with what to do (ttg.people.importer.end_stale_runs).
TTG_FEED_RUN_TIMEOUT_HOURS = int(os.environ.get("TTG_FEED_RUN_TIMEOUT_HOURS", "6"))
# The key of the audit trail's hash chain (core/chain.py): kept out of the database, so that a row
# written to the database directly never verifies. Empty: derived from SECRET_KEY. Set it in production
# and keep it when SECRET_KEY is rotated, or `manage.py verify_audit` fails on every earlier event.
TTG_AUDIT_CHAIN_KEY = os.environ.get("TTG_AUDIT_CHAIN_KEY", "")
# The key of the service's pseudonyms (core/pseudonyms.py): the case references contract managers see
# instead of a person's name and prison number (ttg.people.identity). Empty: derived from SECRET_KEY.
# Set it in production and keep it when SECRET_KEY is rotated, or every case reference changes.
TTG_PSEUDONYM_KEY = os.environ.get("TTG_PSEUDONYM_KEY", "")
# What one purchase, or one request for more units, may commit (rules R-F4c, R-F4d; unsourced, issue 17):
# the budget still applies within these; they stop one request committing a division's allocation.
TTG_PURCHASE_MAX_UNITS = int(os.environ.get("TTG_PURCHASE_MAX_UNITS", "100"))
TTG_PURCHASE_MAX_VALUE_PENCE = int(os.environ.get("TTG_PURCHASE_MAX_VALUE_PENCE", "500000"))

# Two-factor sign-in (issue 17, item 4; docs/security.md "Two-factor sign-in"). The roles that must
# give a code from an authenticator app after their password (ASVS V4.3.1): they reach nothing but
# setting it up and signing out until they have. Unsourced: security.md names administrators and
# "other privileged roles"; the issue names these three.
TTG_MFA_ROLES = tuple(
    r.strip() for r in os.environ.get("TTG_MFA_ROLES", "administrator,contract_manager,crc_manager").split(",") if r.strip()
)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = TTG_SERVICE_NAME
# A wrong code doubles the wait before the next try on that account (django-otp's throttle): 1 s,
# 2 s, 4 s... ten wrong codes in a row lock the account for 8.5 minutes, twenty for 6 days, until a
# right code (after the wait) or an administrator's `manage.py reset_two_factor`.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The demo personas' authenticator secret (hex, as django-otp stores it), given (in base32) by
# the README so that a tester can add it to an authenticator app. Demo data only: a deploy check
# (ttg.E003) fails if a device with it exists where DEBUG is off and TTG_DEMO is not set.
TTG_DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
TTG_DEMO = env_bool("TTG_DEMO")
# Re-authentication before a bulk export (ASVS V4.3.3): a password or code given this recently
# (signing in counts), or the export asks for one first.
TTG_REAUTH_MAX_AGE = timedelta(minutes=int(os.environ.get("TTG_REAUTH_MINUTES", "15")))
# Handover alerts (rule H1, unsourced; docs/plans.md): the responsible officer and the CRC's managers
# are told a handover is due this many working days before its due date (T6), and again once overdue.
TTG_HANDOVER_ALERT_WORKING_DAYS = int(os.environ.get("TTG_HANDOVER_ALERT_WORKING_DAYS", "5"))

# Insights and evaluation (issue 21, R-E1, R-E2; docs/insights.md). Counts from 1 to one below this
# are hidden on every insights page, file and API answer (rule E2; unsourced: the issue's example).
TTG_INSIGHTS_SUPPRESS_BELOW = int(os.environ.get("TTG_INSIGHTS_SUPPRESS_BELOW", "10"))
# The evaluation window: the enhanced specification's two-year test, from its first day, in quarters.
TTG_INSIGHTS_WINDOW_START = os.environ.get("TTG_INSIGHTS_WINDOW_START", "2019-04-01")
TTG_INSIGHTS_WINDOW_QUARTERS = int(os.environ.get("TTG_INSIGHTS_WINDOW_QUARTERS", "8"))
# How far a pseudonymised extract coarsens dates (day, month or quarter): release dates are given to
# the first day of their month by default, ages only as bands.
TTG_INSIGHTS_EXTRACT_DATES = os.environ.get("TTG_INSIGHTS_EXTRACT_DATES", "month")
# The cost of Through the Gate per person before the enhanced specification, in pence: the baseline
# the cost per person is read against. Unsourced, so empty by default (the pages then say it is not set).
TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE = os.environ.get("TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE", "").strip() or None
