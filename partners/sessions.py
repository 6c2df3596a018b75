"""The session store: Django's cached_db, refusing session keys it could never have made.

Django only ever hands out keys of lowercase letters and digits. A forged cookie can carry
anything, a NUL byte included (a quoted cookie value may spell it "\\000"), and PostgreSQL
refuses NUL in text: the lookup would turn any page into a 500 instead of a signed-out visit.
"""

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

_VALID = frozenset(VALID_KEY_CHARS)


class SessionStore(cached_db.SessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and _VALID.issuperset(key)
