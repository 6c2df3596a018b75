"""What Alongside may keep on a person's device for use without a network.

Two things, and nothing else: the offline page (the crisis lines, the same for everyone, with
nothing about the person on it), and, only if its owner asks on that device, a copy of their
own safety plan. The service worker (service_worker.js) enforces the "nothing else" side; the
rules here decide whose plan may be kept, and where.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone

from journal.models import SafetyPlan
from journal.safety import rules as safety_plan
from partners.access import current_couple
from partners.middleware import IDLE_SINCE
from partners.models import User

# The request header with which the service worker asks for the one page it may keep, and
# the response header with which the server says that this response may be kept.
KEEP_HEADER = "X-Alongside-Keep"
KEEP_VALUE = "safety-plan"
# The same response header saying that no copy may stay on this device (signed out, not the
# owner, a shared device): the one answer on which the worker removes a kept copy.
REFUSED_VALUE = "refused"
# The cache that holds the plan: the service worker and the page's JavaScript both name it.
PLAN_CACHE = "alongside-plan"


def keepable_plan(request: HttpRequest) -> SafetyPlan | None:
    """The saved plan this person owns and reads as theirs, or None.

    Only the partner in treatment keeps their plan on a device: it is their writing and their
    choice. A supporting partner reads it online but cannot take a copy away (they can print
    it, which the plan's owner sees being offered on the same page). A plan never saved has
    nothing to keep.
    """
    user = request.user
    if not isinstance(user, User):
        return None  # signed out: nothing here is theirs
    couple = current_couple(request)
    if couple is None:
        plan = safety_plan.own_plan(user)
    elif not couple.me.is_in_treatment:
        return None
    elif couple.is_complete:
        plan = safety_plan.plan_for(couple.partnership)
        if plan.owner_id not in (None, user.pk):
            return None
    else:
        plan = safety_plan.own_plan(user)
    if plan is None or plan.pk is None:
        return None
    return plan


def on_shared_device(request: HttpRequest) -> bool:
    """The person said at sign-in that this is a shared or public device."""
    return request.session.get(IDLE_SINCE) is not None


def saved_at_text(time_zone: str, moment: datetime | None = None) -> str:
    """When the copy was made, in the person's own time zone, for the page and its header."""
    time_zone = time_zone or "UTC"
    moment = timezone.localtime(moment or timezone.now(), ZoneInfo(time_zone))
    return f"{moment.day} {moment:%B %Y at %H:%M} ({time_zone})"
