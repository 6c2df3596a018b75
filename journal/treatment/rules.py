"""What happens when the treatment log changes: saving, compare-and-set edits, rides, notices.

Views stay thin and call these; every change the supporter should hear about goes through
`journal.notices.notify.notify`, whose email never says what changed.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from journal.compiled import DAY, DAY_2, ID, CompiledQuery
from journal.concurrency import compare_and_set, create_once
from journal.models import Notice
from journal.notices.notify import clear, notify
from journal.treatment.forms import EntryForm
from journal.treatment.models import (
    SESSION_KINDS,
    Driver,
    Status,
    TreatmentEntry,
)
from journal.weeks import start_holding
from partners.access import Couple
from partners.models import Partnership

# Editing any of these after the supporter said "I'll drive" means they agreed to a
# different trip, so their confirmation no longer stands.
RIDE_FIELDS = ("on_date", "at_time", "pickup_time", "driver", "kind", "status")
# The words of a notice that asks the supporter for a ride: "I'll drive" clears it.
ASKED_TO_DRIVE = "asked you to drive"
CONFIRM_AGAIN = "Please confirm the ride again"


class StaleEdit(Exception):
    """Someone saved the entry after this form was opened."""

    def __init__(self, current: TreatmentEntry) -> None:
        super().__init__("stale edit")
        self.current = current


def entry_link(entry: TreatmentEntry) -> str:
    return reverse("treatment_entry", args=[entry.public_id])


def _ride_when(entry: TreatmentEntry) -> str:
    """The day of a ride, with the session's time and the pick-up's, each named: a bare
    "at 09:30" would read as the pick-up."""
    times = []
    if entry.at_time:
        times.append(f"session at {entry.at_time:%H:%M}")
    if entry.pickup_time:
        times.append(f"pick-up at {entry.pickup_time:%H:%M}")
    day = f"{entry.on_date:%a} {entry.on_date.day} {entry.on_date:%b}"
    return f"{day} ({', '.join(times)})" if times else day


def _when(entry: TreatmentEntry) -> str:
    text = f"{entry.on_date:%a} {entry.on_date.day} {entry.on_date:%b}"
    if entry.at_time:
        text += f" at {entry.at_time:%H:%M}"
    return text


def log_entry(couple: Couple, form: EntryForm) -> tuple[TreatmentEntry, bool]:
    """Save a new entry from a valid form; a resubmitted form returns the first row.

    Returns (entry, created).
    """
    entry = form.save(commit=False)
    entry.partnership = couple.partnership
    entry.author = couple.user
    entry.submission_key = form.cleaned_data.get("submission_key")
    entry, created = create_once(entry, unique=("partnership", "submission_key"))
    if created:
        _tell_supporter_about_new(couple, entry)
    return entry, created


def _tell_supporter_about_new(couple: Couple, entry: TreatmentEntry) -> None:
    name = couple.in_treatment_user.name
    if entry.is_change:
        notify(
            couple,
            couple.supporting_user,
            kind=Notice.Kind.TREATMENT_CHANGE,
            message=f"{name} logged {entry.summary()}",
            link=entry_link(entry),
        )
    elif entry.is_upcoming(couple.partnership.today()):
        message = f"{name} planned {entry.summary()} on {_when(entry)}"
        if entry.needs_ride and entry.driver == Driver.PARTNER:
            message += f" and {ASKED_TO_DRIVE}"
        notify(
            couple,
            couple.supporting_user,
            kind=Notice.Kind.SESSION,
            message=message,
            link=entry_link(entry),
        )


def save_edit(
    couple: Couple, entry: TreatmentEntry, form: EntryForm, expected_version: int
) -> TreatmentEntry:
    """Compare-and-set: write the form only if the entry is still at `expected_version`.

    Raises StaleEdit with the saved entry when someone (another tab, or the supporter
    answering about the ride) saved in between.
    """
    changed = set(form.changed_data)
    before = {"driver": form.initial.get("driver"), "confirmed": entry.driver_confirmed}
    edited = form.save(commit=False)
    values = {name: getattr(edited, name) for name in form._meta.fields or ()}
    if changed & set(RIDE_FIELDS):
        values.update(driver_confirmed_by=None, driver_confirmed_at=None)
    saved = compare_and_set(
        entry,
        {"version": expected_version},
        **values,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not saved:
        raise StaleEdit(TreatmentEntry.objects.get(pk=entry.pk))
    entry.refresh_from_db()
    message = _edit_message(couple, entry, changed, before)
    if message:
        notify(
            couple,
            couple.supporting_user,
            kind=Notice.Kind.TREATMENT_CHANGE if entry.is_change else Notice.Kind.SESSION,
            message=message,
            link=entry_link(entry),
        )
    return entry


def _edit_message(
    couple: Couple, entry: TreatmentEntry, changed: set[str], before: dict[str, Any]
) -> str | None:
    """What the supporter should hear about this edit, if anything."""
    name = couple.in_treatment_user.name
    if not changed:
        return None
    if entry.is_change:
        return f"{name} updated {entry.summary()}"
    if entry.status == Status.CANCELLED and "status" in changed:
        return f"{name} cancelled {entry.summary()} on {_when(entry)}"
    if not (changed & set(RIDE_FIELDS)) or not entry.is_upcoming(couple.partnership.today()):
        return None
    asks_partner = entry.needs_ride and entry.driver == Driver.PARTNER
    if changed & {"on_date", "at_time", "pickup_time", "kind", "status"}:
        message = f"{name} changed {entry.summary()}: now {_when(entry)}"
        if asks_partner and before["confirmed"]:
            return message + f". {CONFIRM_AGAIN}."
        if asks_partner:
            return message + f", and {ASKED_TO_DRIVE}"
        return message
    if asks_partner:
        return f"{name} {ASKED_TO_DRIVE} after {entry.summary()} on {_ride_when(entry)}"
    if before["driver"] == Driver.PARTNER:
        return f"{name} no longer needs you to drive on {_ride_when(entry)}"
    return None


def offer_to_drive(couple: Couple, entry: TreatmentEntry) -> bool:
    """The supporter says "I'll drive". False if the session no longer needs them."""
    if not entry.can_offer_to_drive(couple.partnership.today()):
        return False
    saved = compare_and_set(
        entry,
        {
            "status": Status.PLANNED,
            "driver__in": [Driver.UNDECIDED, Driver.PARTNER],
            "driver_confirmed_at__isnull": True,
        },
        driver=Driver.PARTNER,
        driver_confirmed_by=couple.user,
        driver_confirmed_at=timezone.now(),
        version=F("version") + 1,
    )
    if saved:
        entry.refresh_from_db()
        # The notices that asked for this ride have had their answer.
        clear(
            couple,
            couple.user,
            kind=Notice.Kind.SESSION,
            links=[entry_link(entry)],
            asking=[ASKED_TO_DRIVE, CONFIRM_AGAIN],
        )
        notify(
            couple,
            couple.in_treatment_user,
            kind=Notice.Kind.SESSION,
            message=f"{couple.user.name} will drive you on {_ride_when(entry)}",
            link=entry_link(entry),
        )
    return saved


def withdraw_offer(couple: Couple, entry: TreatmentEntry) -> bool:
    """The supporter can no longer drive; the ride goes back to "not decided"."""
    saved = compare_and_set(
        entry,
        {"status": Status.PLANNED, "driver_confirmed_by": couple.user},
        driver=Driver.UNDECIDED,
        driver_confirmed_by=None,
        driver_confirmed_at=None,
        version=F("version") + 1,
    )
    if saved:
        entry.refresh_from_db()
        notify(
            couple,
            couple.in_treatment_user,
            kind=Notice.Kind.SESSION,
            message=f"{couple.user.name} can no longer drive you on {_ride_when(entry)}",
            link=entry_link(entry),
        )
    return bool(saved)


def set_status(couple: Couple, entry: TreatmentEntry, status: Status) -> bool:
    """Mark a planned session done (not before its day) or cancelled."""
    today = couple.partnership.today()
    expected: dict[str, object] = {"status": Status.PLANNED}
    if status == Status.DONE:
        expected["on_date__lte"] = today
    saved = compare_and_set(
        entry, expected, status=status, version=F("version") + 1, updated_at=timezone.now()
    )
    if saved:
        entry.refresh_from_db()
        if status == Status.CANCELLED and entry.on_date >= today:
            notify(
                couple,
                couple.supporting_user,
                kind=Notice.Kind.SESSION,
                message=f"{couple.in_treatment_user.name} cancelled {entry.summary()} on "
                f"{_when(entry)}",
                link=entry_link(entry),
            )
    return bool(saved)


def delete_entry(couple: Couple, entry: TreatmentEntry) -> None:
    was_upcoming = entry.is_upcoming(couple.partnership.today())
    entry.delete()
    if was_upcoming:
        notify(
            couple,
            couple.supporting_user,
            kind=Notice.Kind.SESSION,
            message=f"{couple.in_treatment_user.name} removed {entry.summary()} planned for "
            f"{_when(entry)}",
            link=reverse("treatment_log"),
        )


def week_start(day: date, weekday: int) -> date:
    """The first day of the check-in week (starting on `weekday`, 0=Monday) holding `day`."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def weeks_with_sessions_and_changes(
    partnership: Partnership, start: date, end: date
) -> dict[date, set[str]]:
    """{week start: {"session", "change"}} for the check-in trend chart, in one query.

    Weeks begin on the check-in day that ruled them (the day before a change, for the
    weeks before it); cancelled sessions do not count.
    """
    rows = SESSIONS_AND_CHANGES.rows(partnership_id=partnership.pk, start=start, end=end)
    weeks: defaultdict[date, set[str]] = defaultdict(set)
    for entry in rows:
        weeks[start_holding(partnership, entry.on_date)].add(
            "session" if entry.kind in SESSION_KINDS else "change"
        )
    return dict(weeks)


