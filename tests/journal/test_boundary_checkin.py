"""The check-in's "How did our agreed boundaries hold this week?" (journal.boundaries.checkin):
asked per agreement in force, saved with the check-in, shown under the check-in's own
reveal rule."""

from datetime import timedelta

import pytest
from django.urls import reverse

from journal.boundaries import rules
from journal.boundaries.checkin import BoundariesSection
from journal.boundaries.models import Held, State
from journal.models import BoundaryCheck, CheckIn
from tests.journal.boundary_factories import details, make_boundary, side
from tests.journal.checkin_factories import (
    make_checkin,
    make_history,
    supporting_post,
    this_week,
    treatment_post,
)

pytestmark = pytest.mark.django_db
FORM = reverse("checkin_form")
WEEK = reverse("checkin_week")
QUESTION = "How did our agreed boundaries hold this week?"


def held(boundary, value, note=""):
    key = boundary.public_id.hex
    return {f"boundaries-held_{key}": value, f"boundaries-note_{key}": note}


@pytest.fixture
def rides(in_treatment, supporting):
    return make_boundary(supporting, in_treatment, State.AGREED, wording="I drive you home")


@pytest.fixture
def dose(in_treatment, supporting):
    return make_boundary(in_treatment, supporting, State.AGREED, wording="Tell me about doses")


def test_no_question_before_anything_is_agreed(treatment_client, in_treatment, supporting):
    make_boundary(in_treatment, supporting, State.PROPOSED, wording="Not agreed yet")

    page = treatment_client.get(FORM).content.decode()

    assert QUESTION not in page
    assert "Not agreed yet" not in page


def test_each_agreement_in_force_is_asked_about(
    supporting_client, in_treatment, supporting, rides, dose
):
    make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED, wording="Under review")
    for state in (State.PROPOSED, State.PAUSED, State.RETIRED, State.DECLINED):
        make_boundary(in_treatment, supporting, state, wording=f"Not in force {state}")

    page = supporting_client.get(FORM).content.decode()

    assert QUESTION in page
    for wording in ("I drive you home", "Tell me about doses", "Under review"):
        assert f"“{wording}”" in page
    assert "Not in force" not in page
    assert page.count("Didn&#x27;t hold") == 3


def test_answers_are_saved_with_the_check_in(treatment_client, couple, rides, dose):
    response = treatment_client.post(
        FORM,
        {
            **treatment_post(couple),
            **held(rides, Held.HELD),
            **held(dose, Held.PARTLY, "  I told you a day late.  "),
        },
    )

    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    checks = {c.boundary_id: c for c in BoundaryCheck.objects.filter(checkin=checkin)}
    assert checks[rides.pk].held == Held.HELD
    assert checks[dose.pk].held == Held.PARTLY
    assert checks[dose.pk].note == "I told you a day late."
    assert checks[dose.pk].wording == "Tell me about doses"


def test_every_answer_is_optional(treatment_client, couple, rides):
    response = treatment_client.post(FORM, {**treatment_post(couple), **held(rides, "")})

    assert response.status_code == 302
    assert not BoundaryCheck.objects.exists()


def test_editing_the_check_in_changes_or_clears_answers(treatment_client, couple, rides, dose):
    treatment_client.post(
        FORM, {**treatment_post(couple), **held(rides, Held.HELD), **held(dose, Held.NOT)}
    )
    checkin = CheckIn.objects.get()

    page = treatment_client.get(FORM).content.decode()
    assert f'value="not" id="id_boundaries-held_{dose.public_id.hex}_2" checked' in page

    treatment_client.post(
        FORM,
        {
            **treatment_post(couple, version=str(checkin.version)),
            **held(rides, Held.PARTLY),
            **held(dose, ""),
        },
    )

    assert list(BoundaryCheck.objects.values_list("boundary_id", "held")) == [
        (rides.pk, Held.PARTLY)
    ]


def test_a_double_submit_keeps_one_answer_per_boundary(treatment_client, couple, rides):
    data = {**treatment_post(couple), **held(rides, Held.HELD)}

    treatment_client.post(FORM, data)
    treatment_client.post(FORM, data)

    assert BoundaryCheck.objects.count() == 1


