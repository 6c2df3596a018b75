"""What an answer must be: an exact status, or a 302 whose destination is checked too."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

ACTORS = ("anonymous", "stranger", "in_treatment", "supporting", "editor", "reviewer", "operator")
SIGNED_IN = ACTORS[1:]
PARTNERS = ("in_treatment", "supporting")
# A response with one of these means "no": it must not have written anything.
REFUSALS = (403, 404, 405)


@dataclass(frozen=True)
class Redirect:
    """A 302. `door` redirects (sign in, reauthenticate, admin sign-in) must carry the
    requested path as `next`; any other must point exactly at `target`."""

    door: str = ""
    target: object = None

    @property
    def is_refusal(self):
        return bool(self.door)

    def __repr__(self):
        if self.door:
            return f"302 to {self.door}"
        return f"302 to {self.target!r}"


LOGIN = Redirect(door="account_login")
REAUTH = Redirect(door="account_reauthenticate")
ADMIN_LOGIN = Redirect(door="admin:login")


def to(target):
    """A 302 to a path (with its query, if any), a regex, or fn(world, couple) -> path."""
    return Redirect(target=target)


def login_then(next_path):
    """A 302 to sign in that comes back to another page than the one requested
    (a path, or fn(world, couple) -> path)."""
    return Redirect(door="account_login", target=next_path)


def is_refusal(expected):
    return expected in REFUSALS or (isinstance(expected, Redirect) and expected.is_refusal)


def mismatch(response, expected, path, world, couple):
    """Why `response` is not `expected`, or None when it is."""
    status = response.status_code
    if isinstance(expected, int):
        return None if status == expected else f"expected {expected}, got {_seen(response)}"
    if status != 302:
        return f"expected {expected!r}, got {_seen(response)}"
    location = urlsplit(response["Location"])
    if location.netloc not in ("", "testserver"):
        return f"redirects off-site: {response['Location']}"
    if expected.door:
        wanted_next = expected.target or path
        if callable(wanted_next):
            wanted_next = wanted_next(world, couple)
        door = reverse(expected.door)
        got_next = parse_qs(location.query).get("next")
        if location.path != door or got_next != [wanted_next]:
            return f"expected 302 to {door}?next={wanted_next}, got {_seen(response)}"
        return None
    got = location.path + (f"?{location.query}" if location.query else "")
    target = expected.target
    if isinstance(target, re.Pattern):
        ok = target.fullmatch(got) is not None
    else:
        wanted = target(world, couple) if callable(target) else target
        ok = got == wanted
    return None if ok else f"expected {expected!r}, got {_seen(response)}"


def _seen(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)
