"""What happens around a check-in: finding this week, saving (once, with history), telling
the partner, and the safety response. Views stay thin and call these."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from journal import weeks
from journal.checkins.as_seen import as_seen
from journal.checkins.forms import CheckInForm
from journal.checkins.models import AUTHOR_ONLY_FIELDS
from journal.compiled import DAY, DAY_2, ID, ID_2, CompiledQuery
from journal.concurrency import compare_and_set
from journal.models import CheckIn, CheckInRevision, Notice
from journal.notices.notify import clear, notify
from journal.safety import crisis
from partners.access import Couple


class Section(Protocol):
    """An extra part of the check-in form that saves its own answers (see checkins.hooks)."""

    def save(self, couple: Couple, checkin: CheckIn, form: Any) -> Any: ...


# (section, its valid form) pairs, as the check-in view gathers them.
Extras = Iterable[tuple[Section, forms.Form]]


class WeekClosed(Exception):
    """The form belonged to a week that has closed (or to no week we know)."""

    def __init__(self, submitted_week: date | None) -> None:
        super().__init__("week closed")
        self.submitted_week = submitted_week


class EditConflict(Exception):
    """The check-in changed since this form was opened (another tab or window)."""

    def __init__(self, checkin: CheckIn) -> None:
        super().__init__("edit conflict")
        self.checkin = checkin


@dataclass
class ThisWeek:
    week: weeks.Week
    mine: CheckIn | None
    partners: CheckIn | None  # only when the reveal rule lets the viewer read it
    partner_submitted: bool

    @property
    def status(self) -> str:
        if self.mine and self.partner_submitted:
            return "both"
        if self.mine:
            return "waiting_for_partner"
        if self.partner_submitted:
            return "partner_waiting"
        return "open"


def current_week(couple: Couple, now: datetime | None = None) -> weeks.Week:
    """The couple's running week (one query: a week still running after a change of day)."""
    partnership = couple.partnership
    aligned = weeks.aligned_start(partnership, now)
    latest = LATEST_START.rows(partnership_id=partnership.pk, aligned=aligned)
    return weeks.current_week(partnership, now, latest[0] if latest else None)


def _latest_start(partnership_id: int, aligned: date) -> Any:
    """The latest week any check-in of the couple started after `aligned` (its Max)."""
    return (
        CheckIn.objects.filter(partnership_id=partnership_id, week_start__gt=aligned)
        .order_by("-week_start")
        .values_list("week_start", flat=True)[:1]
    )


# Compiled once per process: the ORM's aggregate cost more CPU to build than to run.
LATEST_START = CompiledQuery(_latest_start, partnership_id=ID, aligned=DAY)


def _week_as_seen(partnership_id: int, user_id: int, aligned: date, week_start: date) -> Any:
    """What the viewer may see of one week: `visible_to`'s own statement (as_seen)."""
    return as_seen(partnership_id, user_id, aligned).filter(week_start=week_start)


# Compiled once per process: building and compiling `visible_to` cost more CPU than running it.
WEEK_AS_SEEN = CompiledQuery(
    _week_as_seen, partnership_id=ID, user_id=ID_2, aligned=DAY, week_start=DAY_2
)


def this_week(
    couple: Couple,
    now: datetime | None = None,
    submitted: Sequence[tuple[date, int | None]] | None = None,
    read_week: Callable[[date], Iterable[CheckIn]] | None = None,
) -> ThisWeek:
    """The running week from the viewer's side, in two queries whatever the history (one,
    when the dashboard has already read who started which week: `submitted`). `read_week`,
    if given, reads what the viewer may see of a week exactly as `visible_to` does (the
    dashboard's copy is compiled once: journal.checkins.panel)."""
    partnership = couple.partnership
    aligned = weeks.aligned_start(partnership, now)
    if submitted is None:
        submitted = [
            (checkin.week_start, checkin.author_id)
            for checkin in SUBMITTED_SINCE.rows(partnership_id=partnership.pk, since=aligned)
        ]
    latest = max((start for start, _ in submitted), default=None)
    week = weeks.current_week(partnership, now, latest)
    partner_id = couple.partner.user_id if couple.partner else None
    partner_submitted = any(row[0] == week.start and row[1] == partner_id for row in submitted)
    mine = partners = None
    if any(row[0] == week.start for row in submitted):
        if read_week is None:
            rows: Iterable[CheckIn] = WEEK_AS_SEEN.rows(
                partnership_id=partnership.pk,
                user_id=couple.user.pk,
                aligned=aligned,
                week_start=week.start,
            )
        else:
            rows = read_week(week.start)
        for checkin in rows:
            if checkin.author_id == couple.user.pk:
                mine = checkin
            else:
                partners = checkin
    return ThisWeek(
        week=week,
        mine=mine,
        partners=partners,
        partner_submitted=partner_submitted,
    )


def _submitted_since(partnership_id: int, since: date) -> Any:
    """`CheckIn.objects.submitted_since` (who checked in for which week since `since`: dates
    and people only) as rows, which a statement compiled once per process can return."""
    return (
        CheckIn.objects.filter(partnership_id=partnership_id, week_start__gte=since)
        .only("week_start", "author")
        .order_by()
    )


# Compiled once per process: building the ORM's statement cost more than running it.
SUBMITTED_SINCE = CompiledQuery(_submitted_since, partnership_id=ID, since=DAY)


