"""Deployment checks Django does not make itself."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    """Rate limits live in the cache: per-process or dummy caches silently weaken them."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache is {backend.rsplit('.', 1)[-1]}, which is not shared "
                "between workers, so sign-in rate limits do not hold.",
                hint="Set REDIS_URL to a Redis server.",
                id="alongside.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def email_off_the_request_path(app_configs, **kwargs):
    """In-process tasks send email inside the request: a slow mail server holds a worker
    for up to EMAIL_TIMEOUT per email, and a failed email is retried only hourly."""
    if not settings.DEBUG and settings.TASKS_BACKEND == "immediate":
        return [
            Warning(
                "TASKS_BACKEND is immediate, so every email is sent inside the request "
                "that asked for it.",
                hint="Set TASKS_BACKEND=database and run `manage.py db_worker` (one "
                "machine), or TASKS_BACKEND=rq and `manage.py rqworker` (several).",
                id="alongside.W002",
            )
        ]
    return []
