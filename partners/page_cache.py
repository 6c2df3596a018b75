"""The couple's page cache: a signed-in page is rendered once and served again while it is true.

A couple's pages change only when their data does, and every change to their data raises
`Partnership.version` in the same transaction (database triggers, journal migration 0014).
So a page rendered for one person at version N, on the couple's date D, is still exactly
right for that person while the version is N and the date is D; the key holds both, and
the person's own session, so nothing rendered for one person or one sign-in can reach
another. Nothing here decides who may see what: the view behind the door
(`partners.access`) renders the page the first time, with its own privacy rules.

What differs between two renders of the same data is put back fresh on every hit: the
CSRF token of each form, and each form's double-submit key. Words that age with the clock
("3 hours ago") call `true_until` while rendering; the page is served only until the
first of them would change. A page with a message for the person (after a form) is never
kept or served from here, since the message is for that one response.

Pages are kept in each process's own memory (the `couple_pages` cache): correctness never
depends on a shared cache, because freshness is read from the database with the couple.
With ``COUPLE_PAGE_CACHE=verify`` (the test suite) every hit is also rendered afresh and
compared, so a stale page fails the test that asked for it.
"""

import hashlib
import re
import time
import uuid
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone

from partners.access import Couple, current_couple
from partners.middleware import IDLE_SINCE

CACHE_ALIAS = "couple_pages"
# However long a page says it stays true, it is rendered afresh at least once an hour.
LONGEST = 60 * 60

_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_SUBMISSION_VALUE = re.compile(rb'(name="(?:[\w-]*-)?submission_key" value=")[0-9a-f-]{36}(")')
# NUL never reaches a page from what people type (forms refuse it), so these marks cannot
# collide with anyone's words.
_CSRF_MARK = b"\x00csrf\x00"
_SUBMISSION_MARK = b"\x00submission-key\x00"


@dataclass
class _Render:
    until: float


_render: ContextVar[_Render | None] = ContextVar("couple_page_render", default=None)


def true_until(moment: datetime) -> None:
    """Something on the page being rendered stops being true at `moment`."""
    render = _render.get()
    if render is not None:
        render.until = min(render.until, moment.timestamp())


def relative_time_shown(moment: datetime) -> None:
    """A page says how long ago `moment` was: it stays true until those words change.

    Under a minute the words are "just now"; Django's `timesince` names two units, so under
    a day they change every minute ("3 hours, 5 minutes"), after that every hour.
    """
    now = timezone.now()
    age = (now - moment).total_seconds()
    step = 60 if age < 24 * 3600 else 3600
    true_until(now + timedelta(seconds=step - (age % step)))


@dataclass(frozen=True)
class _Page:
    until: float
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self, request: HttpRequest) -> HttpResponse:
        content = zlib.decompress(self.content)
        if _CSRF_MARK in content:
            content = content.replace(_CSRF_MARK, get_token(request).encode())
        if _SUBMISSION_MARK in content:
            parts = content.split(_SUBMISSION_MARK)
            content = parts[0] + b"".join(str(uuid.uuid4()).encode() + p for p in parts[1:])
        response = HttpResponse(content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return response


def _marked(content: bytes) -> bytes:
    content = _CSRF_VALUE.sub(rb"\1" + _CSRF_MARK + rb"\2", content)
    return _SUBMISSION_VALUE.sub(rb"\1" + _SUBMISSION_MARK + rb"\2", content)


def _key(request: HttpRequest, couple: Couple, extra: str) -> str:
    partnership = couple.partnership
    parts = [
        str(request.user.pk),
        request.session.session_key or "",
        # What a page may say about this sign-in itself (a shared device keeps no plan).
        "shared-device" if request.session.get(IDLE_SINCE) is not None else "",
        str(partnership.public_id),
        str(partnership.version),
        partnership.today().isoformat(),
        extra,
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"couple-page:{digest}"


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        # A message added while rendering belongs to this response's successor only.
        and not getattr(getattr(request, "_messages", None), "_queued_messages", None)
    )


def _mode() -> str:
    return getattr(settings, "COUPLE_PAGE_CACHE", "on")


class StalePage(AssertionError):
    """A page served from the cache differs from the page rendered now (verify mode)."""


def couple_page(
    view: Callable[..., HttpResponseBase] | None = None,
    *,
    key_extra: Callable[[], object] | None = None,
) -> Any:
    """Serve a signed-in GET page from the couple's page cache while it is still true.

    Put it inside the door (below `couple_required` or `login_required`), so a request is
    only ever answered from here after the same checks as a fresh render. `key_extra`
    adds what else the page depends on (the library's generation, for library pages).
    """

    def decorator(view_func: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            mode = _mode()
            if mode == "off" or request.method != "GET" or len(get_messages(request)):
                return view_func(request, *args, **kwargs)
            couple = current_couple(request)
            if couple is None:
                return view_func(request, *args, **kwargs)
            key = _key(request, couple, str(key_extra()) if key_extra else "")
            store = caches[CACHE_ALIAS]
            page = store.get(key)
            if isinstance(page, _Page) and page.until > time.time():
                if mode == "verify":
                    _compare(page, view_func(request, *args, **kwargs))
                return page.response(request)
            render = _Render(until=time.time() + LONGEST)
            token = _render.set(render)
            try:
                response = view_func(request, *args, **kwargs)
            finally:
                _render.reset(token)
            lifetime = render.until - time.time()
            if lifetime >= 1 and _keepable(request, response):
                assert isinstance(response, HttpResponse)
                page = _Page(
                    until=render.until,
                    status=response.status_code,
                    # Compressed: a page is ~5x smaller, so a process keeps 5x more of them.
                    content=zlib.compress(_marked(response.content), 1),
                    headers=tuple(response.headers.items()),
                )
                store.set(key, page, int(lifetime))
            return response

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def _compare(page: _Page, fresh: HttpResponseBase) -> None:
    fresh_content = _marked(fresh.content) if isinstance(fresh, HttpResponse) else b""
    kept_content = zlib.decompress(page.content)
    if fresh_content != kept_content:
        kept, now = kept_content.decode(errors="replace"), fresh_content.decode(errors="replace")
        at = next((i for i, (a, b) in enumerate(zip(kept, now, strict=False)) if a != b), 0)
        around = slice(max(0, at - 80), at + 120)
        raise StalePage(
            f"A cached page differs from a fresh render: cached {kept[around]!r} / "
            f"fresh {now[around]!r}"
        )
