"""Behind the HTTPS proxy, each client is told apart by its own address (allauth's settings).

Every request through a proxy arrives from the proxy's address: ten failed sign-ins
anywhere blocked everyone. ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER
(off by default) name where the real address is, for the rate limits and the security log.
"""

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import SecurityEvent
from tests.factories import PASSWORD, make_user

LOGIN = reverse("account_login")
REFUSED = "Too many failed login attempts"


def _client(address):
    return Client(HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR="10.0.0.2")


def _fail_ten_times(client):
    for n in range(10):
        client.post(LOGIN, {"login": f"nobody{n}@example.com", "password": "wrong"})


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_one_noisy_client_does_not_lock_out_another(db, behind_one_proxy):
    person = make_user()
    _fail_ten_times(_client("203.0.113.7"))

    response = _client("198.51.100.4").post(LOGIN, {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302


def test_the_noisy_client_itself_is_refused(db, behind_one_proxy):
    person = make_user()
    noisy = _client("203.0.113.7")
    _fail_ten_times(noisy)
    response = noisy.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert REFUSED in response.content.decode()


def test_the_security_log_records_the_clients_address(db, behind_one_proxy):
    person = make_user()
    _client("198.51.100.4").post(LOGIN, {"login": person.email, "password": PASSWORD})
    event = person.security_events.get(kind=SecurityEvent.Kind.SIGNED_IN)
    assert event.ip_address == "198.51.100.4"


def test_a_named_header_is_read_when_configured(db, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    person = make_user()
    Client(HTTP_X_REAL_IP="192.0.2.9").post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert person.security_events.get().ip_address == "192.0.2.9"


def test_off_by_default_a_forged_header_is_ignored(db):
    person = make_user()
    _client("198.51.100.4").post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert person.security_events.get().ip_address == "10.0.0.2"


def test_the_settings_come_from_the_environment(monkeypatch):
    import importlib

    import config.settings

    monkeypatch.setenv("ALLAUTH_TRUSTED_PROXY_COUNT", "1")
    monkeypatch.setenv("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "X-Real-IP")
    monkeypatch.setenv("SECRET_KEY", "x")
    reloaded = importlib.reload(config.settings)
    try:
        assert reloaded.ALLAUTH_TRUSTED_PROXY_COUNT == 1
        assert reloaded.ALLAUTH_TRUSTED_CLIENT_IP_HEADER == "X-Real-IP"
    finally:
        monkeypatch.undo()
        importlib.reload(config.settings)