def questionnaires_due(couple: Couple, week: weeks.Week) -> bool:
    """PHQ-9 and GAD-7 are offered every two weeks: unless answered the week before."""
    found = LAST_QUESTIONNAIRES.rows(
        partnership_id=couple.partnership.pk, author_id=couple.user.pk, before=week.start
    )
    last = found[0] if found else None
    return last is None or (week.start - last).days > 7


def _last_questionnaires(partnership_id: int, author_id: int, before: date) -> Any:
    """The latest week before `before` in which the person answered the PHQ-9 or GAD-7."""
    return (
        CheckIn.objects.filter(
            partnership_id=partnership_id, author_id=author_id, week_start__lt=before
        )
        .filter(Q(phq9_total__isnull=False) | Q(gad7_total__isnull=False))
        .order_by("-week_start")
        .values_list("week_start", flat=True)[:1]
    )


# Compiled once per process, like the check-in pages' other statements.
LAST_QUESTIONNAIRES = CompiledQuery(
    _last_questionnaires, partnership_id=ID, author_id=ID_2, before=DAY
)


@dataclass
class Saved:
    checkin: CheckIn
    created: bool
    changed: bool


def save_checkin(
    couple: Couple,
    form: CheckInForm,
    week: weeks.Week,
    extras: Extras = (),
    now: datetime | None = None,
) -> Saved:
    """Store a valid form as the person's check-in for `week`, exactly once.

    Raises WeekClosed when the form was for another week, and EditConflict when the saved
    check-in changed since the form was opened and the answers differ. Resubmitting the same
    answers (a double click, the back button) is a quiet success. `extras` are
    (section, valid form) pairs from `checkin_hooks.extra_sections`.
    """
    if form.cleaned_data.get("week") != week.start:
        raise WeekClosed(form.cleaned_data.get("week"))
    now = now or timezone.now()
    answers = form.answers()
    version = form.cleaned_data.get("version") or 0
    mine = CheckIn.objects.filter(
        partnership=couple.partnership, author=couple.user, week_start=week.start
    )
    existing = mine.first()
    if existing is None:
        try:
            with transaction.atomic():
                checkin = CheckIn.objects.create(
                    partnership=couple.partnership,
                    author=couple.user,
                    role=couple.me.role,
                    week_start=week.start,
                    submitted_at=now,
                    updated_at=now,
                    **answers,
                )
                _save_extras(couple, checkin, extras)
        except IntegrityError:
            # The other of two simultaneous submits got there first.
            existing = mine.get()
        else:
            _announce(couple, checkin, week)
            crisis.respond(couple, checkin, now)
            return Saved(checkin, created=True, changed=True)

    if existing.answers() == answers:
        with transaction.atomic():
            _save_extras(couple, existing, extras)
        return Saved(existing, created=False, changed=False)
    if version != existing.version:
        raise EditConflict(existing)
    earlier = existing.answers()
    # Only what the partner can read marks the check-in "edited" for them: a changed private
    # note, safety answer or questionnaire item must not show up as a new edit time.
    shared_changed = any(
        answers[name] != earlier[name] for name in answers if name not in AUTHOR_ONLY_FIELDS
    )
    with transaction.atomic():
        updated = compare_and_set(
            existing,
            {"version": existing.version},
            **answers,
            version=existing.version + 1,
            updated_at=now,
            edited_at=now if shared_changed else existing.edited_at,
        )
        if not updated:
            raise EditConflict(mine.get())
        CheckInRevision.objects.create(
            checkin=existing,
            version=existing.version,
            answers=earlier,
            saved_at=existing.updated_at,
        )
        _save_extras(couple, existing, extras)
    existing.refresh_from_db()
    crisis.respond(couple, existing, now, already=crisis.signals_in_answers(earlier))
    return Saved(existing, created=False, changed=True)


def save_private_note(
    checkin: CheckIn, text: str, version: int, now: datetime | None = None
) -> bool:
    """Change only the private note, keeping the earlier version. False on a stale form."""
    now = now or timezone.now()
    if text == checkin.private_note:
        return True
    with transaction.atomic():
        updated = compare_and_set(
            checkin, {"version": version}, private_note=text, version=version + 1, updated_at=now
        )
        if not updated:
            return False
        CheckInRevision.objects.create(
            checkin=checkin,
            version=version,
            answers=checkin.answers(),
            saved_at=checkin.updated_at,
        )
    return True


def _save_extras(couple: Couple, checkin: CheckIn, extras: Extras) -> None:
    for section, section_form in extras:
        section.save(couple, checkin, section_form)


def _announce(couple: Couple, checkin: CheckIn, week: weeks.Week) -> None:
    """Tell the partner a check-in is waiting: who and which week, never what it says.

    Any "add yours" notice of mine is done now that I have checked in: it clears itself."""
    clear(couple, couple.user, kind=Notice.Kind.CHECKIN_WAITING)
    partner = couple.partner_user
    partner_done = CheckIn.objects.filter(
        partnership=couple.partnership, author=partner, week_start=week.start
    ).exists()
    name = couple.user.name
    if partner_done:
        message = f"{name} has checked in too: you can now read each other's check-ins."
    else:
        message = (
            f"{name} has checked in for the week of {week.label}. Add yours and you will see "
            "each other's answers."
        )
    notify(
        couple,
        partner,
        kind=Notice.Kind.CHECKIN_WAITING,
        message=message,
        link=reverse("checkin_week"),
    )


def week_bucket(starts: Sequence[date], day: date) -> int | None:
    """Index of the week in `starts` (ascending week starts) that contains `day`, or None."""
    index = None
    for i, start in enumerate(starts):
        if start <= day:
            index = i
    return index
