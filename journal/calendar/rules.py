"""Planned session days as calendar events, and each person's private feed of them.

What a calendar shows can be read over a shoulder, on a lock screen or by whoever shares
the calendar, so events name no treatment, dose or drug, no site and no product: "Session
day", and "Alex driving" only once Alex has said yes. A driver's name typed as free text
stays out (it could say anything). The feed address is a secret (a bearer token): only
its SHA-256 is stored, it belongs to one person's place in one partnership, and it stops
working when they turn it off, make a new one, or leave.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from journal.calendar import ics
from journal.treatment.models import Driver, Status, TreatmentEntry
from partners.access import Couple, load_couple
from partners.models import Membership

CALENDAR_NAME = "Session days"
# How long an event blocks when only its start is known: the session and the ride home.
SESSION_LENGTH = timedelta(hours=2)
# Past session days stay in the feed this long, then drop out.
DAYS_BACK = 30


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_feed(membership: Membership) -> str:
    """A new secret address for this person's feed; any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    Membership.objects.filter(pk=membership.pk).update(
        calendar_feed_hash=_hash(token), calendar_feed_since=timezone.now()
    )
    membership.calendar_feed_hash = _hash(token)
    return token


def stop_feed(membership: Membership) -> None:
    Membership.objects.filter(pk=membership.pk).update(
        calendar_feed_hash="", calendar_feed_since=None
    )
    membership.calendar_feed_hash = ""


def feed_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar_feed", args=[token])


def couple_for_token(token: str) -> Couple | None:
    """The couple, seen from the feed's owner, or None for an unknown, stopped or left one."""
    if not token or len(token) > 100:
        return None
    membership = (
        Membership.objects.active()
        .filter(calendar_feed_hash=_hash(token), user__isnull=False)
        .select_related("user")
        .first()
    )
    if membership is None:
        return None
    couple = load_couple(membership.user)
    if couple is None or couple.me.pk != membership.pk or not couple.is_complete:
        return None
    return couple


def title(entry: TreatmentEntry, couple: Couple) -> str:
    """ "Session day", and the ride as it stands. No health words, no typed names."""
    if not entry.needs_ride or entry.driver == Driver.NONE:
        return "Session day"
    if entry.driver == Driver.PARTNER:
        if entry.driver_confirmed:
            return f"Session day: {couple.supporting_user.name} driving"
        # Asked, not yet agreed: saying "driving" would put words in their mouth.
        return "Session day: ride not confirmed yet"
    if entry.driver == Driver.OTHER:
        return "Session day: lift arranged"
    return "Session day: ride home not arranged yet"


def uid(entry: TreatmentEntry) -> str:
    """Stable per entry, and unlike its public id it opens no page anywhere."""
    digest = salted_hmac("journal.calendar.uid", str(entry.pk)).hexdigest()[:32]
    return f"{digest}@session-days"


def event(entry: TreatmentEntry, couple: Couple) -> ics.Event:
    zone = ZoneInfo(couple.partnership.time_zone)
    # No link back: the site's first line says what the treatment is.
    lines = []
    if entry.pickup_time:
        lines.append(f"Pick-up at {entry.pickup_time:%H:%M}.")
    starts = ends = None
    if entry.at_time is not None:
        starts = datetime.combine(entry.on_date, entry.at_time, tzinfo=zone)
        ends = starts + SESSION_LENGTH
        if entry.pickup_time is not None:
            pickup = datetime.combine(entry.on_date, entry.pickup_time, tzinfo=zone)
            if pickup > starts:
                ends = pickup
    return ics.Event(
        uid=uid(entry),
        stamp=entry.updated_at,
        summary=title(entry, couple),
        description="\n".join(lines),
        sequence=max(entry.version - 1, 0),
        starts=starts,
        ends=ends,
        on_day=entry.on_date,
    )


def planned_sessions(couple: Couple) -> QuerySet[TreatmentEntry]:
    since = couple.partnership.today() - timedelta(days=DAYS_BACK)
    return (
        TreatmentEntry.objects.for_partnership(couple.partnership)
        .sessions()
        .filter(status=Status.PLANNED, on_date__gte=since)
        .order_by(F("on_date").asc(), F("at_time").asc(nulls_first=True), "created_at")
    )


def feed(couple: Couple) -> str:
    return ics.calendar(
        [event(entry, couple) for entry in planned_sessions(couple)], name=CALENDAR_NAME
    )


def one(entry: TreatmentEntry, couple: Couple) -> str:
    return ics.calendar([event(entry, couple)], name=CALENDAR_NAME)
