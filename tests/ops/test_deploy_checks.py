"""`manage.py check --deploy` refuses a cache that rate limits cannot share."""

import pytest
from django.core import checks

from partners.checks import email_off_the_request_path, shared_cache_in_production


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_per_process_cache_is_an_error_in_production(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend}}
    errors = shared_cache_in_production(None)
    assert [error.id for error in errors] == ["alongside.E001"]
    assert errors[0].level == checks.ERROR


def test_redis_cache_passes(settings):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert shared_cache_in_production(None) == []


def test_development_may_use_the_memory_cache(settings):
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_in_production(None) == []


def test_check_is_registered_for_deploy_runs():
    registered = checks.registry.registry.get_checks(include_deployment_checks=True)
    assert shared_cache_in_production in registered


def test_email_sent_inside_requests_is_a_warning_in_production(settings):
    settings.DEBUG = False
    settings.TASKS_BACKEND = "immediate"
    warnings = email_off_the_request_path(None)
    assert [warning.id for warning in warnings] == ["alongside.W002"]
    assert warnings[0].level == checks.WARNING


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_queue_backend_passes(settings, backend):
    settings.DEBUG = False
    settings.TASKS_BACKEND = backend
    assert email_off_the_request_path(None) == []


def test_development_may_send_email_in_process(settings):
    settings.DEBUG = True
    settings.TASKS_BACKEND = "immediate"
    assert email_off_the_request_path(None) == []
    assert email_off_the_request_path in checks.registry.registry.get_checks(
        include_deployment_checks=True
    )