@pytest.mark.parametrize(
    ("answer", "note", "message"),
    [
        ("", "A note without an answer", "Choose held, partly or not"),
        (Held.HELD, "n" * 501, "500 characters or fewer (it has 501)"),
        (Held.HELD, "a\x00b", "Null characters are not allowed."),
        ("sometimes", "", "Select a valid choice."),
    ],
)
def test_bad_answers_are_explained_and_the_check_in_is_kept(
    answer, note, message, treatment_client, couple, rides
):
    response = treatment_client.post(
        FORM, {**treatment_post(couple, what_helped="Our Sunday walk"), **held(rides, answer, note)}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Our Sunday walk" in page
    assert not CheckIn.objects.exists()


def test_the_partner_sees_the_answers_only_with_the_rest_of_the_check_in(
    treatment_client, supporting_client, couple, rides
):
    treatment_client.post(FORM, {**treatment_post(couple), **held(rides, Held.NOT, "Took a taxi")})

    before = supporting_client.get(WEEK).content.decode()
    assert "Took a taxi" not in before

    supporting_client.post(FORM, supporting_post(couple))
    after = supporting_client.get(WEEK).content.decode()
    assert QUESTION in after
    assert "Took a taxi" in after
    assert "Didn&#x27;t hold" in after


def test_answers_keep_the_wording_of_that_week(
    treatment_client, couple, rides, in_treatment, supporting
):
    treatment_client.post(FORM, {**treatment_post(couple), **held(rides, Held.HELD)})
    rules.revise(side(supporting), rides, rides.version, details(couple, "Taxi is fine too"))
    checkin = CheckIn.objects.get()

    page = treatment_client.get(reverse("checkin_detail", args=[checkin.public_id])).content
    page = page.decode()

    assert "“I drive you home”" in page
    assert "Taxi is fine too" not in page


def test_answers_of_hidden_or_other_couples_check_ins_are_never_returned(
    couple, other_couple, in_treatment, supporting, stranger, rides
):
    mine = make_checkin(couple, in_treatment)
    BoundaryCheck.objects.create(checkin=mine, boundary=rides, wording="x", held=Held.HELD)
    section = BoundariesSection()

    # Alex has not checked in this week: Sam's answers stay hidden even if asked directly.
    assert section.answers(side(supporting), [mine]) == {}
    assert section.answers(side(stranger), [mine]) == {}
    assert list(section.answers(side(in_treatment), [mine])) == [mine.pk]


@pytest.mark.parametrize("weeks", [1, 260])
def test_history_query_count_does_not_grow_with_answers(
    weeks,
    treatment_client,
    couple,
    in_treatment,
    supporting,
    rides,
    dose,
    django_assert_max_num_queries,
):
    """Guards loading each check-in's boundary answers one by one: the history page asks
    once for all the check-ins it shows."""
    make_history(couple, in_treatment, supporting, weeks)
    BoundaryCheck.objects.bulk_create(
        BoundaryCheck(checkin=checkin, boundary=boundary, wording=boundary.wording, held="held")
        for checkin in CheckIn.objects.all()
        for boundary in (rides, dose)
    )
    url = reverse("checkin_history")
    treatment_client.get(url)

    with django_assert_max_num_queries(13) as captured:
        page = treatment_client.get(url)

    assert page.status_code == 200
    assert QUESTION in page.content.decode()
    assert sum("journal_boundarycheck" in q["sql"] for q in captured.captured_queries) == 1


@pytest.mark.parametrize("agreements", [1, 40])
def test_form_asks_for_all_agreements_in_one_query(
    agreements,
    treatment_client,
    couple,
    in_treatment,
    supporting,
    django_assert_max_num_queries,
):
    """Guards looking up each agreement's earlier answer one by one."""
    for n in range(agreements):
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n}")
    treatment_client.post(FORM, treatment_post(couple))
    treatment_client.get(FORM)

    with django_assert_max_num_queries(12) as captured:
        page = treatment_client.get(FORM)

    assert page.status_code == 200
    assert sum("journal_boundary" in q["sql"] for q in captured.captured_queries) == 1


def test_last_weeks_answers_do_not_fill_in_this_weeks_form(
    treatment_client, couple, in_treatment, rides
):
    last_week = make_checkin(couple, in_treatment, this_week(couple).start - timedelta(weeks=1))
    BoundaryCheck.objects.create(
        checkin=last_week, boundary=rides, wording=rides.wording, held=Held.NOT, note="Old note"
    )

    page = treatment_client.get(FORM).content.decode()

    assert QUESTION in page
    assert "checked" not in page.split(f"held_{rides.public_id.hex}", 1)[1].split("</fieldset>")[0]
    assert "Old note" not in page
