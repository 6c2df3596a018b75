"""The life of a boundary: who may do what, and what each step changes.

Every change goes through one of the functions below. Each checks the rules for the
person acting (`couple.user`), applies the change with a compare-and-set on
`Boundary.version` (so a change made from a page that is out of date never overwrites
what the partner saved meanwhile), appends a `BoundaryEvent`, and tells the partner.

The rules, in short: one partner proposes; the *other* agrees, declines with a note, or
answers with different wording (which then waits for the first). Either may ask to
revisit, pause or retire an agreement. New wording always needs the other's agreement
again; the old wording stays in the history. Retired is final.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from journal.boundaries.models import Action, Boundary, BoundaryEvent, State
from journal.models import Notice
from journal.notices.notify import clear, notify


class BoundaryError(Exception):
    """A step the rules do not allow. The message is shown to the person as it is."""


class Conflict(BoundaryError):
    """The boundary changed since the person's page was drawn; nothing was saved."""

    def __init__(self, current):
        super().__init__(
            "Your partner changed this boundary while you were on the page, so nothing "
            "was saved yet."
        )
        self.current = current


@dataclass(frozen=True)
class Details:
    """What a person writes about a boundary."""

    wording: str
    why: str
    category: str
    revisit_on: object  # a date

    @classmethod
    def of(cls, boundary):
        return cls(boundary.wording, boundary.why, boundary.category, boundary.revisit_on)


def couple_today(partnership):
    """Today where the couple lives: a revisit date falls due at their midnight."""
    return timezone.localdate(timezone=ZoneInfo(partnership.time_zone))


# --- who may do what -------------------------------------------------------------------

RETIRED_MESSAGE = "This boundary is retired, so it can't be changed. You can propose a new one."


def _refusal(boundary, user, action, today):
    """Why `user` may not take `action` on `boundary` now, or None if they may."""
    state = boundary.state
    if state == State.RETIRED:
        return RETIRED_MESSAGE
    mine = boundary.proposed_by_id == user.pk
    if action in ("agree", "decline", "counter"):
        if state != State.PROPOSED:
            return f"There is no proposal to answer: this boundary is {_state_words(state)}."
        if mine:
            return "You wrote this wording, so it is your partner's to accept or answer."
        return None
    if action == "withdraw":
        if state != State.PROPOSED or not mine:
            return "Only a proposal you made and nobody has answered yet can be withdrawn."
        return None
    if action == "request_revisit":
        if state != State.AGREED:
            return "Only an agreed boundary can be brought back for a revisit."
        return None
    if action == "keep":
        if state == State.REVISIT_REQUESTED:
            return None
        if state == State.AGREED and boundary.is_due(today):
            return None
        return "Only an agreement that is due, or that one of you asked to revisit, can be kept."
    if action == "pause":
        if state not in (State.AGREED, State.REVISIT_REQUESTED):
            return "Only an agreed boundary can be paused."
        return None
    if action == "resume":
        if state != State.PAUSED:
            return "Only a paused boundary can be taken up again."
        return None
    if action == "retire":
        if state == State.PROPOSED:
            if mine:
                return "Withdraw your proposal instead."
            return "Decline the proposal instead, with a note saying why."
        return None
    if action == "edit":
        # Anything short of retired may be changed; `revise` decides what that means.
        return None
    raise ValueError(f"unknown boundary action {action!r}")


ACTIONS = (
    "agree",
    "decline",
    "counter",
    "withdraw",
    "request_revisit",
    "keep",
    "pause",
    "resume",
    "retire",
    "edit",
)


def allowed_actions(boundary, user, today):
    """The steps this person may take now; pages show exactly these."""
    return frozenset(a for a in ACTIONS if _refusal(boundary, user, a, today) is None)


def _require(boundary, user, action, today):
    reason = _refusal(boundary, user, action, today)
    if reason:
        raise BoundaryError(reason)


def _state_words(state):
    return {
        State.AGREED: "already agreed",
        State.DECLINED: "declined",
        State.REVISIT_REQUESTED: "waiting for a revisit",
        State.PAUSED: "paused",
        State.RETIRED: "retired",
        State.PROPOSED: "waiting for an answer",
    }[state]


