"""PostgreSQL restarted while the app serves: requests after it is back succeed without
restarting the app (persistent connections are health-checked before reuse)."""

import os

import pytest

from tests.ops.servers import ThrowawayPostgres, gunicorn, http, production_env


@pytest.fixture
def throwaway_postgres():
    server = ThrowawayPostgres()
    if not server.available:
        reason = "needs root, runuser and PostgreSQL's server binaries to run a private cluster"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    server.start()
    yield server
    server.stop()


def test_requests_succeed_after_postgres_restarts(throwaway_postgres, tmp_path):
    env = production_env(tmp_path, throwaway_postgres.url, SECURE_SSL_REDIRECT="false")
    # One worker: every request reuses the same persistent connection, which is the case
    # a restart breaks.
    with gunicorn(env, workers=1) as base:
        assert http(f"{base}/healthz")[0] == 200
        assert http(f"{base}/library/")[0] == 200

        throwaway_postgres.restart()

        statuses = [http(f"{base}/healthz")[0] for _ in range(3)]
        assert statuses == [200, 200, 200]
        assert http(f"{base}/library/")[0] == 200
