"""Repeated failed sign-ins are refused (allauth's login_failed limit), in LocMem and Redis."""

import os
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_user

LOGIN = reverse("account_login")
REFUSED = "Too many failed login attempts"
# Database 5 of whichever Redis REDIS_URL names: these tests flush it, so never the
# database the app itself may be using.
REDIS_URL = (
    urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")._replace(path="/5").geturl()
)


def _fail(client, email, times):
    for _ in range(times):
        response = client.post(LOGIN, {"login": email, "password": "wrong password"})
        assert response.status_code == 200


def _sign_in(client, email):
    return client.post(LOGIN, {"login": email, "password": PASSWORD})


def test_five_wrong_passwords_lock_out_even_the_right_one(client, db):
    person = make_user()
    _fail(client, person.email, 5)

    response = _sign_in(client, person.email)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not(client, db):
    person = make_user()
    _fail(client, person.email, 4)

    response = _sign_in(client, person.email)

    assert response.status_code == 302


def test_the_limit_follows_the_account_not_the_browser(client, db):
    from django.test import Client

    person = make_user()
    _fail(client, person.email, 5)

    response = _sign_in(Client(), person.email)

    assert REFUSED in response.content.decode()


def test_the_limit_is_per_account(client, db):
    locked, other = make_user(), make_user()
    _fail(client, locked.email, 5)

    assert _sign_in(client, other.email).status_code == 302


def test_many_accounts_from_one_address_are_refused_too(client, db):
    """The per-IP limit (10 a minute) stops someone trying one password on many accounts."""
    people = [make_user() for _ in range(11)]
    for person in people[:10]:
        _fail(client, person.email, 1)

    response = _sign_in(client, people[10].email)

    assert REFUSED in response.content.decode()


# --- Shared limits through Redis --------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    connection.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "alongside-test",
        }
    }
    yield connection
    connection.flushdb()
    connection.close()


def test_with_redis_five_wrong_passwords_lock_out(client, db, redis_cache):
    person = make_user()
    _fail(client, person.email, 5)

    response = _sign_in(client, person.email)

    assert REFUSED in response.content.decode()
    assert redis_cache.keys("alongside-test:*")  # the counters live in Redis


def test_with_redis_the_lock_holds_for_another_worker(client, db, settings, redis_cache):
    """A second app server has its own process memory; only the shared cache connects them."""
    from django.core.cache import cache
    from django.test import Client

    person = make_user()
    _fail(client, person.email, 5)
    before = cache._cache
    # Re-applying the setting drops every cache connection, as a fresh worker starts.
    settings.CACHES = {"default": dict(settings.CACHES["default"])}
    assert cache._cache is not before

    response = _sign_in(Client(), person.email)

    assert REFUSED in response.content.decode()
