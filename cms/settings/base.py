"""Settings shared by every environment. Environment variables are read via cms.env."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from django.utils.translation import gettext_lazy as _

from cms.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "site_pages",
    "members",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # intcomma: counts in reports grouped as the active language writes them (60.000 / 60,000).
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy: strict on the member site, the admin's own policy under /admin/.
    "cms.middleware.HandbookContentPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (whitenoise serves static files already compressed, above this). Django's
    # GZipMiddleware pads the stream against BREACH, which protects the CSRF token in every form.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.SessionRefreshMiddleware",
    "cms.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The page cache's generations read once per request (site_pages.page_cache).
    "site_pages.page_cache.PageCachePerRequestMiddleware",
    # Wagtail's site for the (now checked) host, from the page cache instead of a query per request.
    "site_pages.routing.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sessions started before the person lost a role end here.
    "members.sessions.EndSessionsOfLostRolesMiddleware",
    "cms.middleware.PrivateForMembersMiddleware",
    # One Scope (the visibility rule and every role fact) per person per request.
    "site_pages.visibility.ScopePerRequestMiddleware",
    # Staff (and superusers) confirm a second factor before anything else (members.second_factor).
    "members.second_factor.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes must be last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Connections kept between requests: opening one costs a PostgreSQL server a process and a few
# milliseconds of a member page's time; a kept one is checked before reuse, so a restarted server
# costs one reconnect, not an error.
kept_connections = {"conn_max_age": env_int("DATABASE_CONN_MAX_AGE", 60), "conn_health_checks": True}
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), **kept_connections
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A burst of members' writes must queue, not fail with "database is locked": WAL lets reads
    # go on beside the one writer; IMMEDIATE takes the write lock when a transaction begins, where
    # the busy timeout waits for it, instead of at its first write, where SQLite gives up at once.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#database-is-locked-errors
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds; below gunicorn's 30-second worker timeout
    }
# An optional read replica of the PostgreSQL primary for the pages people read (cms/replica.py); after
# writing anything, a person reads from the primary for this many seconds, past the replica's lag.
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(env_str("DATABASE_REPLICA_URL"), **kept_connections)
    DATABASE_ROUTERS = ["cms.replica.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "cms.replica.ReadReplicaMiddleware"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new and re-hashed passwords use it; the others still verify old hashes.
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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the person with the user (members.sessions).
    "members.sessions.HandbookBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "members:me"
LOGOUT_REDIRECT_URL = "/"

# Many members share a carrier's IP address: lock out the pair, never the whole IP.
# Staff accounts (secretaries, deputies, editors, chief editors, committees, superusers) need a
# second factor (TOTP) on top of the password. On unless turned off: `make run` turns it off.
HANDBOOK_STAFF_SECOND_FACTOR = env_bool("HANDBOOK_STAFF_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = "Sổ tay đảng viên"

AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "cms.login_attempts.attempted_username"

# The session ends after this many seconds without a request (sliding window), refreshed by
# cms.middleware.SessionRefreshMiddleware at most once per SESSION_REFRESH_SECONDS.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60 * 8)
# Members without admin access (members.signals.session_length_by_role): days, also sliding.
MEMBER_SESSION_DAYS = env_int("MEMBER_SESSION_DAYS", 30)
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# First wins: our own strings (makemessages), then Vietnamese for the strings that
# Django's and Wagtail's own catalogs leave in English (kept by hand in locale/wagtail).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
# DD/MM/YYYY shown and typed, in both languages (cms/formats); the admin's pickers write the same.
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_str("AWS_STORAGE_BUCKET_NAME"):
    # Uploaded files in an S3-compatible bucket (django-storages), shared by every web process. The
    # bucket stays private: files are still served only through the handbook's own checked views
    # (WAGTAILDOCS_SERVE_METHOD below, site_pages/documents.py), never by a link to the bucket.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),  # unset: Amazon S3 itself
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),  # unset: boto3's own lookup (instance role, ~/.aws)
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "location": env_str("AWS_LOCATION", ""),  # a folder inside the bucket
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,
        },
    }

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # The member pages' shared parts (site_pages.page_cache); production.py turns it off without Redis.
    "pages": (
        {
            "BACKEND": "cms.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    ),
}
if REDIS_URL:
    # What each web process keeps of the shared page cache in its own memory (site_pages.page_cache).
    CACHES["pages_local"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages-local",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    # Sessions read from Redis, shared by every web process; written through to the database as
    # well, so that a restarted or full Redis logs nobody out (a member at sea keeps a session for weeks).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Members' comments: more than this many a minute from one member are refused with a message.
COMMENTS_PER_MINUTE = env_int("COMMENTS_PER_MINUTE", 10)
# An opinion written on a phone before the meeting started but sent later (at sea, no link) is
# still taken this many hours after the start, shown with both times.
LATE_OPINION_HOURS = env_int("LATE_OPINION_HOURS", 72)
# Members' questions to the editorial teams: more than this many a minute from one member are refused.
QUESTIONS_PER_MINUTE = env_int("QUESTIONS_PER_MINUTE", 3)
# Whether members may address questions to the central level too (otherwise their ward and province).
HANDBOOK_QUESTIONS_TO_CENTRAL = env_bool("HANDBOOK_QUESTIONS_TO_CENTRAL", False)
# Documents to study are released this many days before a meeting unless the meeting says otherwise.
MEETING_DOCUMENTS_LEAD_DAYS = env_int("MEETING_DOCUMENTS_LEAD_DAYS", 2)
# Members who have not read a meeting's documents are reminded this long before it (a unit may set its own).
REMINDER_HOURS_BEFORE_MEETING = env_int("REMINDER_HOURS_BEFORE_MEETING", 24)

# The offline web app (members/offline.py): files larger than this are kept on the phone only when the
# member asks; the worker refreshes the pack at most this often.
OFFLINE_FILE_MAX_BYTES = env_int("OFFLINE_FILE_MAX_BYTES", 5 * 1024 * 1024)
OFFLINE_REFRESH_SECONDS = env_int("OFFLINE_REFRESH_SECONDS", 30 * 60)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "so-tay@localhost")

WAGTAIL_SITE_NAME = _("Party-member handbook")
WAGTAILADMIN_USER_LOGIN_FORM = "members.forms.AdminLoginForm"
# No reset by email in the admin either, as on the member site: a staff login reset by whoever reads
# the mailbox would open a unit's members and drafts; a set-password link comes from the unit above
# (`manage.py activation_links`).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents: office formats only, checked by content (site_pages.documents), always downloaded.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "site_pages.documents.HandbookDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Office files are zip archives: refused at upload past this inflated size or number of entries.
DOCUMENT_ARCHIVE_MAX_INFLATED_BYTES = env_int("DOCUMENT_ARCHIVE_MAX_INFLATED_BYTES", 100 * 1024 * 1024)
DOCUMENT_ARCHIVE_MAX_ENTRIES = env_int("DOCUMENT_ARCHIVE_MAX_ENTRIES", 2000)
# Reading a file's text for search (site_pages/file_text.py); past a limit the file is kept but not searchable.
DOCUMENT_TEXT_MAX_INFLATED_BYTES = env_int("DOCUMENT_TEXT_MAX_INFLATED_BYTES", 50 * 1024 * 1024)
DOCUMENT_TEXT_MAX_PAGES = env_int("DOCUMENT_TEXT_MAX_PAGES", 500)
DOCUMENT_TEXT_MAX_CHARS = env_int("DOCUMENT_TEXT_MAX_CHARS", 1_000_000)
DOCUMENT_TEXT_MAX_SECONDS = env_int("DOCUMENT_TEXT_MAX_SECONDS", 30)
# Renditions are served through a view that checks the visibility rule (site_pages/models/images.py).
WAGTAILIMAGES_IMAGE_MODEL = "site_pages.HandbookImage"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Search counts its results up to this many; past it the page says "more than" (search/views.py).
SEARCH_RESULTS_COUNTED = 1000
if env_str("OPENSEARCH_URL"):
    # Wagtail's OpenSearch backend; documented in the README's scale-out guide, not tested here (no
    # OpenSearch server on this machine). Needs `pip install opensearch-py`, then `manage.py update_index`.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env_str("OPENSEARCH_BACKEND", "wagtail.search.backends.opensearch3"),
            "URLS": env_list("OPENSEARCH_URL"),
            "INDEX": env_str("OPENSEARCH_INDEX", "handbook"),
            "TIMEOUT": env_int("OPENSEARCH_TIMEOUT_SECONDS", 10),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Nothing leaves the site: no avatars from a public service (it would receive a hash of each staff
# member's email address), no check for new Wagtail releases from the dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Content-Security-Policy (django-csp, cms.middleware.HandbookContentPolicyMiddleware). Member pages:
# everything from the site itself, no inline script or style; the offline web app's worker and
# manifest; images as data URIs only for the second factor's QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin: still nothing from elsewhere, but Wagtail 8's admin templates run inline
# scripts and set inline styles (wagtail/wagtail#7053: not yet CSP-ready), it draws images and files
# from blobs and data URIs while uploading, and it frames its own page previews. Rich text is
# cleaned before it reaches any admin screen (site_pages.rich_text), which is what keeps stored
# content inert there.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Workflow emails stay plain text (Wagtail's default, pinned here): a title never becomes HTML.
WAGTAILADMIN_NOTIFICATION_USE_HTML = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
