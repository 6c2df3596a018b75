"""gunicorn's access log without the secrets some addresses carry.

Invitation tokens, password-reset keys, email-confirmation keys and calendar-feed
addresses travel in the path
(and, once a page links onwards, in the Referer). Anyone who can read the access log
could otherwise pair with a couple or take over an account; the log keeps the shape
of the path and replaces the secret part with "[secret]".
"""

from gunicorn.glogging import Logger

from config.log_redact import SECRET_IN_PATH, redact

__all__ = ["SECRET_IN_PATH", "RedactingLogger", "redact"]


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            atoms[key] = redact(atoms.get(key))
        for key in list(atoms):
            if key.startswith("{") and key.endswith("}i"):
                atoms[key] = redact(atoms[key])
        return atoms
