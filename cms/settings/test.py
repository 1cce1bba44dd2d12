"""Tests: fast hashing, plain static storage, local memory cache, tasks run at once."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "tmp-test-media" / str(os.getpid())  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tests assert our English source strings; tests/cms/test_language.py checks the shipped Vietnamese default.
LANGUAGE_CODE = "en"
# Off, so that staff tests log in with force_login; tests/members/test_second_factor.py turns it on.
HANDBOOK_STAFF_SECOND_FACTOR = False
