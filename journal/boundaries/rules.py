"""The life of a boundary: who may do what, and what each step changes.

The steps are one table, `STEPS`, of `Step` records: who may take each, from which
states, to which state, what the partner is told and what the pages say. Every change
goes through `take` (a step in the table), `propose` or `revise` (new wording). Each
checks the rules for the person acting (`couple.user`), applies the change with a
compare-and-set on `Boundary.version` (so a change made from a page that is out of date
never overwrites what the partner saved meanwhile), appends a `BoundaryEvent`, and tells
the partner.

The rules, in short: one partner proposes; the *other* agrees, declines with a note, or
answers with different wording (which then waits for the first). Either may ask to
revisit, pause or retire an agreement. New wording always needs the other's agreement
again; the old wording stays in the history. Retired is final.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from journal.boundaries.models import Action, Boundary, BoundaryEvent, State
from journal.concurrency import compare_and_set, create_once
from journal.models import Notice
from journal.notices.notify import clear, notify
from journal.templatetags.wording import cut_at_word

if TYPE_CHECKING:
    from partners.access import Couple
    from partners.models import User


class BoundaryError(Exception):
    """A step the rules do not allow. The message is shown to the person as it is."""


class Conflict(BoundaryError):
    """The boundary changed since the person's page was drawn; nothing was saved."""

    def __init__(self, current: Boundary) -> None:
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
    revisit_on: date

    @classmethod
    def of(cls, boundary: Boundary) -> Details:
        return cls(boundary.wording, boundary.why, boundary.category, boundary.revisit_on)


# --- the steps, one table ---------------------------------------------------------------


class Who(enum.Enum):
    """Whose step it is, against the person who wrote the current wording."""

    EITHER = "either partner"
    PROPOSER = "the partner who wrote the wording"
    OTHER = "the partner who did not write the wording"


ALL_BUT_RETIRED = frozenset(State) - {State.RETIRED}
STATE_WORDS: dict[str, str] = {
    State.AGREED: "already agreed",
    State.DECLINED: "declined",
    State.REVISIT_REQUESTED: "waiting for a revisit",
    State.PAUSED: "paused",
    State.RETIRED: "retired",
    State.PROPOSED: "waiting for an answer",
}
NOT_AN_ANSWER = "There is no proposal to answer: this boundary is {state}."
YOUR_OWN_WORDING = "You wrote this wording, so it is your partner's to accept or answer."


@dataclass(frozen=True)
class Step:
    """One thing a partner can do to a boundary, and everything said about it.

    `name` is the step's URL slug (``/boundaries/<id>/<name>/``) and its form prefix.
    A step with a `to_state` is taken by `take` (via `boundary_step`); the two without
    one (``counter``, ``edit``) bring new wording and are taken by `revise`.
    """

    name: str
    who: Who
    from_states: frozenset[State]
    refused: str  # the state does not fit ({state} = where it stands)
    to_state: State | None = None
    action: Action | None = None  # what the history records
    refused_who: str = ""  # the person may not (default: `refused`)
    refused_mine: str = ""  # the state does not fit and the wording is theirs
    due_in: frozenset[State] = frozenset()  # from these states only once the date has come
    waits_on_partner: bool = False  # the partner is asked to answer (and so emailed)
    note_required: str = ""  # the message when a note is needed and missing
    asks_date: bool = False  # sets the next revisit date
    stamps_agreed_at: bool = False
    tell: str = ""  # to the partner: {name}, {wording}, {revisit_on}
    done: str = ""  # to the person: {partner}, {revisit_on}
    title: str = ""
    button: str = ""
    answers: frozenset[State] = frozenset()  # on the answer page, when waited on, in these
    answer_help: str = ""  # what it means, on the answer page ({partner})
    on_detail_page: bool = False
    secondary: bool = False  # ends or refuses something: the quieter button

    @property
    def is_transition(self) -> bool:
        return self.to_state is not None

    def refusal(self, boundary: Boundary, user: User, today: date) -> str | None:
        """Why `user` may not take this step on `boundary` now, or None if they may."""
        if boundary.state == State.RETIRED:
            return RETIRED_MESSAGE
        mine = boundary.proposed_by_id == user.pk
        fits = boundary.state in self.from_states and (
            boundary.state not in self.due_in or boundary.is_due(today)
        )
        if not fits:
            message = self.refused_mine if mine and self.refused_mine else self.refused
            return message.format(state=STATE_WORDS[boundary.state])
        if (self.who is Who.PROPOSER and not mine) or (self.who is Who.OTHER and mine):
            return self.refused_who or self.refused
        return None

    def __call__(
        self,
        couple: Couple,
        boundary: Boundary,
        expected_version: int,
        *,
        note: str = "",
        revisit_on: date | None = None,
        notify_partner: bool = True,
    ) -> BoundaryEvent:
        return take(
            couple,
            boundary,
            expected_version,
            self,
            note=note,
            revisit_on=revisit_on,
            notify_partner=notify_partner,
        )


