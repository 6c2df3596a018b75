"""Secrets some addresses carry, kept out of every log line.

Clinic-summary tokens, invitation tokens, password-reset keys, email-confirmation keys and
calendar-feed addresses travel in the path. Django's own loggers ("Bad Request: /for-clinic/…"
on a 400/404/410/429, django.server's request lines) and ours would otherwise write the live
secret into the log; the log keeps the shape of the path with "[secret]" in its place.
"""

import logging
import re

SECRET_IN_PATH = re.compile(
    r"(/for-clinic/|/invite/|/accounts/password/reset/key/|/accounts/confirm-email/"
    r"|/calendar/feed/)[^/?#\s\"']+"
)


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[secret]", text) if text else text


def _redact_arg(value: object) -> object:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bytes):
        return redact(value.decode("utf-8", "replace"))
    return value


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message and arguments in place (never drops a record).

    Attached to the loggers that name request paths, so the record is clean before it
    propagates to any handler (including a test's), and to the handler for everything else.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redact_arg(arg) for key, arg in record.args.items()}
        return True
