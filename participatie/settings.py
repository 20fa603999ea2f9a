"""Settings for participatie. Production differs only by environment variables (README)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from participatie.env import env_bool, env_database_url, env_int, env_list, env_rate, env_str
from participatie.headers import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Files the installation writes for itself: the local secret key, the file cache and the
# demo log-ins. A checkout keeps them in .local/; a container points this at a volume.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / ".local")))
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set")
    # Local use only: a key per checkout (per data directory), never committed.
    _key_file = DATA_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text().strip()
    else:
        from django.utils.crypto import get_random_string

        SECRET_KEY = get_random_string(50)
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused CSRF check: problem details under /api/ and /tiles/, Django's page elsewhere.
CSRF_FAILURE_VIEW = "participatie.handlers.csrf_failure"

INSTALLED_APPS = [
    # The admin with our site: programme administrators only, after the second factor.
    "participatie.accounts.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    # Django's staticfiles, without collecting source maps (frontend/staticfiles.py).
    "frontend.staticfiles.StaticFilesConfig",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "participatie.accounts",
    "maps.partners",
    "participatie.pins",
    "participatie.triage",
    "participatie.voting",
    "participatie.initiatives",
    "participatie.privacy",
    "participatie.demo",
    "maps",
    "api",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (participatie/headers.py).
    "csp.middleware.CSPMiddleware",
    # NUL (%00) in the address: a 400 with a message before any view or filter sees it.
    "participatie.guards.nul.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages, JSON and GeoJSON, with Django's BREACH padding (participatie/
    # compression.py); below whitenoise, which serves static files precompressed.
    "participatie.compression.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff: nothing but the code page until the second factor (STAFF_TWO_FACTOR).
    "participatie.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "participatie.urls"
WSGI_APPLICATION = "participatie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL, else the libpq variables with the defaults of scripts/db.sh (the cluster
# `make run` starts), so `PGPORT=54401 manage.py ...` talks to the same server as the scripts.
DATABASES = {
    "default": dj_database_url.parse(
        env_database_url(),
        engine="django.contrib.gis.db.backends.postgis",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Prepared statements for the one statement shape that asks for them: tiles (maps/tiles/sql.py
# runs them on a server-binding cursor with prepare=True). Django's own queries use
# client-side binding, which psycopg never prepares, so this changes nothing else. Django
# leaves psycopg's prepare_threshold at None (off), for poolers in transaction mode that
# cannot keep a statement between transactions: behind such a pooler (PgBouncer before
# 1.21, or without max_prepared_statements) set DB_PREPARED_STATEMENTS=0.
if env_bool("DB_PREPARED_STATEMENTS", True):
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# GDAL < 3.9 (Debian 12) cannot block file/network access while parsing SRS strings. We
# never hand user-supplied SRS text to GDAL: imports map a CRS name to an EPSG code first.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

if env_str("GDAL_LIBRARY_PATH"):
    GDAL_LIBRARY_PATH = env_str("GDAL_LIBRARY_PATH")
if env_str("GEOS_LIBRARY_PATH"):
    GEOS_LIBRARY_PATH = env_str("GEOS_LIBRARY_PATH")

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Programme administrators manage the programme's models in the admin by their role.
    "participatie.accounts.backends.ProgrammeAdminPermissions",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "frontend.staticfiles.ManifestStorage"
        if env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Security headers; HTTPS-only cookies when served over HTTPS (production).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Served over HTTPS (either setting on): plain HTTP is redirected, and browsers are told to
# use HTTPS only (HSTS, sent on HTTPS responses only). includeSubDomains covers hosts below
# the site's own host only. Preloading is a submission to the browsers' lists that is hard
# to undo: the operator opts in with HSTS_PRELOAD, so until then its check is silenced.
_served_over_https = SESSION_COOKIE_SECURE or env_bool("BEHIND_TLS_PROXY", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _served_over_https)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if _served_over_https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "participatie <noreply@localhost>")

# The cache is shared by all server processes (rendered tiles and their purge counters
# must agree between gunicorn workers): Redis when REDIS_URL is set, else files.
_cache_dir = Path(env_str("CACHE_DIR", str(DATA_DIR / "cache")))
_shared_cache = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
    if env_str("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(_cache_dir),
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
    }
)
# Keys carry the database name, so the test suite and the dev server never share entries.
CACHES = {
    "default": {**_shared_cache, "KEY_PREFIX": DATABASES["default"]["NAME"]},
    "tiles": {**_shared_cache, "KEY_PREFIX": "t-" + DATABASES["default"]["NAME"]},
}
if not env_str("REDIS_URL"):
    # Tiles are stored gzip-compressed: the file cache's own zlib would only cost time.
    CACHES["tiles"]["BACKEND"] = "maps.tiles.cache.TileFileCache"

# Proxies in front that append the client's address to X-Forwarded-For. Every rate limit
# (API, account pages, voting codes) tells clients apart by this: with 0, REMOTE_ADDR.
NUM_PROXIES = env_int("NUM_PROXIES", 0)

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_SCHEMA_CLASS": "api.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The token first: its WWW-Authenticate header makes "not logged in" a 401 (with the
    # session first, DRF answers 403, which tells an app nothing about its token).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # JSON nested too deeply is a 400 with a message, not a RecursionError (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "api.parsers.LimitedMultiPartParser",
    ],
    # Counted in PostgreSQL (participatie/accounts/counters.py): exact under parallel
    # requests, shared by every process and server.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonRateThrottle"],
    # Every error as RFC 9457 problem details (application/problem+json; api/errors.py).
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    # Anonymous clients are told apart by REMOTE_ADDR. Unset, DRF would take the
    # client-supplied X-Forwarded-For, so a new header per request escapes the limit. Behind
    # proxies that append to X-Forwarded-For, set it to their number.
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("ANON_THROTTLE_RATE", "600/minute"),
        # Residents' writes on the public API (per account).
        "pin_post": env_str("PIN_POST_RATE", "20/hour"),
        "comment_post": env_str("COMMENT_POST_RATE", "60/hour"),
        "report_post": env_str("REPORT_POST_RATE", "30/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "participatie API",
    "DESCRIPTION": "Public and staff API of the participation map. Areas: CBS / Kadaster.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies as components of their own: required text with minLength 1, no
    # read-only fields, as the serializers validate them.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed package, not a CDN: works on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every 4xx/5xx response of every operation is documented as ProblemDetails.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.openapi.complete_geometries",
        "api.schema.problem_responses",
    ],
    # One schema name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "PinStatusEnum": "participatie.pins.models.pins.Pin.Status",
        "PinKindEnum": "participatie.pins.models.pins.Pin.Kind",
    },
}

# Rendered vector tiles are cached unless switched off (the benchmark measures both).
TILE_CACHE = env_bool("TILE_CACHE", True)

# --- product settings ------------------------------------------------------------------
SITE_NAME = env_str("SITE_NAME", "Mijn Buurt Assen")
# Where the site is reached, for links in mails sent outside a request (notifications).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The municipality whose outline bounds every pin and feature (CBS code).
MUNICIPALITY_CODE = env_str("MUNICIPALITY_CODE", "GM0106")
BASEMAP_URL = env_str(
    "BASEMAP_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
BASEMAP_ATTRIBUTION = env_str(
    "BASEMAP_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (BRT-Achtergrondkaart)"
)
CONTENT_SECURITY_POLICY = content_security_policy(basemap_url=BASEMAP_URL)
# Names of the districts flagged as priority ("robuuste wijken") when loading the demo.
PRIORITY_DISTRICTS = env_list("PRIORITY_DISTRICTS", ["Lariks", "Assen-Oost", "Noorderpark"])
# Another municipality's areas for `make run` (load_areas): three GeoJSON files, the
# municipality, its districts, its neighbourhoods. Empty: Assen's shipped areas for Assen.
AREA_FILES = env_list("AREA_FILES", [])
# Optional postcode and address look-up (PDOK Locatieserver, e.g.
# https://api.pdok.nl/bzk/locatieserver/search/v3_1). Empty: the feature is off.
LOCATIESERVER_URL = env_str("LOCATIESERVER_URL")
# Rate limits of the account pages ("count/period", period s, m, h or d), counted in
# PostgreSQL per client address (NUM_PROXIES) and per e-mail address or account.
ACCOUNT_RATE_SIGNUP = env_rate("ACCOUNT_RATE_SIGNUP", "5/h")
# Log-in: attempts per address and e-mail address together; attempts per address on any
# e-mail addresses (spraying many accounts); and wrong passwords per e-mail address from
# anywhere, high enough that a stranger cannot cheaply lock a resident out.
ACCOUNT_RATE_LOGIN = env_rate("ACCOUNT_RATE_LOGIN", "10/m")
ACCOUNT_RATE_LOGIN_ADDRESS = env_rate("ACCOUNT_RATE_LOGIN_ADDRESS", "30/m")
ACCOUNT_RATE_LOGIN_EMAIL = env_rate("ACCOUNT_RATE_LOGIN_EMAIL", "100/h")
ACCOUNT_RATE_PASSWORD_RESET = env_rate("ACCOUNT_RATE_PASSWORD_RESET", "5/h")
ACCOUNT_RATE_TWO_FACTOR = env_rate("ACCOUNT_RATE_TWO_FACTOR", "5/m")
# Wrong voting codes and receipts per client address: guessing a 60-bit code stays hopeless,
# while a household that mistypes its code, or many behind one address, can still vote.
VOTING_CODE_RATE = env_rate("VOTING_CODE_RATE", "20/h")
# Staff (every staff role, and anyone the admin lets in) enter a code from an authenticator
# app (TOTP) after the password. On unless switched off; only a local try-out without a
# phone has reason to.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", True)
OTP_TOTP_ISSUER = SITE_NAME
# The admin never shows a staff member's secret key or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Pins: photo limits, and how many reports hide a pin or comment until a moderator looks.
PIN_PHOTO_MAX_BYTES = env_int("PIN_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
# Pixels are checked in the file's header before anything is decoded. 25 Mpx lets a 24 MP
# phone photo (5712 x 4284) through; it decodes to at most ~100 MB, once per photo.
PIN_PHOTO_MAX_PIXELS = env_int("PIN_PHOTO_MAX_PIXELS", 25_000_000)
PIN_PHOTO_MAX_SIDE = env_int("PIN_PHOTO_MAX_SIDE", 8000)
PIN_PHOTO_MAX_COUNT = env_int("PIN_PHOTO_MAX_COUNT", 3)
# Request bodies: larger ones are refused with a 413 before they are read
# (participatie/guards/body.py). By default room for a pin with the most photos of the
# largest size plus its other fields (3 x 8 MB + 2.5 MB = 26.5 MB); nothing else comes near.
MAX_REQUEST_BODY = env_int(
    "MAX_REQUEST_BODY",
    PIN_PHOTO_MAX_COUNT * PIN_PHOTO_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE,
)
if MAX_REQUEST_BODY < PIN_PHOTO_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE:
    raise ImproperlyConfigured(
        "MAX_REQUEST_BODY must leave room for one photo of PIN_PHOTO_MAX_BYTES and the "
        "form fields (DATA_UPLOAD_MAX_MEMORY_SIZE); lower PIN_PHOTO_MAX_BYTES instead"
    )
# An uploaded photo (at most PIN_PHOTO_MAX_BYTES) stays in memory: no temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = PIN_PHOTO_MAX_BYTES
MODERATION_REPORT_THRESHOLD = env_int("MODERATION_REPORT_THRESHOLD", 3)
# Retention (manage.py apply_retention, run by `make run` at start and then daily): a closed
# confidential signal is deleted this many days after it was closed; a sign-up whose
# e-mail address was never confirmed is deleted after this many days.
CONFIDENTIAL_RETENTION_DAYS = env_int("CONFIDENTIAL_RETENTION_DAYS", 365)
UNCONFIRMED_ACCOUNT_DAYS = env_int("UNCONFIRMED_ACCOUNT_DAYS", 30)
if CONFIDENTIAL_RETENTION_DAYS < 1 or UNCONFIRMED_ACCOUNT_DAYS < 1:
    raise ImproperlyConfigured(
        "CONFIDENTIAL_RETENTION_DAYS and UNCONFIRMED_ACCOUNT_DAYS must be at least 1"
    )
# Serve uploaded photos from Django (fine for a local or small installation); switch off
# when a web server in front serves MEDIA_ROOT at MEDIA_URL.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
