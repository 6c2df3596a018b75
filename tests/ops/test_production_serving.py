"""Production serving smoke test: gunicorn + WhiteNoise with production settings, over HTTP.

Starts `gunicorn config.wsgi` as a real process (2 workers) against a freshly migrated
database (PostgreSQL when DATABASE_URL says so) and Redis as the cache, then checks
security headers, a page, a hashed static file, /healthz and shared rate limits.
"""

import json
import os
import re
import urllib.parse

import pytest

from tests.ops.servers import (
    HTTPS,
    flushed_redis,
    fresh_postgres_database,
    gunicorn,
    http,
    production_env,
)

REDIS_DB = 6


@pytest.fixture(scope="module")
def redis_url():
    with flushed_redis(REDIS_DB) as url:
        yield url


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, redis_url):
    tmp = tmp_path_factory.mktemp("prod")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database_url = fresh_postgres_database("alongside_smoke")
    else:
        database_url = f"sqlite:///{tmp / 'smoke.sqlite3'}"
    with gunicorn(production_env(tmp, database_url, REDIS_URL=redis_url)) as base:
        yield base


def test_landing_page_is_served_with_strict_security_headers(production_server):
    status, headers, body = http(f"{production_server}/", headers=HTTPS)
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
    status, headers, _ = http(f"{production_server}/privacy/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_error_pages_carry_the_same_headers(production_server):
    status, headers, body = http(f"{production_server}/no-such-page/", headers=HTTPS)
    assert status == 404
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert b"988" in body  # crisis help on error pages too


def test_static_files_are_hashed_compressed_and_cached_forever(production_server):
    _, _, body = http(f"{production_server}/", headers=HTTPS)
    css_path = re.search(r'href="(/static/css/alongside\.[0-9a-f]+\.css)"', body.decode())
    assert css_path, "static files should be served under hashed names"
    status, headers, _ = http(
        f"{production_server}{css_path.group(1)}", headers={**HTTPS, "Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers.get("Content-Encoding") in {"gzip", "br"}
    assert "immutable" in headers["Cache-Control"]


def test_healthz_checks_the_database_over_plain_http(production_server):
    status, headers, body = http(f"{production_server}/healthz")
    assert (status, body) == (200, b"ok\n")
    assert "no-store" in headers["Cache-Control"] or "max-age=0" in headers["Cache-Control"]


def test_sign_in_rate_limit_holds_across_workers_through_redis(production_server, redis_url):
    """Each attempt is a new connection, so the two workers share the work; the limit
    can only hold if its counter lives in Redis, which the test also checks directly."""
    import redis

    statuses = []
    for _ in range(8):
        status, headers, body = http(f"{production_server}/accounts/login/", headers=HTTPS)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "login": "nobody@example.com", "password": "wrong"}
        ).encode()
        status, _, body = http(
            f"{production_server}/accounts/login/",
            data=form,
            headers={
                **HTTPS,
                "Cookie": f"csrftoken={cookie}",
                "Referer": production_server.replace("http:", "https:") + "/accounts/login/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        statuses.append((status, b"Too many failed login attempts" in body))
    # allauth answers a blocked sign-in with the form and a clear message, not a 429.
    assert statuses[0] == (200, False)
    assert statuses[-1] == (200, True), statuses
    keys = redis.Redis.from_url(redis_url).keys("*")
    assert any(b"rl:" in key or b"ratelimit" in key.lower() for key in keys), keys


def test_manifest_worker_and_icons_are_served_from_this_site(production_server):
    """The install pieces in production: icons hashed by WhiteNoise, the worker at the root
    naming the same hashed stylesheet the pages use (so its offline page has its style)."""
    status, headers, body = http(f"{production_server}/manifest.webmanifest", headers=HTTPS)
    assert status == 200 and headers["Content-Type"] == "application/manifest+json"
    for icon in json.loads(body)["icons"]:
        assert re.fullmatch(r"/static/icons/[\w-]+\.[0-9a-f]{12}\.png", icon["src"]), icon
        status, headers, _ = http(f"{production_server}{icon['src']}", headers=HTTPS)
        assert status == 200 and headers["Content-Type"] == "image/png"
    status, headers, body = http(f"{production_server}/sw.js", headers=HTTPS)
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert headers["Cache-Control"] == "no-cache"
    _, _, page = http(f"{production_server}/", headers=HTTPS)
    css = re.search(r'href="(/static/css/alongside\.[0-9a-f]+\.css)"', page.decode()).group(1)
    assert f'"{css}"' in body.decode()
