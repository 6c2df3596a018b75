"""The life cycle of a boundary (journal.boundaries.rules): every step, every refusal, the
history it leaves, conflicts between two partners, and who gets told."""

from datetime import timedelta

import pytest

from journal.boundaries import rules
from journal.boundaries.models import Action, AppendOnly, Category, State
from journal.boundaries.rules import BoundaryError, Conflict, Details
from journal.models import Boundary, BoundaryEvent, Notice
from tests.factories import make_user
from tests.journal.boundary_factories import details, make_boundary, make_due, side

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(in_treatment):
    return side(in_treatment)


@pytest.fixture
def alex(supporting):
    return side(supporting)


def fresh(boundary):
    return Boundary.objects.get(pk=boundary.pk)


def actions(boundary):
    return list(
        BoundaryEvent.objects.filter(boundary=boundary)
        .order_by("version")
        .values_list("action", flat=True)
    )


# --- proposing and answering -----------------------------------------------------------


def test_a_proposal_waits_for_the_other_partner(sam, couple, in_treatment, supporting):
    boundary, created = rules.propose(sam, details(couple, "Tell me about dose changes"))

    assert created
    boundary = fresh(boundary)
    assert boundary.state == State.PROPOSED
    assert boundary.proposed_by == in_treatment
    assert boundary.waiting_on == supporting
    assert boundary.version == 1
    assert actions(boundary) == [Action.PROPOSED]


def test_nobody_can_propose_before_the_partner_joins(db):
    from partners.models import Membership, Partnership, Role

    alone = make_user()
    partnership = Partnership.objects.create(started_by=alone)
    Membership.objects.create(partnership=partnership, user=alone, role=Role.IN_TREATMENT)

    with pytest.raises(BoundaryError, match="partner needs to join"):
        rules.propose(side(alone), details(partnership))
    assert not Boundary.objects.exists()


def test_the_other_partner_agrees_and_it_is_agreed(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple))

    rules.agree(alex, boundary, 1, note="Yes, thank you")

    boundary = fresh(boundary)
    assert boundary.state == State.AGREED
    assert boundary.waiting_on is None
    assert boundary.agreed_at is not None
    assert boundary.version == 2
    assert actions(boundary) == [Action.PROPOSED, Action.AGREED]
    assert boundary.events.first().note == "Yes, thank you"


def test_you_cannot_accept_your_own_proposal(sam, couple):
    boundary, _ = rules.propose(sam, details(couple))

    with pytest.raises(BoundaryError, match="your partner's to accept"):
        rules.agree(sam, boundary, 1)

    assert fresh(boundary).state == State.PROPOSED
    assert actions(boundary) == [Action.PROPOSED]


def test_you_cannot_decline_your_own_proposal(sam, couple):
    boundary, _ = rules.propose(sam, details(couple))

    with pytest.raises(BoundaryError):
        rules.decline(sam, boundary, 1, note="Changed my mind")

    assert fresh(boundary).state == State.PROPOSED


def test_declining_needs_a_note(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple))

    with pytest.raises(BoundaryError, match="note"):
        rules.decline(alex, boundary, 1, note="   ")

    assert fresh(boundary).state == State.PROPOSED


def test_the_other_partner_declines_with_a_note(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple))

    rules.decline(alex, boundary, 1, note="I'd rather talk first")

    boundary = fresh(boundary)
    assert boundary.state == State.DECLINED
    assert boundary.waiting_on is None
    assert boundary.events.first().note == "I'd rather talk first"


def test_a_counter_proposal_waits_for_the_first_partner(
    sam, alex, couple, in_treatment, supporting
):
    boundary, _ = rules.propose(sam, details(couple, "Call me after every session"))

    event = rules.revise(
        alex, boundary, 1, details(couple, "Text me after every session"), note="Texts are easier"
    )

    assert event.action == Action.COUNTERED
    boundary = fresh(boundary)
    assert boundary.state == State.PROPOSED
    assert boundary.wording == "Text me after every session"
    assert boundary.proposed_by == supporting
    assert boundary.waiting_on == in_treatment
    # The one who countered now waits: they cannot accept their own wording.
    with pytest.raises(BoundaryError):
        rules.agree(alex, boundary, boundary.version)
    rules.agree(sam, boundary, boundary.version)
    assert fresh(boundary).state == State.AGREED


