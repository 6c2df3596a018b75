"""Sign-up takes the same work whether or not the address has an account.

Measured in the attack: 0.06 s for a known address, 0.48 s for a new one, enough to tell
every time. For Alongside, having an account hints at ketamine treatment. Both paths now
hash the password once and send one email; `measure_timing_medians` measures the medians.
"""

import statistics
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user

SIGNUP = reverse("account_signup")


def _sign_up(client, email):
    return client.post(
        SIGNUP,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "time_zone": "UTC"},
    )


@pytest.fixture
def hashes(monkeypatch):
    calls = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


def test_a_new_address_hashes_the_password_once(client, db, hashes, mailoutbox):
    response = _sign_up(client, "new@example.com")
    assert response.status_code == 302
    assert len(hashes) == 1
    assert len(mailoutbox) == 1


def test_a_known_address_hashes_it_too_and_sends_one_email(
    client, db, hashes, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("known@example.com")
    hashes.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, "known@example.com")
    assert response.status_code == 302
    assert len(hashes) == 1
    assert len(mailoutbox) == 1


def test_both_answers_look_the_same(db):
    make_user("known@example.com")
    known = _sign_up(Client(), "known@example.com")
    new = _sign_up(Client(), "new@example.com")
    assert known["Location"] == new["Location"]


# A measurement, not a check (speed lives in benchmarks, not timed tests), so it is not
# collected by default. Run it with:
#   .venv/bin/python -m pytest tests/partners/test_signup_timing.py -o python_functions=measure_* -s
def measure_timing_medians(db, settings):  # pragma: no cover
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    make_user("known@example.com")
    known, new = [], []
    for n in range(30):
        for bucket, email in ((known, "known@example.com"), (new, f"new{n}@example.com")):
            started = time.perf_counter()
            _sign_up(Client(), email)
            bucket.append(time.perf_counter() - started)
    print(f"\nknown {statistics.median(known):.3f}s new {statistics.median(new):.3f}s")