# --- applying a step -------------------------------------------------------------------


def _short(wording):
    return Truncator(wording).chars(80)


def _detail_link(boundary):
    return reverse("boundary_detail", args=[boundary.public_id])


def _answer_link(boundary):
    return reverse("boundary_answer", args=[boundary.public_id])


def _repeat_of(boundary, user, action, expected_version, details=None):
    """The event a repeated submit of this same step already made, if that is what this is.

    A double click sends the same form twice: the second arrives with the version the
    first one used. If the first made exactly this step and nothing happened since, the
    second is the same wish, not a conflict.
    """
    if boundary.version != expected_version + 1:
        return None
    event = boundary.events.filter(version=boundary.version).first()
    if event is None or event.actor_id != user.pk:
        return None
    if details is not None:
        # A revision: the same person saving exactly the same text again.
        same = Details(event.wording, event.why, event.category, event.revisit_on) == details
        return event if same else None
    return event if event.action == action else None


def _step(
    couple,
    boundary,
    expected_version,
    action,
    *,
    note="",
    changes=None,
    tell=None,
    email=False,
    notify_partner=True,
    details=None,
):
    """Compare-and-set `changes` onto `boundary`, record the event, and tell the partner."""
    changes = dict(changes or {})
    now = timezone.now()
    with transaction.atomic():
        updated = Boundary.objects.filter(pk=boundary.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if not updated:
            current = Boundary.objects.with_people().get(pk=boundary.pk)
            repeat = _repeat_of(current, couple.user, action, expected_version, details)
            if repeat is not None:
                return repeat
            raise Conflict(current)
        for field, value in changes.items():
            setattr(boundary, field, value)
        boundary.version = expected_version + 1
        boundary.updated_at = now
        event = BoundaryEvent.objects.create(
            boundary=boundary,
            actor=couple.user,
            action=action,
            created_at=now,
            wording=boundary.wording,
            why=boundary.why,
            category=boundary.category,
            revisit_on=boundary.revisit_on,
            state=boundary.state,
            note=note,
            version=boundary.version,
        )
        # Whatever my notices about this boundary asked of me ("needs your OK"), I have
        # now answered or acted on it: they clear themselves.
        clear(
            couple,
            couple.user,
            kind=Notice.Kind.BOUNDARY,
            links=(_answer_link(boundary), _detail_link(boundary)),
        )
        if notify_partner and tell:
            notify(
                couple,
                couple.partner_user,
                kind=Notice.Kind.BOUNDARY,
                message=tell,
                link=_answer_link(boundary) if email else _detail_link(boundary),
                email=email,
            )
    return event


def _check_fresh(boundary, expected_version, couple, action, details=None):
    """Refuse early when the page was drawn from an older version of the boundary."""
    if boundary.version == expected_version:
        return None
    repeat = _repeat_of(boundary, couple.user, action, expected_version, details)
    if repeat is not None:
        return repeat
    raise Conflict(boundary)


# --- the steps -------------------------------------------------------------------------


def propose(couple, details, *, starter="", submission_key=None, notify_partner=True):
    """Propose a new boundary; returns (boundary, created).

    The same form submitted twice finds the first row (by its submission key) instead
    of making a second.
    """
    if not couple.is_complete:
        raise BoundaryError("Your partner needs to join before you can propose a boundary.")
    if submission_key is not None:
        existing = Boundary.objects.filter(
            partnership=couple.partnership, submission_key=submission_key
        ).first()
        if existing:
            return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            boundary = Boundary.objects.create(
                partnership=couple.partnership,
                wording=details.wording,
                why=details.why,
                category=details.category,
                revisit_on=details.revisit_on,
                state=State.PROPOSED,
                proposed_by=couple.user,
                waiting_on=couple.partner_user,
                starter=starter,
                submission_key=submission_key,
                created_at=now,
                updated_at=now,
            )
            BoundaryEvent.objects.create(
                boundary=boundary,
                actor=couple.user,
                action=Action.PROPOSED,
                created_at=now,
                wording=boundary.wording,
                why=boundary.why,
                category=boundary.category,
                revisit_on=boundary.revisit_on,
                state=boundary.state,
                version=boundary.version,
            )
            if notify_partner:
                notify(
                    couple,
                    couple.partner_user,
                    kind=Notice.Kind.BOUNDARY,
                    message=f"{couple.user.name} proposed a boundary: “{_short(details.wording)}”",
                    link=_answer_link(boundary),
                )
    except IntegrityError:
        existing = Boundary.objects.filter(
            partnership=couple.partnership, submission_key=submission_key
        ).first()
        if submission_key is None or existing is None:
            raise
        return existing, False
    return boundary, True


def agree(couple, boundary, expected_version, *, note="", notify_partner=True):
    today = couple_today(couple.partnership)
    if repeat := _check_fresh(boundary, expected_version, couple, Action.AGREED):
        return repeat
    _require(boundary, couple.user, "agree", today)
    return _step(
        couple,
        boundary,
        expected_version,
        Action.AGREED,
        note=note,
        changes={"state": State.AGREED, "waiting_on": None, "agreed_at": timezone.now()},
        tell=f"{couple.user.name} agreed to “{_short(boundary.wording)}”",
        notify_partner=notify_partner,
    )


def decline(couple, boundary, expected_version, *, note, notify_partner=True):
    today = couple_today(couple.partnership)
    if repeat := _check_fresh(boundary, expected_version, couple, Action.DECLINED):
        return repeat
    _require(boundary, couple.user, "decline", today)
    if not note.strip():
        raise BoundaryError("Add a note saying why, so your partner knows what would work.")
    return _step(
        couple,
        boundary,
        expected_version,
        Action.DECLINED,
        note=note,
        changes={"state": State.DECLINED, "waiting_on": None},
        tell=f"{couple.user.name} declined “{_short(boundary.wording)}” and left a note",
        notify_partner=notify_partner,
    )


def revise(couple, boundary, expected_version, details, *, note="", notify_partner=True):
    """Change what a boundary says. New wording always goes back for agreement.

    - a proposal's answerer changing anything is a counter-proposal, which then waits
      for the first partner;
    - the proposer may amend their own proposal while it waits;
    - a declined boundary changed by either partner is proposed again;
    - an agreement (or a paused one, or one waiting for a revisit) with new wording goes
      back for agreement; with only a new why, category or date it stays as it is.
    """
    today = couple_today(couple.partnership)
    if repeat := _check_fresh(boundary, expected_version, couple, None, details):
        return repeat
    _require(boundary, couple.user, "edit", today)
    before = Details.of(boundary)
    if details == before and boundary.state != State.DECLINED:
        raise BoundaryError("Nothing has changed yet. Change something, or go back.")
    changes = {
        "wording": details.wording,
        "why": details.why,
        "category": details.category,
        "revisit_on": details.revisit_on,
    }
    reopen = {
        "state": State.PROPOSED,
        "proposed_by": couple.user,
        "waiting_on": couple.partner_user,
    }
    name = couple.user.name
    state = boundary.state
    if state == State.PROPOSED and boundary.waiting_on_id == couple.user.pk:
        action = Action.COUNTERED
        changes.update(reopen)
        tell = f"{name} answered “{_short(before.wording)}” with different wording"
    elif state == State.PROPOSED:
        action = Action.REWORDED if details.wording != before.wording else Action.EDITED
        tell = f"{name} changed their proposal “{_short(details.wording)}”"
    elif state == State.DECLINED:
        action = Action.PROPOSED if details.wording == before.wording else Action.REWORDED
        changes.update(reopen)
        tell = f"{name} proposed “{_short(details.wording)}” again"
    elif details.wording != before.wording:
        action = Action.REWORDED
        changes.update(reopen)
        tell = f"{name} changed the wording of “{_short(before.wording)}”: it needs your OK again"
    else:
        action = Action.EDITED
        tell = f"{name} changed the details of “{_short(details.wording)}”"
    awaits_answer = changes.get("state") == State.PROPOSED or state == State.PROPOSED
    return _step(
        couple,
        boundary,
        expected_version,
        action,
        note=note,
        changes=changes,
        tell=tell,
        email=awaits_answer,
        notify_partner=notify_partner,
        details=details,
    )


def _plain_step(
    couple, boundary, expected_version, action, rule, *, changes, tell, note, email, notify_partner
):
    """A step that only checks freshness and who may take it, then changes the state."""
    today = couple_today(couple.partnership)
    if repeat := _check_fresh(boundary, expected_version, couple, action):
        return repeat
    _require(boundary, couple.user, rule, today)
    return _step(
        couple,
        boundary,
        expected_version,
        action,
        note=note,
        changes=changes,
        tell=tell,
        email=email,
        notify_partner=notify_partner,
    )


def withdraw(couple, boundary, expected_version, *, note="", notify_partner=True):
    return _plain_step(
        couple,
        boundary,
        expected_version,
        Action.WITHDRAWN,
        "withdraw",
        changes={"state": State.RETIRED, "waiting_on": None},
        tell=f"{couple.user.name} withdrew the proposal “{_short(boundary.wording)}”",
        note=note,
        email=False,
        notify_partner=notify_partner,
    )


def request_revisit(couple, boundary, expected_version, *, note="", notify_partner=True):
    # The only plain step that waits for the partner's answer, so the only one emailed.
    return _plain_step(
        couple,
        boundary,
        expected_version,
        Action.REVISIT_REQUESTED,
        "request_revisit",
        changes={"state": State.REVISIT_REQUESTED, "waiting_on": couple.partner_user},
        tell=f"{couple.user.name} would like to revisit “{_short(boundary.wording)}”",
        note=note,
        email=True,
        notify_partner=notify_partner,
    )


def keep(couple, boundary, expected_version, *, revisit_on, note="", notify_partner=True):
    """Keep an agreement as it is, with its next revisit date (also: cancel a revisit ask)."""
    today = couple_today(couple.partnership)
    if repeat := _check_fresh(boundary, expected_version, couple, Action.KEPT):
        return repeat
    _require(boundary, couple.user, "keep", today)
    if revisit_on <= today:
        raise BoundaryError("Choose a next revisit date after today.")
    return _step(
        couple,
        boundary,
        expected_version,
        Action.KEPT,
        note=note,
        changes={"state": State.AGREED, "waiting_on": None, "revisit_on": revisit_on},
        tell=(
            f"{couple.user.name} kept “{_short(boundary.wording)}” as it is, "
            f"to revisit on {date_format(revisit_on, 'j F Y')}"
        ),
        notify_partner=notify_partner,
    )


def pause(couple, boundary, expected_version, *, note="", notify_partner=True):
    return _plain_step(
        couple,
        boundary,
        expected_version,
        Action.PAUSED,
        "pause",
        changes={"state": State.PAUSED, "waiting_on": None},
        tell=f"{couple.user.name} paused “{_short(boundary.wording)}”",
        note=note,
        email=False,
        notify_partner=notify_partner,
    )


def resume(couple, boundary, expected_version, *, note="", notify_partner=True):
    return _plain_step(
        couple,
        boundary,
        expected_version,
        Action.RESUMED,
        "resume",
        changes={"state": State.AGREED, "waiting_on": None},
        tell=f"{couple.user.name} took up “{_short(boundary.wording)}” again",
        note=note,
        email=False,
        notify_partner=notify_partner,
    )


def retire(couple, boundary, expected_version, *, note="", notify_partner=True):
    return _plain_step(
        couple,
        boundary,
        expected_version,
        Action.RETIRED,
        "retire",
        changes={"state": State.RETIRED, "waiting_on": None},
        tell=f"{couple.user.name} retired “{_short(boundary.wording)}”",
        note=note,
        email=False,
        notify_partner=notify_partner,
    )


STEPS = {
    "agree": agree,
    "decline": decline,
    "withdraw": withdraw,
    "request_revisit": request_revisit,
    "keep": keep,
    "pause": pause,
    "resume": resume,
    "retire": retire,
}
