"""Tests: fast hashing, plain static storage, local memory cache (Redis with REDIS_URL), tasks run at once."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# REDIS_URL (CI's PostgreSQL run) puts the cache on Redis, as in production: each pytest-xdist worker
# on its own Redis database, counted from the URL's (gw1 of redis://…/14 uses 15), since
# tests/conftest.py empties the cache before each test. Otherwise local memory.
if REDIS_URL:  # noqa: F405
    _redis = urlsplit(REDIS_URL)  # noqa: F405
    _database = int(_redis.path.strip("/") or 0) + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:])
    _location = urlunsplit(_redis._replace(path=f"/{_database}"))
    _redis_cache = {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": _location}
    CACHES = {
        "default": _redis_cache,
        "pages": {**_redis_cache, "KEY_PREFIX": "pages"},
        "pages_local": CACHES["pages_local"],  # noqa: F405
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        # As in production with Redis, so that both runs read through each process's own memory.
        "pages_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-local"},
    }
# A connection per request, as before kept connections: the live-server threads of the browser tests
# then leave none open on the test database, which is dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The replica's alias as Django's mirror of the test database; tests/cms/test_replica.py turns its router on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Sessions in the database on either run, so that pinned query counts are the same on both.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "tmp-test-media" / str(os.getpid())  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tests assert our English source strings; tests/cms/test_language.py checks the shipped Vietnamese default.
LANGUAGE_CODE = "en"
# Off, so that staff tests log in with force_login; tests/members/test_second_factor.py turns it on.
HANDBOOK_STAFF_SECOND_FACTOR = False