RETIRED_MESSAGE = "This boundary is retired, so it can't be changed. You can propose a new one."

# In the order the pages offer them.
STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "agree",
            Who.OTHER,
            frozenset({State.PROPOSED}),
            NOT_AN_ANSWER,
            refused_who=YOUR_OWN_WORDING,
            to_state=State.AGREED,
            action=Action.AGREED,
            stamps_agreed_at=True,
            tell="{name} agreed to “{wording}”",
            done="Agreed. It is one of your boundaries now.",
            title="Agree",
            button="Agree to this",
            answers=frozenset({State.PROPOSED}),
            answer_help="It becomes one of your agreed boundaries, in these words.",
        ),
        Step(
            "decline",
            Who.OTHER,
            frozenset({State.PROPOSED}),
            NOT_AN_ANSWER,
            refused_who=YOUR_OWN_WORDING,
            to_state=State.DECLINED,
            action=Action.DECLINED,
            note_required="Add a note saying why, so your partner knows what would work.",
            tell="{name} declined “{wording}” and left a note",
            done="Declined. {partner} can read your note.",
            secondary=True,
            title="Decline",
            button="Decline",
            answers=frozenset({State.PROPOSED}),
            answer_help="{partner} sees your note and can propose something different.",
        ),
        Step(
            "counter",
            Who.OTHER,
            frozenset({State.PROPOSED}),
            NOT_AN_ANSWER,
            refused_who=YOUR_OWN_WORDING,
        ),
        Step(
            "keep",
            Who.EITHER,
            frozenset({State.AGREED, State.REVISIT_REQUESTED}),
            "Only an agreement that is due, or that one of you asked to revisit, can be kept.",
            to_state=State.AGREED,
            action=Action.KEPT,
            due_in=frozenset({State.AGREED}),
            asks_date=True,
            tell="{name} kept “{wording}” as it is, to revisit on {revisit_on}",
            done="Kept as it is, to revisit on {revisit_on}.",
            title="Keep it as it is",
            button="Keep it as it is",
            answers=frozenset({State.REVISIT_REQUESTED}),
            answer_help="It stays agreed, in these words, until the next revisit date.",
            on_detail_page=True,
        ),
        Step(
            "revisit",
            Who.EITHER,
            frozenset({State.AGREED}),
            "Only an agreed boundary can be brought back for a revisit.",
            to_state=State.REVISIT_REQUESTED,
            action=Action.REVISIT_REQUESTED,
            # The only plain step that waits for the partner's answer, so the only one emailed.
            waits_on_partner=True,
            tell="{name} would like to revisit “{wording}”",
            done="A notice in Alongside asks {partner} to revisit it with you.",
            title="Ask to revisit it",
            button="Ask to revisit",
            on_detail_page=True,
        ),
        Step(
            "pause",
            Who.EITHER,
            frozenset({State.AGREED, State.REVISIT_REQUESTED}),
            "Only an agreed boundary can be paused.",
            to_state=State.PAUSED,
            action=Action.PAUSED,
            tell="{name} paused “{wording}”",
            done="Paused. Either of you can take it up again.",
            title="Pause it for now",
            button="Pause it",
            answers=frozenset({State.REVISIT_REQUESTED}),
            answer_help="It is not in force until one of you takes it up again.",
            on_detail_page=True,
        ),
        Step(
            "resume",
            Who.EITHER,
            frozenset({State.PAUSED}),
            "Only a paused boundary can be taken up again.",
            to_state=State.AGREED,
            action=Action.RESUMED,
            tell="{name} took up “{wording}” again",
            done="It is in force again.",
            title="Take it up again",
            button="Take it up again",
            on_detail_page=True,
        ),
        Step(
            "withdraw",
            Who.PROPOSER,
            frozenset({State.PROPOSED}),
            "Only a proposal you made and nobody has answered yet can be withdrawn.",
            to_state=State.RETIRED,
            action=Action.WITHDRAWN,
            tell="{name} withdrew the proposal “{wording}”",
            done="Your proposal is withdrawn.",
            secondary=True,
            title="Withdraw your proposal",
            button="Withdraw my proposal",
            on_detail_page=True,
        ),
        Step(
            "retire",
            Who.EITHER,
            ALL_BUT_RETIRED - {State.PROPOSED},
            "Decline the proposal instead, with a note saying why.",
            refused_mine="Withdraw your proposal instead.",
            to_state=State.RETIRED,
            action=Action.RETIRED,
            tell="{name} retired “{wording}”",
            done="Retired. It stays in your history.",
            secondary=True,
            title="Retire it",
            button="Retire it",
            answers=frozenset({State.REVISIT_REQUESTED}),
            answer_help="It ends, and stays in your history.",
            on_detail_page=True,
        ),
        # Anything short of retired may be changed; `revise` decides what that means.
        Step("edit", Who.EITHER, ALL_BUT_RETIRED, RETIRED_MESSAGE),
    )
}
ACTIONS = tuple(STEPS)

