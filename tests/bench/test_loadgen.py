"""The load generator: counts what it sends, and treats anything but a 200 as an error."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import loadgen


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        cookie = self.headers.get("Cookie", "")
        token = self.headers.get("X-CSRFToken", "")
        # A form post that worked redirects; anything else is refused.
        worked = body == b"action=read" and token and f"csrftoken={token}" in cookie
        self.send_response(302 if worked else 403)
        signed_in = "sessionid=abc" in cookie
        self.send_header("Location", "/library/x/" if signed_in else "/accounts/login/?next=/x/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        cookie = self.headers.get("Cookie", "")
        if self.path == "/ok" and cookie.startswith("sessionid=abc"):
            body = b"fine"
            self.send_response(200)
        else:
            # Like a signed-out visitor sent to the sign-in page.
            body = b""
            self.send_response(302)
            self.send_header("Location", "/accounts/login/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server_port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_counts_every_answer_and_each_page_separately(server_port):
    person = loadgen.Person("abc", ["/ok", "/ok"], ["first", "second"])
    stats = loadgen.run([person], server_port, 0.5, processes=1)
    summary = stats.summary()
    assert summary["requests"] > 10
    assert summary["errors"] == 0
    assert summary["statuses"] == {"200": summary["requests"]}
    assert set(summary["per_path"]) == {"first", "second"}
    assert summary["p50_ms"] <= summary["p99_ms"]


def test_a_redirect_is_an_error_not_a_success(server_port):
    signed_out = loadgen.Person(None, ["/ok"])
    stats = loadgen.run([signed_out], server_port, 0.3, processes=1)
    assert stats.requests > 0
    assert stats.failures == stats.requests
    assert stats.summary()["error_kinds"] == {"HTTP 302 /ok": stats.requests}


def test_form_posts_carry_the_csrf_secret_and_a_redirect_means_success(server_port):
    person = loadgen.Person(
        "abc", ["/ok", "/read"], ["page", "mark"], posts={1: "action=read"}, csrf="s" * 32
    )
    stats = loadgen.run([person], server_port, 0.3, processes=1)
    assert stats.failures == 0
    assert stats.statuses[302] > 0
    assert stats.statuses[200] > 0


def test_a_refused_post_is_an_error(server_port):
    person = loadgen.Person("abc", ["/read"], posts={0: "action=read"})  # no CSRF secret
    stats = loadgen.run([person], server_port, 0.3, processes=1)
    assert stats.failures == stats.requests > 0
    assert stats.statuses == {403: stats.requests}


def test_a_post_sent_to_the_sign_in_page_is_an_error(server_port):
    signed_out = loadgen.Person(
        "expired",
        ["/read"],
        posts={0: "action=read"},
        csrf="s" * 32,
        login_path="/accounts/login/",
    )
    stats = loadgen.run([signed_out], server_port, 0.3, processes=1)
    assert stats.statuses == {302: stats.requests}
    assert stats.failures == stats.requests > 0


def test_a_closed_port_is_counted_as_errors_not_raised():
    closed = ServerSocketPort()
    stats = loadgen.run([loadgen.Person(None, ["/ok"])], closed.port, 0.2, processes=1)
    assert stats.failures == stats.requests > 0


def test_only_ever_targets_loopback():
    assert loadgen.HOST == "127.0.0.1"
    assert b"Host: 127.0.0.1:8000" in loadgen.request_bytes("/x", None, 8000)


class ServerSocketPort:
    """A port nothing listens on."""

    def __init__(self):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
