"""gunicorn's access log keeps no invitation token, reset key or confirmation key."""

import datetime
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from config.gunicorn_logging import RedactingLogger, redact


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/invite/AbC123-secret_token/", "/invite/[secret]/"),
        ("/invite/AbC123-secret_token/answer/", "/invite/[secret]/answer/"),
        ("/accounts/password/reset/key/1-abc-123def/", "/accounts/password/reset/key/[secret]/"),
        ("/accounts/confirm-email/MQ:1abc:xyz/", "/accounts/confirm-email/[secret]/"),
        ("/calendar/feed/AbC-123_secret.ics", "/calendar/feed/[secret]"),
        ("/checkins/", "/checkins/"),
    ],
)
def test_secrets_in_paths_are_replaced(path, logged):
    assert redact(path) == logged


def test_the_access_log_line_and_referer_are_redacted():
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/invite/SECRET-TOKEN-1/",
        "PATH_INFO": "/invite/SECRET-TOKEN-1/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://alongside.example/accounts/confirm-email/SECRET-KEY-2/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=0))
    line = logger.cfg.access_log_format % atoms
    assert "SECRET" not in line
    assert "/invite/[secret]/" in line
