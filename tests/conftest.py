"""Shared fixtures: every test can have a partner in treatment, a supporting partner,
and a stranger who belongs to another couple."""

import pytest
from django.test import Client

from tests.factories import make_couple, make_user

# Under pytest-xdist (`make test PYTEST_ARGS="-n 2 --dist loadgroup"`), tests that share something
# outside their own test database run on one worker, one after another: tests/ops uses fixed
# Redis databases (6, 7) and fixed PostgreSQL database names, and starts gunicorn and task
# workers; the browser journeys each drive a Chromium, too heavy to run two at once here.
SERIAL_GROUPS = {"tests/ops/": "ops", "tests/browser/": "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath)
        for folder, group in SERIAL_GROUPS.items():
            if folder in path:
                item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache; one test's failed logins must not lock the next.
    from django.core.cache import cache, caches

    cache.clear()
    caches["couple_pages"].clear()


@pytest.fixture(autouse=True)
def _emails_queued_as_in_production(monkeypatch):
    """Email is enqueued after the commit. Outside any transaction of the app's own, that is
    at once, as in production; pytest-django's per-test transaction would otherwise hold
    every email back until the test ends. Inside a transaction of the app's own the email
    still waits for its commit (use django_capture_on_commit_callbacks for those)."""
    from django.db import connection, transaction

    from partners import deliveries

    def after_commit(callback):
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            callback()
        else:
            transaction.on_commit(callback)

    monkeypatch.setattr(deliveries, "after_commit", after_commit)


@pytest.fixture
def couple(db):
    partnership, _, _ = make_couple()
    return partnership


@pytest.fixture
def in_treatment(couple):
    return couple.members.get(role="in_treatment").user


@pytest.fixture
def supporting(couple):
    return couple.members.get(role="supporting").user


@pytest.fixture
def other_couple(db):
    partnership, _, _ = make_couple(make_user(name="Robin"), make_user(name="Kim"))
    return partnership


@pytest.fixture
def stranger(other_couple):
    """A member of another couple: must never see this couple's data."""
    return other_couple.members.get(role="in_treatment").user


@pytest.fixture
def loner(db):
    """Signed up and verified, but in no partnership."""
    return make_user(name="Jo")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def treatment_client(in_treatment):
    return _client_for(in_treatment)


@pytest.fixture
def supporting_client(supporting):
    return _client_for(supporting)


@pytest.fixture
def stranger_client(stranger):
    return _client_for(stranger)


@pytest.fixture
def loner_client(loner):
    return _client_for(loner)