agree = STEPS["agree"]
decline = STEPS["decline"]
keep = STEPS["keep"]
request_revisit = STEPS["revisit"]
pause = STEPS["pause"]
resume = STEPS["resume"]
withdraw = STEPS["withdraw"]
retire = STEPS["retire"]


def _refusal(boundary: Boundary, user: User, action: str, today: date) -> str | None:
    """Why `user` may not take `action` on `boundary` now, or None if they may."""
    try:
        step = STEPS[action]
    except KeyError:
        raise ValueError(f"unknown boundary action {action!r}") from None
    return step.refusal(boundary, user, today)


def allowed_actions(boundary: Boundary, user: User, today: date) -> frozenset[str]:
    """The steps this person may take now; pages show exactly these."""
    return frozenset(
        name for name, step in STEPS.items() if step.refusal(boundary, user, today) is None
    )


def _require(boundary: Boundary, user: User, action: str, today: date) -> None:
    reason = _refusal(boundary, user, action, today)
    if reason:
        raise BoundaryError(reason)


def answer_steps(boundary: Boundary, user: User) -> tuple[Step, ...]:
    """What the answer page offers the person the boundary waits on, given its state."""
    if boundary.waiting_on_id != user.pk:
        return ()
    return tuple(step for step in STEPS.values() if boundary.state in step.answers)


DETAIL_STEPS = tuple(step for step in STEPS.values() if step.on_detail_page)


# --- applying a step -------------------------------------------------------------------


def _short(wording: str) -> str:
    return cut_at_word(wording, 80)


def _detail_link(boundary: Boundary) -> str:
    return reverse("boundary_detail", args=[boundary.public_id])


def _answer_link(boundary: Boundary) -> str:
    return reverse("boundary_answer", args=[boundary.public_id])


