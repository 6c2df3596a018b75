"""Test settings: the real settings, made fast and deterministic (djangopackages habit)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
# Each test starts with empty rate-limit counters.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "couple_pages": CACHES["couple_pages"],  # noqa: F405
}
# Every page served from the couple's page cache is also rendered afresh and compared: a
# stale page fails whichever test asked for it.
COUPLE_PAGE_CACHE = "verify"
SITE_URL = "http://testserver"
# Chromium's virtual authenticator signs in against live_server's http://localhost;
# fido2 accepts only https origins otherwise. Production stays https-only.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# The live server's threads must not keep connections open past a test, or PostgreSQL
# refuses to drop the test database at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
