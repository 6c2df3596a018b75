"""Real workers for each production task backend: `manage.py db_worker` (database) and
`manage.py rqworker` (RQ on the machine's Redis), next to gunicorn with production settings
and a real SMTP server on loopback.

For each backend: a request (a password reset) enqueues an email and a running worker
delivers it; then, with the mail server silent, a worker takes the next email and is killed
(SIGKILL, with its children) before it could send; another worker started afterwards takes
the task over once the dead worker's claim runs out, and sends it exactly once.
"""

import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.ops.servers import (
    BIN,
    ROOT,
    flushed_redis,
    fresh_postgres_database,
    gunicorn,
    http,
    manage,
)
from tests.ops.servers import production_env as base_env
from tests.smtp_server import SMTPServer

REDIS_DB = 7  # this test's own: flushed before and after
CLAIM_SECONDS = 3


@pytest.fixture
def redis_url():
    with flushed_redis(REDIS_DB) as url:
        yield url


@pytest.fixture
def smtp():
    server = SMTPServer()
    yield server
    server.stop()


def worker_command(backend, *, scheduler=True):
    if backend == "database":
        return ["db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    # RQ moves deferred tasks (retries, take-overs) to the queue from its scheduler.
    return [
        "rqworker",
        "--job-class",
        "django_tasks_rq.Job",
        *(["--with-scheduler"] if scheduler else []),
        "default",
    ]


def start_worker(env, backend, **options):
    # Its own session: killing it takes RQ's work horse (a child process) down with it.
    return subprocess.Popen(
        [str(BIN / "python"), str(ROOT / "manage.py"), *worker_command(backend, **options)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=20)


def ask_for_reset(base, email):
    """The password-reset form, filled in by a browser with cookies."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    _, _, page = http(f"{base}/accounts/password/reset/", opener=opener)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": email}).encode()
    started = time.monotonic()
    status, _, body = http(f"{base}/accounts/password/reset/", data=data, opener=opener)
    elapsed = time.monotonic() - started
    # The opener follows the redirect to "Check your email" page.
    assert status == 200 and b"Check your email" in body, body.decode()[-2000:]
    return elapsed


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_real_worker_sends_and_a_killed_workers_email_is_sent_once(
    backend, tmp_path, smtp, redis_url
):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database_url = fresh_postgres_database(f"alongside_tasks_{backend}")
    else:
        database_url = f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    env = base_env(
        tmp_path,
        database_url,
        TASKS_BACKEND=backend,
        TASKS_REDIS_URL=redis_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_TIMEOUT="10",
        EMAIL_CLAIM_SECONDS=str(CLAIM_SECONDS),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )
    with gunicorn(env, workers=1) as base:
        manage(
            env,
            "shell",
            "-c",
            "from tests.factories import make_user\n"
            "make_user('first@example.com'); make_user('second@example.com')",
        )

        # 1. A request enqueues; a running worker delivers.
        first = start_worker(env, backend, scheduler=False)
        try:
            ask_for_reset(base, "first@example.com")
            assert smtp.wait_for_messages(1, seconds=30), "the running worker sent nothing"
            assert smtp.sent_to() == ["first@example.com"]

            # 2. The server goes silent; the worker takes the next email and is killed.
            smtp.hold()
            connections = smtp.connections
            elapsed = ask_for_reset(base, "second@example.com")
            assert elapsed < 2, f"the request waited for the mail server ({elapsed:.1f}s)"
            assert smtp.wait_for_connection(connections + 1, seconds=30)
        finally:
            stop(first, signal.SIGKILL)
        smtp.answer()
        assert smtp.sent_to() == ["first@example.com"]  # the killed worker sent nothing

        # 3. Another worker takes it over once the claim has run out, and sends it once.
        second = start_worker(env, backend)
        try:
            assert smtp.wait_for_messages(2, seconds=45), "no worker took the email over"
            time.sleep(CLAIM_SECONDS * 2 + 2)  # any further take-over would have run by now
            assert smtp.sent_to() == ["first@example.com", "second@example.com"]
        finally:
            stop(second)
