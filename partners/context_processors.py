"""Values every template can use: crisis lines and the person's couple (lazily)."""

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partners.access import current_couple
from partners.models import User

if TYPE_CHECKING:
    from journal.safety.crisis import Pinned


def alongside(request: HttpRequest) -> dict[str, Any]:
    return {
        "crisis_lines": settings.CRISIS_LINES,
        "domestic_abuse_lines": settings.DOMESTIC_ABUSE_LINES,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        # Urgent alerts from a partner, pinned to every page until seen. The couple's own
        # query already says whether there are any, so a page without one costs nothing.
        "pinned_alerts": SimpleLazyObject(lambda: _pinned_alerts(request)),
        # Only evaluated by templates that ask (the navigation); one query, cached.
        "current_couple": SimpleLazyObject(lambda: current_couple(request) or False),
    }


def _pinned_alerts(request: HttpRequest) -> "list[Pinned]":
    couple = current_couple(request)
    if not couple or not getattr(couple.me, "has_unseen_alert", False):
        return []
    from journal.safety import crisis  # the journal builds on partners, not the other way round

    return crisis.pinned_for(cast(User, request.user), couple.partnership)