def test_a_counter_may_go_back_and_forth(sam, alex, couple, in_treatment):
    boundary, _ = rules.propose(sam, details(couple, "One"))
    rules.revise(alex, boundary, 1, details(couple, "Two"))
    rules.revise(sam, boundary, 2, details(couple, "Three"))

    boundary = fresh(boundary)
    assert boundary.proposed_by == in_treatment
    assert actions(boundary) == [Action.PROPOSED, Action.COUNTERED, Action.COUNTERED]


def test_the_proposer_can_amend_their_proposal_while_it_waits(sam, couple, supporting):
    boundary, _ = rules.propose(sam, details(couple, "Draft"))

    event = rules.revise(sam, boundary, 1, details(couple, "Better draft"))

    assert event.action == Action.REWORDED
    boundary = fresh(boundary)
    assert boundary.state == State.PROPOSED
    assert boundary.waiting_on == supporting


# --- changing an agreement ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["proposer", "answerer"])
def test_new_wording_on_an_agreement_sends_it_back_for_agreement(
    who, in_treatment, supporting, couple
):
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording="Old words")
    actor, other = (in_treatment, supporting) if who == "proposer" else (supporting, in_treatment)

    event = rules.revise(side(actor), boundary, boundary.version, details(couple, "New words"))

    assert event.action == Action.REWORDED
    boundary = fresh(boundary)
    assert boundary.state == State.PROPOSED
    assert boundary.proposed_by == actor
    assert boundary.waiting_on == other
    # The old wording stays in the history.
    wordings = list(boundary.events.order_by("version").values_list("wording", flat=True))
    assert wordings[0] == "Old words"
    assert wordings[-1] == "New words"


def test_saving_without_any_change_is_refused(in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording="Same words")

    with pytest.raises(BoundaryError, match="Nothing has changed"):
        rules.revise(side(supporting), boundary, boundary.version, Details.of(boundary))
    assert fresh(boundary).state == State.AGREED


def test_a_new_date_or_why_keeps_an_agreement_agreed(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording="Keep me")
    later = couple.today() + timedelta(days=200)

    event = rules.revise(
        side(supporting),
        boundary,
        boundary.version,
        details(couple, "Keep me", revisit_on=later, why="It matters", category=Category.SAFETY),
    )

    assert event.action == Action.EDITED
    boundary = fresh(boundary)
    assert boundary.state == State.AGREED
    assert boundary.revisit_on == later
    assert boundary.category == Category.SAFETY


@pytest.mark.parametrize("who", ["proposer", "answerer"])
def test_either_partner_can_ask_to_revisit_an_agreement(who, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)
    actor, other = (in_treatment, supporting) if who == "proposer" else (supporting, in_treatment)

    rules.request_revisit(side(actor), boundary, boundary.version, note="Can we talk?")

    boundary = fresh(boundary)
    assert boundary.state == State.REVISIT_REQUESTED
    assert boundary.waiting_on == other


def test_keeping_it_after_a_revisit_request_agrees_it_again_with_a_new_date(
    in_treatment, supporting, couple
):
    boundary = make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED)
    next_time = couple.today() + timedelta(days=120)

    rules.keep(side(supporting), boundary, boundary.version, revisit_on=next_time)

    boundary = fresh(boundary)
    assert boundary.state == State.AGREED
    assert boundary.waiting_on is None
    assert boundary.revisit_on == next_time


def test_the_one_who_asked_to_revisit_can_take_the_request_back(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED)

    rules.keep(
        side(in_treatment),
        boundary,
        boundary.version,
        revisit_on=couple.today() + timedelta(days=30),
    )

    assert fresh(boundary).state == State.AGREED


def test_keeping_needs_a_date_after_today(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED)

    with pytest.raises(BoundaryError, match="after today"):
        rules.keep(side(supporting), boundary, boundary.version, revisit_on=couple.today())


def test_an_agreement_can_be_kept_only_once_it_is_due(in_treatment, supporting, couple):
    later = couple.today() + timedelta(days=100)
    not_due = make_boundary(in_treatment, supporting, State.AGREED)
    due = make_due(in_treatment, supporting)

    with pytest.raises(BoundaryError, match="due"):
        rules.keep(side(supporting), not_due, not_due.version, revisit_on=later)
    rules.keep(side(supporting), due, due.version, revisit_on=later)

    assert fresh(due).revisit_on == later
    assert actions(due)[-1] == Action.KEPT