def _sessions_and_changes(partnership_id: int, start: date, end: date) -> QuerySet:
    """The entries between `start` and `end` that the chart marks (their day and kind)."""
    return (
        TreatmentEntry.objects.for_partnership(partnership_id)
        .filter(on_date__gte=start, on_date__lte=end)
        .exclude(status=Status.CANCELLED)
        .only("on_date", "kind")
        .order_by()
    )


# Compiled once per process: the trends page asks on every fresh render.
SESSIONS_AND_CHANGES = CompiledQuery(_sessions_and_changes, partnership_id=ID, start=DAY, end=DAY_2)


@dataclass(frozen=True)
class WeekMarker:
    """What the check-in trend chart draws in a week: `day` falls inside that week."""

    day: date
    label: str


MARKER_LABELS = {"session": "Treatment session", "change": "Treatment change"}


def chart_markers(partnership: Partnership, first_day: date, last_day: date) -> list[WeekMarker]:
    """Markers for the check-in trend chart (journal.checkins.hooks.week_markers), one query.

    One marker per week and sort ("Treatment session", "Treatment change"), dated at the
    week's start, or at `first_day` when the week began before the chart does.
    """
    weeks = weeks_with_sessions_and_changes(partnership, first_day, last_day)
    return [
        WeekMarker(max(start, first_day), MARKER_LABELS[sort])
        for start in sorted(weeks)
        for sort in ("session", "change")
        if sort in weeks[start]
    ]
