"""Who may open what: every URL pattern of the project, asked by every kind of person.

The table in `tests.security.matrix` names, for each pattern (ours, allauth's and the
admin's), the exact answer to a GET and to an empty POST for: someone signed out, a
member of another couple, each partner, a library editor, a reviewer and an operator.
A pattern without a row fails here by name, so a new URL cannot ship unexamined.

Beyond the status, every request is watched for writes: a refusal (a 403, 404 or 405,
or a redirect to sign in or reauthenticate) must not have changed anything, and no GET
may write unless its row says why. Another couple's ids are a 404 for either partner,
whatever the role or method.

The world is built once for the module; each test runs in its own savepoint.
"""

import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from tests.factories import PASSWORD
from tests.security.expect import ACTORS, LOGIN, PARTNERS, SIGNED_IN, is_refusal, mismatch
from tests.security.matrix import ADMIN_MODELS, TABLE, registered_admin_models
from tests.security.patterns import all_patterns
from tests.world import build_world

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
METHODS = ("GET", "POST")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def session_keys(world):
    """One signed-in session per person, made once: each test's changes to it (a sign-out,
    a reauthentication) are rolled back with the test's savepoint."""
    keys = {}
    for actor in SIGNED_IN:
        client = Client()
        client.force_login(world.user_for(actor))
        keys[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def client_for(session_keys, actor):
    client = Client()
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = session_keys[actor]
    return client


def writes_during(client, method, path):
    """(response, the SQL statements that wrote anything but the session)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method.lower())(path)
    written = [
        query["sql"]
        for query in queries.captured_queries
        if WRITE.match(query["sql"]) and "django_session" not in query["sql"]
    ]
    return response, written


def check(response, written, *, row, method, expected, world, couple, who):
    path = response.request["PATH_INFO"]
    problem = mismatch(response, expected, path, world, couple)
    assert problem is None, f"{method} {path} as {who}: {problem}"
    if is_refusal(expected) or (method == "GET" and not row.writes_on_get):
        assert written == [], f"{method} {path} as {who} wrote: {written}"


def _cases(fresh=False):
    for key, row in sorted(TABLE.items()):
        for method in METHODS:
            expected = getattr(row, f"{'fresh_' if fresh else ''}{method.lower()}")
            if expected is None:
                continue
            for actor, answer in zip(SIGNED_IN if fresh else ACTORS, expected, strict=True):
                yield pytest.param(key, method, actor, answer, id=f"{key}-{method}-{actor}")


# --- The table covers the project ---------------------------------------------------------


def test_every_url_pattern_has_a_row():
    patterns = all_patterns()

    missing = sorted(set(patterns) - set(TABLE))
    stale = sorted(set(TABLE) - set(patterns))

    assert missing == [], f"URL patterns with no row in tests/security/matrix.py: {missing}"
    assert stale == [], f"rows for URL patterns that no longer exist: {stale}"


def test_every_admin_model_is_described(world):
    assert set(ADMIN_MODELS) == registered_admin_models()
    assert set(ADMIN_MODELS) <= set(world.admin_ids)


def test_each_rows_url_reaches_its_own_pattern(world):
    patterns = all_patterns()
    wrong = {}
    for key, row in TABLE.items():
        path = row.url(world, world.ours)
        route = resolve(path).route
        if route != patterns[key]:
            wrong[key] = (path, route)

    assert wrong == {}


def test_the_table_keeps_couple_data_behind_a_404():
    """The rule itself, so that nobody loosens a row to make a test pass."""
    for key, row in TABLE.items():
        if not row.couple_object:
            continue
        for method in METHODS:
            answers = dict(zip(ACTORS, getattr(row, method.lower()), strict=True))
            method_exists = any(answers[partner] != 405 for partner in PARTNERS)
            assert answers["anonymous"] == LOGIN, (key, method)
            assert answers["stranger"] == (404 if method_exists else 405), (key, method)
            for staff in ("editor", "reviewer", "operator"):
                assert answers[staff] == 404, (key, method, staff)


def test_every_row_names_an_answer_for_each_actor():
    for key, row in TABLE.items():
        assert len(row.get) == len(row.post) == len(ACTORS), key
        for fresh in (row.fresh_get, row.fresh_post):
            assert fresh is None or len(fresh) == len(SIGNED_IN), key


# --- The matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "method", "actor", "expected"), list(_cases()))
def test_matrix(world, session_keys, key, method, actor, expected):
    row = TABLE[key]
    client = client_for(session_keys, actor)

    response, written = writes_during(client, method, row.url(world, world.ours))

    check(
        response,
        written,
        row=row,
        method=method,
        expected=expected,
        world=world,
        couple=world.ours,
        who=actor,
    )


@pytest.mark.parametrize(("key", "method", "actor", "expected"), list(_cases(fresh=True)))
def test_matrix_right_after_reauthenticating(world, session_keys, key, method, actor, expected):
    row = TABLE[key]
    client = client_for(session_keys, actor)
    reauthenticated = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert reauthenticated.status_code == 302

    response, written = writes_during(client, method, row.url(world, world.ours))

    check(
        response,
        written,
        row=row,
        method=method,
        expected=expected,
        world=world,
        couple=world.ours,
        who=f"{actor} (just reauthenticated)",
    )


def _other_couples_cases():
    for key, row in sorted(TABLE.items()):
        if not row.couple_object:
            continue
        for method in METHODS:
            answers = dict(zip(ACTORS, getattr(row, method.lower()), strict=True))
            for actor in PARTNERS:
                # A method the URL never accepts is a 405 before any id is looked at.
                expected = 405 if answers[actor] == 405 else 404
                yield pytest.param(key, method, actor, expected, id=f"{key}-{method}-{actor}")


@pytest.mark.parametrize(("key", "method", "actor", "expected"), list(_other_couples_cases()))
def test_the_other_couples_ids_are_a_404(world, session_keys, key, method, actor, expected):
    row = TABLE[key]
    client = client_for(session_keys, actor)

    response, written = writes_during(client, method, row.url(world, world.theirs))

    check(
        response,
        written,
        row=row,
        method=method,
        expected=expected,
        world=world,
        couple=world.theirs,
        who=f"{actor} of the other couple",
    )