@pytest.mark.parametrize("who", ["proposer", "answerer"])
def test_either_partner_can_pause_and_take_it_up_again(who, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)
    actor = in_treatment if who == "proposer" else supporting

    rules.pause(side(actor), boundary, boundary.version, note="During the break")
    assert fresh(boundary).state == State.PAUSED
    rules.resume(side(supporting), boundary, boundary.version)
    assert fresh(boundary).state == State.AGREED


@pytest.mark.parametrize("state", [State.AGREED, State.PAUSED, State.REVISIT_REQUESTED])
@pytest.mark.parametrize("who", ["proposer", "answerer"])
def test_either_partner_can_retire_an_agreement(state, who, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, state)
    actor = in_treatment if who == "proposer" else supporting

    rules.retire(side(actor), boundary, boundary.version, note="We don't need it now")

    boundary = fresh(boundary)
    assert boundary.state == State.RETIRED
    assert boundary.waiting_on is None


def test_the_proposer_can_withdraw_an_unanswered_proposal(in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.PROPOSED)

    with pytest.raises(BoundaryError, match="Decline"):
        rules.retire(side(supporting), boundary, boundary.version)
    with pytest.raises(BoundaryError, match="Withdraw"):
        rules.retire(side(in_treatment), boundary, boundary.version)
    with pytest.raises(BoundaryError):
        rules.withdraw(side(supporting), boundary, boundary.version)
    rules.withdraw(side(in_treatment), boundary, boundary.version)

    assert fresh(boundary).state == State.RETIRED
    assert actions(boundary)[-1] == Action.WITHDRAWN


def test_a_declined_boundary_can_be_proposed_again(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.DECLINED, wording="Try this")

    event = rules.revise(side(in_treatment), boundary, boundary.version, Details.of(boundary))

    assert event.action == Action.PROPOSED
    boundary = fresh(boundary)
    assert boundary.state == State.PROPOSED
    assert boundary.waiting_on == supporting


def test_the_partner_who_declined_can_suggest_other_wording(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.DECLINED, wording="Try this")

    rules.revise(side(supporting), boundary, boundary.version, details(couple, "Try that"))

    boundary = fresh(boundary)
    assert boundary.state == State.PROPOSED
    assert boundary.proposed_by == supporting
    assert boundary.waiting_on == in_treatment


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (State.PROPOSED, "revisit"),
        (State.PROPOSED, "pause"),
        (State.PROPOSED, "resume"),
        (State.AGREED, "agree"),
        (State.AGREED, "decline"),
        (State.AGREED, "resume"),
        (State.AGREED, "withdraw"),
        (State.DECLINED, "agree"),
        (State.DECLINED, "pause"),
        (State.PAUSED, "revisit"),
        (State.PAUSED, "pause"),
        (State.REVISIT_REQUESTED, "revisit"),
        (State.REVISIT_REQUESTED, "agree"),
    ],
)
def test_steps_that_do_not_fit_the_state_are_refused(state, step, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, state)
    before = boundary.version
    kwargs = {"note": "because"}

    with pytest.raises(BoundaryError) as refused:
        rules.STEPS[step](side(supporting), boundary, boundary.version, **kwargs)

    assert not isinstance(refused.value, Conflict)
    assert fresh(boundary).version == before


@pytest.mark.parametrize(
    "step", ["agree", "decline", "withdraw", "revisit", "pause", "resume", "retire"]
)
def test_a_retired_boundary_cannot_be_changed(step, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.RETIRED)

    with pytest.raises(BoundaryError, match="retired"):
        rules.STEPS[step](side(supporting), boundary, boundary.version, note="please")

    assert fresh(boundary).state == State.RETIRED


def test_a_retired_boundary_cannot_be_edited(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.RETIRED, wording="Gone")

    with pytest.raises(BoundaryError, match="retired"):
        rules.revise(side(in_treatment), boundary, boundary.version, details(couple, "Back"))
    with pytest.raises(BoundaryError, match="retired"):
        rules.keep(
            side(in_treatment),
            boundary,
            boundary.version,
            revisit_on=couple.today() + timedelta(days=9),
        )

    assert fresh(boundary).wording == "Gone"