def _repeat_of(
    boundary: Boundary,
    user: User,
    action: str | None,
    expected_version: int,
    details: Details | None = None,
) -> BoundaryEvent | None:
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
    couple: Couple,
    boundary: Boundary,
    expected_version: int,
    action: str,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
    tell: str | None = None,
    email: bool = False,
    notify_partner: bool = True,
    details: Details | None = None,
) -> BoundaryEvent:
    """Compare-and-set `changes` onto `boundary`, record the event, and tell the partner."""
    changes = dict(changes or {})
    now = timezone.now()
    with transaction.atomic():
        updated = compare_and_set(
            boundary,
            {"version": expected_version},
            **changes,
            version=F("version") + 1,
            updated_at=now,
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


def _check_fresh(
    boundary: Boundary,
    expected_version: int,
    couple: Couple,
    action: str | None,
    details: Details | None = None,
) -> BoundaryEvent | None:
    """Refuse early when the page was drawn from an older version of the boundary."""
    if boundary.version == expected_version:
        return None
    repeat = _repeat_of(boundary, couple.user, action, expected_version, details)
    if repeat is not None:
        return repeat
    raise Conflict(boundary)


# --- new wording -------------------------------------------------------------------------


def propose(
    couple: Couple,
    details: Details,
    *,
    starter: str = "",
    submission_key: uuid.UUID | None = None,
    notify_partner: bool = True,
) -> tuple[Boundary, bool]:
    """Propose a new boundary; returns (boundary, created).

    The same form submitted twice finds the first row (by its submission key) instead
    of making a second.
    """
    if not couple.is_complete:
        raise BoundaryError("Your partner needs to join before you can propose a boundary.")
    now = timezone.now()
    new = Boundary(
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

    def record_and_tell(boundary: Boundary) -> None:
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

    return create_once(new, unique=("partnership", "submission_key"), then=record_and_tell)


def revise(
    couple: Couple,
    boundary: Boundary,
    expected_version: int,
    details: Details,
    *,
    note: str = "",
    notify_partner: bool = True,
) -> BoundaryEvent:
    """Change what a boundary says. New wording always goes back for agreement.

    - a proposal's answerer changing anything is a counter-proposal, which then waits
      for the first partner;
    - the proposer may amend their own proposal while it waits;
    - a declined boundary changed by either partner is proposed again;
    - an agreement (or a paused one, or one waiting for a revisit) with new wording goes
      back for agreement; with only a new why, category or date it stays as it is.
    """
    today = couple.partnership.today()
    if repeat := _check_fresh(boundary, expected_version, couple, None, details):
        return repeat
    _require(boundary, couple.user, "edit", today)
    before = Details.of(boundary)
    if details == before and boundary.state != State.DECLINED:
        raise BoundaryError("Nothing has changed yet. Change something, or go back.")
    changes: dict[str, Any] = {
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


def take(
    couple: Couple,
    boundary: Boundary,
    expected_version: int,
    step: Step,
    *,
    note: str = "",
    revisit_on: date | None = None,
    notify_partner: bool = True,
) -> BoundaryEvent:
    """Take one of the steps that move a boundary to another state (all but new wording).

    In order: a page drawn from an older version is a conflict (or, for a double click,
    the event the first click made); the step must be this person's to take now; a
    decline needs its note, a keep a next date after today. Then the state changes.
    """
    if step.to_state is None or step.action is None:
        raise ValueError(f"{step.name!r} brings new wording: see revise()")
    today = couple.partnership.today()
    if repeat := _check_fresh(boundary, expected_version, couple, step.action):
        return repeat
    _require(boundary, couple.user, step.name, today)
    if step.note_required and not note.strip():
        raise BoundaryError(step.note_required)
    changes: dict[str, Any] = {
        "state": step.to_state,
        "waiting_on": couple.partner_user if step.waits_on_partner else None,
    }
    if step.stamps_agreed_at:
        changes["agreed_at"] = timezone.now()
    if step.asks_date:
        if revisit_on is None or revisit_on <= today:
            raise BoundaryError("Choose a next revisit date after today.")
        changes["revisit_on"] = revisit_on
    tell = step.tell.format(
        name=couple.user.name,
        wording=_short(boundary.wording),
        revisit_on=date_format(revisit_on, "j F Y") if revisit_on else "",
    )
    return _step(
        couple,
        boundary,
        expected_version,
        step.action,
        note=note,
        changes=changes,
        tell=tell,
        email=step.waits_on_partner,
        notify_partner=notify_partner,
    )
