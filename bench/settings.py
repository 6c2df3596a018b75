"""Production-shaped settings for the benchmark, plus a bare view to measure against.

The application's own settings with DEBUG off, hashed and compressed static files, and
PostgreSQL. Only two things differ from production: plain HTTP on loopback (no TLS
redirect, no secure-only cookies) and `bench.urls`, which adds the bare view. Never used
by the application itself.
"""

import os
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alongside_bench")
# A fixed key is fine here: the bench's sessions are made by the bench, on loopback, for
# fake people in a throwaway database. Production still requires SECRET_KEY.
os.environ.setdefault("SECRET_KEY", "bench-only-key-for-a-throwaway-loopback-database")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["SECURE_COOKIES"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("STATIC_ROOT", str(Path(__file__).resolve().parent / "data" / "staticfiles"))

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