def test_allowed_actions_follow_the_rules_for_each_side(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.PROPOSED)
    today = couple.today()

    assert rules.allowed_actions(boundary, supporting, today) == {
        "agree",
        "decline",
        "counter",
        "edit",
    }
    assert rules.allowed_actions(boundary, in_treatment, today) == {"withdraw", "edit"}
    retired = make_boundary(in_treatment, supporting, State.RETIRED)
    assert rules.allowed_actions(retired, in_treatment, today) == frozenset()


# --- history -----------------------------------------------------------------------------


def test_every_step_is_in_the_history_with_who_when_and_the_wording(
    sam, alex, couple, in_treatment, supporting
):
    later = couple.today() + timedelta(days=60)
    boundary, _ = rules.propose(sam, details(couple, "First words"))
    rules.revise(alex, boundary, 1, details(couple, "Second words"))
    rules.agree(sam, boundary, 2)
    rules.revise(sam, boundary, 3, details(couple, "Third words"), note="Clearer")
    rules.agree(alex, boundary, 4)
    rules.request_revisit(alex, boundary, 5, note="After the course ends")
    rules.keep(sam, boundary, 6, revisit_on=later)
    rules.pause(alex, boundary, 7)
    rules.resume(sam, boundary, 8)
    rules.retire(alex, boundary, 9, note="Done")

    events = list(BoundaryEvent.objects.filter(boundary=boundary).order_by("version"))
    assert [e.version for e in events] == list(range(1, 11))
    assert [e.action for e in events] == [
        Action.PROPOSED,
        Action.COUNTERED,
        Action.AGREED,
        Action.REWORDED,
        Action.AGREED,
        Action.REVISIT_REQUESTED,
        Action.KEPT,
        Action.PAUSED,
        Action.RESUMED,
        Action.RETIRED,
    ]
    actors = [e.actor for e in events]
    assert actors[:3] == [in_treatment, supporting, in_treatment]
    assert [e.wording for e in events[:4]] == [
        "First words",
        "Second words",
        "Second words",
        "Third words",
    ]
    assert events[3].note == "Clearer"
    assert events[6].revisit_on == later
    assert all(e.created_at is not None for e in events)
    assert [e.state for e in events][-1] == State.RETIRED


def test_the_history_is_append_only(sam, couple):
    boundary, _ = rules.propose(sam, details(couple))
    event = boundary.events.get()

    event.note = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert boundary.events.get().note == ""


# --- two partners at once -----------------------------------------------------------------


def test_a_save_from_a_stale_page_is_a_conflict_and_changes_nothing(
    in_treatment, supporting, couple
):
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording="Ours")
    seen = boundary.version
    rules.revise(side(in_treatment), boundary, seen, details(couple, "Sam's version"))

    with pytest.raises(Conflict) as conflict:
        rules.revise(side(supporting), fresh(boundary), seen, details(couple, "Alex's version"))

    assert conflict.value.current.wording == "Sam's version"
    boundary = fresh(boundary)
    assert boundary.wording == "Sam's version"
    assert boundary.version == seen + 1
    assert BoundaryEvent.objects.filter(boundary=boundary).count() == seen + 1


def test_agreeing_from_a_stale_page_never_agrees_to_wording_not_seen(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple, "What Alex read"))
    rules.revise(sam, fresh(boundary), 1, details(couple, "What Sam changed it to"))

    with pytest.raises(Conflict):
        rules.agree(alex, fresh(boundary), 1)

    assert fresh(boundary).state == State.PROPOSED


def test_a_change_landing_between_reading_and_saving_is_caught(in_treatment, supporting, couple):
    """The compare-and-set itself, not only the early version check."""
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording="Ours")
    mine = fresh(boundary)  # read...
    rules.pause(side(in_treatment), fresh(boundary), boundary.version)  # ...partner saves...

    with pytest.raises(Conflict):  # ...then my save arrives with what I read.
        rules.revise(side(supporting), mine, mine.version, details(couple, "Mine"))

    assert fresh(boundary).state == State.PAUSED
    assert fresh(boundary).wording == "Ours"


def test_the_same_step_sent_twice_is_done_once(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple))

    first = rules.agree(alex, fresh(boundary), 1)
    second = rules.agree(alex, fresh(boundary), 1)

    assert first.pk == second.pk
    assert actions(boundary) == [Action.PROPOSED, Action.AGREED]


def test_the_same_wording_sent_twice_is_saved_once(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple))
    words = details(couple, "Other words")

    rules.revise(alex, fresh(boundary), 1, words)
    rules.revise(alex, fresh(boundary), 1, words)

    assert actions(boundary) == [Action.PROPOSED, Action.COUNTERED]


