"""The calendar: a private feed of planned session days, and one day as a download."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from journal.calendar import rules
from journal.treatment.models import Status, TreatmentEntry
from partners.access import couple_required, get_couple_or_404

# Unknown addresses from one IP: far more than this is someone guessing. Only failures
# count, because calendar services fetch many people's valid feeds from shared addresses.
FEED_FAILURES = 60
FEED_WINDOW = 600
# One valid address: calendar apps poll every few minutes to hours, so this is generous.
TOKEN_REQUESTS = 120


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _unlogged(response: HttpResponse) -> HttpResponse:
    """A refusal that Django's request log leaves out: the path holds a secret."""
    # Django's own flag for "already logged"; private, so the stubs do not declare it.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _slow_down() -> HttpResponse:
    response = HttpResponse(
        "Too many requests for calendar addresses. Try again in a few minutes.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(FEED_WINDOW)
    return _unlogged(response)


def _count(key: str) -> int:
    """One more in this key's window; 0 if the cache cannot count."""
    cache.add(key, 0, FEED_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:
        return 0


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in (calendar apps cannot): the secret address is the key."""
    couple = rules.couple_for_token(token)
    if couple is None:
        if _count(f"calendar-feed-failures:{_ip(request)}") > FEED_FAILURES:
            return _slow_down()
        return _unlogged(HttpResponse(status=404))
    # Keyed by the stored hash, never the address itself.
    if _count(f"calendar-feed-token:{couple.me.calendar_feed_hash}") > TOKEN_REQUESTS:
        return _slow_down()
    return _calendar_response(rules.feed(couple), "session-days.ics")


@couple_required
@require_GET
def download(request: HttpRequest, public_id) -> HttpResponse:
    couple = get_couple_or_404(request)
    entry = couple.get_object_or_404(
        TreatmentEntry.objects.sessions().filter(status=Status.PLANNED), public_id=public_id
    )
    return _calendar_response(rules.one(entry, couple), f"session-day-{entry.on_date:%Y-%m-%d}.ics")


@couple_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    couple = get_couple_or_404(request)
    me = couple.me
    new_url = ""
    status = 200
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "make":
            new_url = rules.feed_url(rules.make_feed(me))
        elif action == "stop":
            rules.stop_feed(me)
        else:
            error = "Choose one of the buttons below."
            status = 400
    return render(
        request,
        "journal/calendar/settings.html",
        {
            "couple": couple,
            "has_feed": bool(me.calendar_feed_hash),
            "new_url": new_url,
            "stopped": request.method == "POST" and request.POST.get("action") == "stop",
            "error": error,
        },
        status=status,
    )
