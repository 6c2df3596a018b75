"""The database health check: a dropped connection is replaced, a healthy one costs nothing.

`CONN_HEALTH_CHECKS` sent `SELECT 1` before the first query of every request, a tenth of the
signed-in floor (bench/findings.md). config/postgresql looks at the idle socket first: these
tests pin both halves, that a healthy connection is not asked and that a connection the
server ended is still noticed before a request uses it.
"""

import select
import time

import pytest
from django.db import connections

connection = connections["default"]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def asked(monkeypatch):
    """How many times the server was asked whether the connection works."""
    calls = []
    original = type(connection).is_usable

    def is_usable(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(type(connection), "is_usable", is_usable)
    return calls


@pytest.fixture
def checked_each_request(settings):
    connection.ensure_connection()
    enabled = connection.health_check_enabled
    connection.health_check_enabled = True
    yield
    connection.health_check_enabled = enabled


def _new_request():
    # What Django does at the start of each request (request_started → close_old_connections).
    connection.health_check_done = False


def test_a_healthy_idle_connection_is_not_asked(asked, checked_each_request):
    before = connection.connection
    for _ in range(3):
        _new_request()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 2")
            assert cursor.fetchone() == (2,)
    assert asked == []
    assert connection.connection is before


def test_a_connection_the_server_ended_is_replaced_before_a_query_uses_it(
    asked, checked_each_request
):
    before = connection.connection
    pid = before.info.backend_pid
    other_connection = type(connection)(connection.settings_dict)
    with other_connection.cursor() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    other_connection.close()
    # The server says goodbye on the socket; wait until it has arrived.
    poller = select.poll()
    poller.register(before.pgconn.socket, select.POLLIN)
    deadline = time.monotonic() + 5
    while not poller.poll(50) and time.monotonic() < deadline:
        pass

    _new_request()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 3")
        assert cursor.fetchone() == (3,)
    assert len(asked) == 1
    assert connection.connection is not before


def test_a_connection_in_a_transaction_is_asked_as_django_would(asked, checked_each_request):
    # Anything but an idle, open connection goes to Django's own check.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
    _new_request()
    with connection.cursor() as cursor:
        cursor.execute("ROLLBACK")
    assert len(asked) == 1
