"""How long a sign-in lasts: 12 hours without "remember me", 30 days with it, and 2 hours
idle on a shared device when the person asks for that.

The clock is moved by moving the session's own timestamps back (no time-travel library).
"""

import pytest
from django.conf import settings
from django.urls import reverse

from partners.middleware import IDLE_SINCE, SIGNED_IN_AT
from tests.factories import PASSWORD, make_user

LOGIN = reverse("account_login")
HOME = reverse("dashboard")
HOUR = 3600


def _sign_in(client, person, **extra):
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content[:300]


def _signed_in(client):
    return client.get(HOME).status_code == 200


def _age(client, key, seconds):
    """Pretend the session's `key` moment was `seconds` earlier."""
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.fixture
def person(db):
    return make_user()


def test_remembered_sessions_last_thirty_days(client, person):
    assert settings.SESSION_COOKIE_AGE == 30 * 24 * HOUR
    _sign_in(client, person, remember="on")
    assert client.session.get_expiry_age() == 30 * 24 * HOUR
    _age(client, SIGNED_IN_AT, 13 * HOUR)
    assert _signed_in(client)


def test_without_remember_me_a_session_ends_after_twelve_hours(client, person):
    _sign_in(client, person)
    assert client.session.get_expire_at_browser_close()
    _age(client, SIGNED_IN_AT, 11 * HOUR)
    assert _signed_in(client)
    _age(client, SIGNED_IN_AT, 1 * HOUR + 60)
    assert not _signed_in(client)


def test_a_shared_device_signs_out_after_two_idle_hours(client, person):
    _sign_in(client, person, shared_device="on")
    _age(client, IDLE_SINCE, 110 * 60)
    assert _signed_in(client)  # and that visit counts as use
    _age(client, IDLE_SINCE, 110 * 60)
    assert _signed_in(client)
    _age(client, IDLE_SINCE, 2 * HOUR + 60)
    assert not _signed_in(client)


def test_an_ordinary_device_has_no_idle_limit(client, person):
    _sign_in(client, person, remember="on")
    assert IDLE_SINCE not in client.session


def test_a_shared_device_is_never_remembered(client, person):
    _sign_in(client, person, shared_device="on", remember="on")
    assert client.session.get_expire_at_browser_close()


def test_the_sign_in_page_offers_the_shared_device_choice(client, db):
    page = client.get(LOGIN).content.decode()
    assert 'name="shared_device"' in page