def test_different_text_from_an_older_tab_of_the_same_person_is_still_a_conflict(sam, alex, couple):
    boundary, _ = rules.propose(sam, details(couple))

    rules.revise(alex, fresh(boundary), 1, details(couple, "Tab one"))
    with pytest.raises(Conflict):
        rules.revise(alex, fresh(boundary), 1, details(couple, "Tab two"))

    assert fresh(boundary).wording == "Tab one"


def test_a_proposal_sent_twice_with_one_form_is_one_boundary(sam, couple):
    import uuid

    key = uuid.uuid4()
    first, created = rules.propose(sam, details(couple, "Once"), submission_key=key)
    second, created_again = rules.propose(sam, details(couple, "Once"), submission_key=key)

    assert created and not created_again
    assert first.pk == second.pk
    assert Boundary.objects.count() == 1


# --- telling the partner -------------------------------------------------------------------


def notices_for(user):
    return list(Notice.objects.filter(recipient=user, kind=Notice.Kind.BOUNDARY))


def test_a_proposal_tells_the_partner_with_an_email_that_holds_no_details(
    sam, couple, supporting, in_treatment, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        boundary, _ = rules.propose(sam, details(couple, "Tell me about every dose change"))

    [notice] = notices_for(supporting)
    assert notice.partnership == couple
    assert notice.link == f"/boundaries/{boundary.public_id}/answer/"
    assert "Tell me about every dose change" in notice.message
    assert notices_for(in_treatment) == []
    [email] = mailoutbox
    assert email.to == [supporting.email]
    assert "dose" not in email.body.lower()
    assert "dose" not in email.subject.lower()
    assert "/boundaries/" in email.body


def test_a_counter_proposal_tells_the_first_partner(
    sam, alex, couple, in_treatment, mailoutbox, django_capture_on_commit_callbacks
):
    boundary, _ = rules.propose(sam, details(couple), notify_partner=False)

    with django_capture_on_commit_callbacks(execute=True):
        rules.revise(alex, boundary, 1, details(couple, "Another way"))

    [notice] = notices_for(in_treatment)
    assert "different wording" in notice.message
    assert notice.link.endswith("/answer/")
    assert [m.to for m in mailoutbox] == [[in_treatment.email]]


def test_new_wording_on_an_agreement_asks_the_partner_again(
    in_treatment, supporting, couple, mailoutbox, django_capture_on_commit_callbacks
):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)

    with django_capture_on_commit_callbacks(execute=True):
        rules.revise(side(supporting), boundary, boundary.version, details(couple, "Reworded"))

    [notice] = notices_for(in_treatment)
    assert "needs your OK again" in notice.message
    assert len(mailoutbox) == 1


def test_a_revisit_request_tells_the_other_partner(
    in_treatment, supporting, mailoutbox, django_capture_on_commit_callbacks
):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)

    with django_capture_on_commit_callbacks(execute=True):
        rules.request_revisit(side(supporting), boundary, boundary.version)

    [notice] = notices_for(in_treatment)
    assert "revisit" in notice.message
    assert notice.link.endswith("/answer/")
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("step", ["agree", "decline"])
def test_an_answer_is_shown_in_the_app_without_an_email(
    step, sam, alex, couple, in_treatment, mailoutbox, django_capture_on_commit_callbacks
):
    boundary, _ = rules.propose(sam, details(couple), notify_partner=False)

    with django_capture_on_commit_callbacks(execute=True):
        rules.STEPS[step](alex, boundary, 1, note="A note")

    [notice] = notices_for(in_treatment)
    assert notice.link == f"/boundaries/{boundary.public_id}/"
    assert mailoutbox == []


def test_nobody_is_told_about_their_own_step(sam, couple, in_treatment):
    rules.propose(sam, details(couple))

    assert notices_for(in_treatment) == []


def test_a_closed_partnership_can_be_deleted_with_its_boundaries_and_history(
    couple, in_treatment, supporting
):
    """The history refuses to be rewritten row by row, but deleting a couple's data (the
    account deletion path) still removes it."""
    make_boundary(in_treatment, supporting, State.RETIRED)

    couple.delete()

    assert not Boundary.objects.exists()
    assert not BoundaryEvent.objects.exists()
