"""Real processes for the operations tests: gunicorn with production settings, and a
throwaway PostgreSQL cluster that a test may restart without touching the shared one."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HTTPS = {"X-Forwarded-Proto": "https"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url, *, headers=None, data=None, opener=None):
    """(status, headers, body) of one request, without following redirects."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    opener = opener or urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def production_env(tmp, database_url, **extra):
    """The environment of a production deployment, minus anything tests relaxed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "PYTEST", "SECURE_", "SECRET_KEY", "REDIS"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="ops-test-" + "k" * 50,
        ALLOWED_HOSTS="localhost,127.0.0.1",
        STATIC_ROOT=str(tmp / "static"),
        LOG_FORMAT="json",
        DATABASE_URL=database_url,
        **extra,
    )
    return env


def manage(env, *args):
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT
    )


def fresh_postgres_database(name):
    """A new, empty database on the PostgreSQL of DATABASE_URL; returns its URL."""
    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True
    )
    subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    return f"{base}/{name}"


@contextmanager
def flushed_redis(db):
    """The machine's Redis at database `db`, emptied before and after; CI must have it."""
    import pytest

    redis = pytest.importorskip("redis")
    url = f"redis://127.0.0.1:6379/{db}"
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    yield url
    client.flushdb()


@contextmanager
def gunicorn(env, *, workers=2):
    """Migrate, collect static files, serve; yields the base URL and stops the server."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def wait_until_healthy(base, process=None, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("gunicorn exited: " + process.stderr.read().decode()[-2000:])
        try:
            if http(f"{base}/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not become healthy in {seconds}s")


def postgres_bin():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary folder, on its own port, run as the
    `postgres` system user (initdb refuses root). Restarting it affects no other test."""

    def __init__(self):
        self.bin = postgres_bin()
        # Directly under /tmp: pytest's own temporary folders are private to root, and the
        # server runs as `postgres`.
        self.folder = Path(tempfile.mkdtemp(prefix="alongside-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()

    @property
    def available(self):
        return self.bin is not None and shutil.which("runuser") and os.geteuid() == 0

    def _as_postgres(self, *args):
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)

    def start(self):
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )
        self._pg_ctl("start")

    def _pg_ctl(self, action):
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
            "-w",
            "-m",
            "fast",
            action,
        )

    def restart(self):
        self._pg_ctl("restart")

    def stop(self):
        self._pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"
