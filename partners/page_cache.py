"""The couple's page cache: a signed-in page is rendered once and served again while it is true.

A couple's pages change only when their data does, and every change to their data raises
`Partnership.version` in the same transaction (database triggers, journal migration 0014).
So a page rendered for one person at version N, on the couple's date D, is still exactly
right for that person while the version is N and the date is D; the key holds both, and
the person's own session, so nothing rendered for one person or one sign-in can reach
another. Three kinds of rows that everyday use changes all the time (reading marks and
suggestions, notices, emails sent) raise counters of their own instead (migration 0015):
while a page renders, the tables its queries read are noted, and the page is kept with
the counters of those it read, so a page that never read a notice is not rendered again
for each new one. What the layout shows from the couple's own query (the unread count,
an unseen alert) is part of the key. Nothing here decides who may see what: the view behind the door
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
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe

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


# Partnership counter -> the tables whose changes raise it (journal migration 0015). A page
# that read none of a counter's tables does not depend on it; every page depends on
# `version`, which any other change raises.
COUNTERS = {
    "library_version": ("resources_readingmark", "resources_suggestion"),
    "notices_version": ("journal_notice",),
    "deliveries_version": ("partners_delivery",),
}


@dataclass
class _Render:
    until: float
    counters: set[str]

    def note_tables(
        self, execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any
    ) -> Any:
        # A plain substring test: a statement that merely names a table counts as reading
        # it, which can only make a page depend on more than it needs.
        text = str(sql)
        for counter, tables in COUNTERS.items():
            if counter not in self.counters and any(table in text for table in tables):
                self.counters.add(counter)
        return execute(sql, params, many, context)


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
    # The counters of the tables the page read, as they were before it was rendered.
    counters: tuple[tuple[str, int], ...] = ()

    def is_current(self, couple: Couple) -> bool:
        return _still_true(self.until, self.counters, couple)

    def response(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(
            _refreshed(request, zlib.decompress(self.content)), status=self.status
        )
        for name, value in self.headers:
            response.headers[name] = value
        return response


@dataclass(frozen=True)
class _Fragment:
    """A part of a page, kept like a page: see `fragment`."""

    until: float
    content: bytes
    counters: tuple[tuple[str, int], ...]

    def is_current(self, couple: Couple) -> bool:
        return _still_true(self.until, self.counters, couple)


def _still_true(until: float, counters: tuple[tuple[str, int], ...], couple: Couple) -> bool:
    partnership = couple.partnership
    return until > time.time() and all(
        getattr(partnership, counter) == value for counter, value in counters
    )


def _refreshed(request: HttpRequest, content: bytes) -> bytes:
    """Kept content with this request's CSRF token and new double-submit keys."""
    if _CSRF_MARK in content:
        content = content.replace(_CSRF_MARK, get_token(request).encode())
    if _SUBMISSION_MARK in content:
        parts = content.split(_SUBMISSION_MARK)
        content = parts[0] + b"".join(str(uuid.uuid4()).encode() + p for p in parts[1:])
    return content


def fragment(request: HttpRequest, name: str, build: Callable[[], str]) -> str:
    """A part of a couple page (`build()`'s HTML), kept while it is true, like a page.

    A page that depends on a busy counter (the dashboard reads notices and reading marks)
    is rendered again each time one moves; the parts of it that read neither can come from
    here meanwhile. Kept under the page's own key with `name` added, with the counters of
    the tables `build` read and the moment its words stop being true, which the page being
    rendered takes on, whether the part is built now or kept. Outside a couple page being
    rendered for its cache (the cache off, a page with a message), it is simply built.
    """
    outer = _render.get()
    couple = current_couple(request)
    if outer is None or couple is None:
        return mark_safe(build())  # noqa: S308 - build() returns rendered template output
    store = caches[CACHE_ALIAS]
    key = _key(request, couple, f"fragment:{name}", navigation=False)
    kept = store.get(key)
    if isinstance(kept, _Fragment) and kept.is_current(couple):
        if _mode() == "verify":
            _compare_content(kept.content, _built(build)[0].encode())
        outer.until = min(outer.until, kept.until)
        outer.counters.update(counter for counter, _ in kept.counters)
        return mark_safe(_refreshed(request, kept.content).decode())  # noqa: S308
    html, render = _built(build)
    outer.until = min(outer.until, render.until)
    outer.counters.update(render.counters)
    lifetime = render.until - time.time()
    if lifetime >= 1:
        counters = tuple((c, getattr(couple.partnership, c)) for c in sorted(render.counters))
        store.set(key, _Fragment(render.until, _marked(html.encode()), counters), int(lifetime))
    return mark_safe(html)  # noqa: S308


def _built(build: Callable[[], str]) -> tuple[str, _Render]:
    """`build()`, noting what it read and how long its words stay true."""
    render = _Render(until=time.time() + LONGEST, counters=set())
    token = _render.set(render)
    try:
        with connections["default"].execute_wrapper(render.note_tables):
            html = build()
    finally:
        _render.reset(token)
    return html, render


def _marked(content: bytes) -> bytes:
    content = _CSRF_VALUE.sub(rb"\1" + _CSRF_MARK + rb"\2", content)
    return _SUBMISSION_VALUE.sub(rb"\1" + _SUBMISSION_MARK + rb"\2", content)


def _key(request: HttpRequest, couple: Couple, extra: str, navigation: bool = True) -> str:
    partnership = couple.partnership
    parts = [
        str(request.user.pk),
        request.session.session_key or "",
        # What a page may say about this sign-in itself (a shared device keeps no plan).
        "shared-device" if request.session.get(IDLE_SINCE) is not None else "",
        str(partnership.public_id),
        str(partnership.version),
        # What the couple's own query counted from rows that do not raise the version (my
        # unread notices, in every page's navigation) and whether an alert is pinned. The
        # partner's side of the same counts is never shown (Couple.unread_notices). A part
        # of a page (`fragment`) holds no navigation.
        str(couple.unread_notices) if navigation else "",
        str(getattr(couple.me, "has_unseen_alert", "")),
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
            if isinstance(page, _Page) and page.is_current(couple):
                if mode == "verify":
                    _compare(page, view_func(request, *args, **kwargs))
                return page.response(request)
            render = _Render(until=time.time() + LONGEST, counters=set())
            token = _render.set(render)
            try:
                with connections["default"].execute_wrapper(render.note_tables):
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
                    # Read from the couple loaded before rendering: a change committed
                    # while the page rendered makes it look older, never newer.
                    counters=tuple(
                        (counter, getattr(couple.partnership, counter))
                        for counter in sorted(render.counters)
                    ),
                )
                store.set(key, page, int(lifetime))
            return response

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def _compare(page: _Page, fresh: HttpResponseBase) -> None:
    fresh_content = fresh.content if isinstance(fresh, HttpResponse) else b""
    _compare_content(zlib.decompress(page.content), fresh_content)


def _compare_content(kept_content: bytes, fresh_content: bytes) -> None:
    fresh_content = _marked(fresh_content)
    if fresh_content != kept_content:
        kept, now = kept_content.decode(errors="replace"), fresh_content.decode(errors="replace")
        at = next((i for i, (a, b) in enumerate(zip(kept, now, strict=False)) if a != b), 0)
        around = slice(max(0, at - 80), at + 120)
        raise StalePage(
            f"A cached page differs from a fresh render: cached {kept[around]!r} / "
            f"fresh {now[around]!r}"
        )
