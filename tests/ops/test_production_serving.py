"""Production serving smoke test: gunicorn + WhiteNoise with production settings, over HTTP.

Starts `gunicorn config.wsgi` as a real process (2 workers) against a freshly migrated
database, then checks security headers, a page, a hashed static file and /healthz.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prod")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # Test settings relax HTTPS through the environment; production must not inherit that.
        if not key.startswith(("DJANGO_", "DEBUG", "PYTEST", "SECURE_", "SECRET_KEY"))
    }
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        # A database of its own, so the smoke test never touches the test database.
        base, _, _ = database_url.rpartition("/")
        name = "alongside_smoke"
        subprocess.run(
            ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True
        )
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        env["DATABASE_URL"] = f"{base}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'smoke.sqlite3'}"
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="smoke-test-" + "x" * 50,
        ALLOWED_HOSTS="localhost,127.0.0.1",
        STATIC_ROOT=str(tmp / "static"),
        LOG_FORMAT="json",
    )
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer: " + process.stderr.read().decode()[-2000:])
    yield base
    process.terminate()
    process.wait(timeout=10)


HTTPS = {"X-Forwarded-Proto": "https"}


def test_landing_page_is_served_with_strict_security_headers(production_server):
    status, headers, body = _get(f"{production_server}/", HTTPS)
    assert status == 200
    assert b"Alongside" in body
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(production_server):
    request = urllib.request.Request(f"{production_server}/privacy/")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request, timeout=10)
    assert caught.value.code == 301
    assert caught.value.headers["Location"].startswith("https://")


def test_error_pages_carry_the_same_headers(production_server):
    status, headers, body = _get(f"{production_server}/no-such-page/", HTTPS)
    assert status == 404
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert b"988" in body  # crisis help on error pages too


def test_static_files_are_hashed_compressed_and_cached_forever(production_server):
    _, _, body = _get(f"{production_server}/", HTTPS)
    css_path = next(
        part.split('"')[0]
        for part in body.decode().split('href="')[1:]
        if part.startswith("/static/css/alongside.")
    )
    assert css_path != "/static/css/alongside.css", "static files should be hashed"
    status, headers, _ = _get(
        f"{production_server}{css_path}", {**HTTPS, "Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers.get("Content-Encoding") in {"gzip", "br"}
    assert "immutable" in headers["Cache-Control"]


def test_healthz_checks_the_database_over_plain_http(production_server):
    status, headers, body = _get(f"{production_server}/healthz")
    assert (status, body) == (200, b"ok\n")
    assert "no-store" in headers["Cache-Control"] or "max-age=0" in headers["Cache-Control"]
