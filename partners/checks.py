"""Deployment checks Django does not make itself."""

from django.conf import settings
from django.core.checks import Error, Tags, register

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
