"""The check-in's "How did our agreed boundaries hold this week?" (journal.boundaries.checkin):
asked one by one about a bounded set of agreements (due, changed, or last answered partly or
not: at most eight), with one answer for all the others and a way to answer any of them one
by one; saved with the check-in, shown under the check-in's own reveal rule."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.boundaries import rules
from journal.boundaries.checkin import MAX_ASKED, BoundariesSection
from journal.boundaries.models import Boundary, Held, State
from journal.models import BoundaryCheck, CheckIn
from tests.journal.boundary_factories import details, make_boundary, make_due, side
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


def held(boundary, value, note="", row=None):
    """What the form posts for one agreement: its row's id, answer and note (any row number
    will do: the page numbers its rows, the id says which agreement each is)."""
    row = row or boundary.pk
    return {
        f"bd-b{row}": boundary.public_id.hex,
        f"bd-h{row}": value,
        f"bd-n{row}": note,
    }


def row_of(page, boundary):
    """The row number the page gave an agreement, or None when it is not asked about."""
    found = re.search(rf'name="bd-b(\d+)" value="{boundary.public_id.hex}"', page)
    return int(found.group(1)) if found else None


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
    row = page.split(f'name="bd-h{row_of(page, dose)}" value="not"', 1)[1]
    assert row.split(">", 1)[0].endswith(" checked")

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
    if note and "\x00" not in note:
        assert f'value="{note}"' in page  # the typed note is kept
    # The message is tied to the question it is about.
    error = f"bd{rides.pk}-note-error" if answer == Held.HELD else f"bd{rides.pk}-error"
    assert f'aria-describedby="{error}"' in page and f'id="{error}"' in page
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


def test_tallies_count_in_the_database_under_the_reveal_rule(
    couple, other_couple, in_treatment, supporting, stranger, rides, dose
):
    """Past weeks show each check-in's answers counted (journal.boundaries.checkin.Tally):
    counted by the database, the "all the others" answer counting as many as it covered,
    and never for a check-in the asker may not read."""
    mine = make_checkin(couple, in_treatment)
    last = make_checkin(couple, in_treatment, this_week(couple).start - timedelta(weeks=1))
    BoundaryCheck.objects.create(checkin=mine, boundary=rides, wording="x", held=Held.PARTLY)
    BoundaryCheck.objects.create(checkin=mine, boundary=dose, wording="y", held=Held.NOT)
    BoundaryCheck.objects.create(checkin=mine, boundary=None, wording="z", held="held", covers=6)
    section = BoundariesSection()

    tallies = section.tallies(side(in_treatment), [mine, last])
    assert list(tallies) == [mine.pk]  # no answers last week: nothing to show
    tally = tallies[mine.pk]
    assert (tally.held, tally.partly, tally.not_held, len(tally)) == (6, 1, 1, 8)
    # Alex has not checked in this week: Sam's counts stay hidden even if asked directly.
    assert section.tallies(side(supporting), [mine]) == {}
    assert section.tallies(side(stranger), [mine]) == {}
    # More check-ins than one query's batch are counted in further queries.
    assert list(section.tallies(side(in_treatment), [last] * 9 + [mine])) == [mine.pk]


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
def test_form_reads_the_agreements_in_two_queries_however_many(
    agreements,
    treatment_client,
    couple,
    in_treatment,
    supporting,
    django_assert_max_num_queries,
):
    """Guards looking up each agreement's earlier answer one by one: one query counts the
    agreements in force, one reads the few asked about with their earlier answers."""
    for n in range(agreements):
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n}")
    treatment_client.post(FORM, treatment_post(couple))
    treatment_client.get(FORM)

    with django_assert_max_num_queries(12) as captured:
        page = treatment_client.get(FORM)

    assert page.status_code == 200
    assert sum("journal_boundary" in q["sql"] for q in captured.captured_queries) == 2


def _settled(*boundaries):
    """Agreements untouched for a month: not 'changed since the last check-in'."""
    month_ago = timezone.now() - timedelta(days=30)
    Boundary.objects.filter(pk__in=[b.pk for b in boundaries]).update(updated_at=month_ago)


def _last_week(couple, author, answers=()):
    """Last week's check-in by `author`, with (boundary, held) answers."""
    checkin = make_checkin(couple, author, this_week(couple).start - timedelta(weeks=1))
    BoundaryCheck.objects.bulk_create(
        BoundaryCheck(checkin=checkin, boundary=b, wording=b.wording, held=value)
        for b, value in answers
    )
    return checkin


def test_only_due_changed_or_troubled_agreements_are_asked_one_by_one(
    treatment_client, couple, in_treatment, supporting
):
    quiet = make_boundary(in_treatment, supporting, State.AGREED, wording="Quiet one")
    partly = make_boundary(in_treatment, supporting, State.AGREED, wording="Partly last week")
    broken = make_boundary(in_treatment, supporting, State.AGREED, wording="Broken last week")
    due = make_due(in_treatment, supporting, wording="Due for a look")
    revisit = make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED, wording="Asked")
    _settled(quiet, partly, broken, due, revisit)
    _last_week(
        couple, in_treatment, [(quiet, Held.HELD), (partly, Held.PARTLY), (broken, Held.NOT)]
    )
    changed = make_boundary(in_treatment, supporting, State.AGREED, wording="Just reworded")

    page = treatment_client.get(FORM).content.decode()

    for wording in ("Partly last week", "Broken last week", "Due for a look", "Asked", "Just "):
        assert wording in page
    assert row_of(page, quiet) is None
    assert "Quiet one" not in page
    assert "The other agreement held" in page
    assert row_of(page, changed) is not None


def test_at_most_eight_are_asked_and_all_the_others_are_one_answer(
    treatment_client, couple, in_treatment, supporting
):
    agreements = [
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02d}")
        for n in range(12)
    ]
    _settled(*agreements)
    _last_week(couple, in_treatment, [(b, Held.NOT) for b in agreements])

    page = treatment_client.get(FORM).content.decode()

    assert page.count('type="radio" name="bd-h') == MAX_ASKED * 3
    assert MAX_ASKED == 8
    assert "All the other 4 agreements held" in page
    assert "?boundaries=all#extra-boundaries" in page
    assert "Answer about each of the other 4 one by one" in page


def test_all_the_others_held_is_saved_as_one_answer_and_shown_in_history(
    treatment_client, supporting_client, couple, in_treatment, supporting
):
    agreements = [
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02d}")
        for n in range(5)
    ]
    _settled(*agreements)
    _last_week(couple, in_treatment, [(agreements[0], Held.PARTLY)])

    response = treatment_client.post(
        FORM,
        {**treatment_post(couple), **held(agreements[0], Held.HELD), "bd-others": "on"},
    )

    assert response.status_code == 302
    checkin = CheckIn.objects.get(week_start=this_week(couple).start)
    rows = {(c.boundary_id, c.held, c.covers) for c in checkin.boundary_checks.all()}
    assert rows == {(agreements[0].pk, Held.HELD, 1), (None, Held.HELD, 4)}
    supporting_client.post(FORM, supporting_post(couple))
    week = supporting_client.get(WEEK).content.decode()
    assert "All the other 4 agreements held." in week
    history = supporting_client.get(reverse("checkin_history")).content.decode()
    assert "5 held" in history

    # Editing: the answer is remembered, and unticking it takes it back.
    page = treatment_client.get(FORM).content.decode()
    assert 'name="bd-others" id="id_bd-others" checked' in page
    treatment_client.post(
        FORM,
        {
            **treatment_post(couple, version=str(checkin.version)),
            **held(agreements[0], Held.HELD),
        },
    )
    assert list(checkin.boundary_checks.values_list("boundary_id", flat=True)) == [agreements[0].pk]


def test_any_other_agreement_can_be_answered_one_by_one(
    treatment_client, couple, in_treatment, supporting
):
    agreements = [
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02d}")
        for n in range(3)
    ]
    _settled(*agreements)
    _last_week(couple, in_treatment)
    quiet = agreements[2]
    assert "Agreement 02" not in treatment_client.get(FORM).content.decode()

    page = treatment_client.get(FORM + "?boundaries=all").content.decode()
    for boundary in agreements:
        assert f"“{boundary.wording}”" in page
    assert "All the other" not in page

    response = treatment_client.post(
        FORM, {**treatment_post(couple), **held(quiet, Held.PARTLY, "Mostly")}
    )

    assert response.status_code == 302
    check = BoundaryCheck.objects.get(checkin__week_start=this_week(couple).start)
    assert (check.boundary_id, check.held, check.note) == (quiet.pk, Held.PARTLY, "Mostly")
    # Answered one by one this week: asked one by one when the answer is edited.
    assert f"“{quiet.wording}”" in treatment_client.get(FORM).content.decode()


def test_answers_about_agreements_no_longer_in_force_are_ignored(
    treatment_client, couple, in_treatment, supporting
):
    retired = make_boundary(in_treatment, supporting, State.RETIRED, wording="Gone")

    response = treatment_client.post(FORM, {**treatment_post(couple), **held(retired, Held.NOT)})

    assert response.status_code == 302
    assert not BoundaryCheck.objects.exists()


def test_an_answer_about_an_agreement_ended_since_is_not_kept_and_said_so(
    treatment_client, couple, in_treatment, supporting, rides
):
    ended = make_boundary(in_treatment, supporting, State.RETIRED, wording="Gone")

    response = treatment_client.post(
        FORM, {**treatment_post(couple), **held(rides, Held.HELD), **held(ended, Held.NOT)}
    )

    assert response.status_code == 302
    assert list(BoundaryCheck.objects.values_list("boundary_id", flat=True)) == [rides.pk]
    week = treatment_client.get(response.url).content.decode()
    assert "An answer about an agreement that is no longer in force" in week


@pytest.mark.parametrize(
    "row",
    [
        {"bd-b7": "0" * 32, "bd-h7": "not"},  # no such agreement
        {"bd-b7": "not-an-id\x00", "bd-h7": "not"},  # made up
        {"bd-h7": "not"},  # an answer without its row
        {"bd-b9999999": "x" * 100_000, "bd-h9999999": "held"},
    ],
)
def test_made_up_rows_are_not_kept_and_said_so(row, treatment_client, couple, rides):
    response = treatment_client.post(
        FORM, {**treatment_post(couple), **held(rides, Held.HELD), **row}
    )

    assert response.status_code == 302
    assert list(BoundaryCheck.objects.values_list("boundary_id", "held")) == [(rides.pk, Held.HELD)]
    week = treatment_client.get(response.url).content.decode()
    assert "no longer in force" in week


def test_another_couples_agreement_is_never_answered(
    treatment_client, couple, rides, other_couple, stranger
):
    partner = other_couple.members.get(role="supporting").user
    theirs = make_boundary(stranger, partner, State.AGREED, wording="Not yours")

    response = treatment_client.post(
        FORM, {**treatment_post(couple), **held(theirs, Held.NOT, "forged")}
    )

    assert response.status_code == 302
    assert not BoundaryCheck.objects.exists()


def test_rows_are_numbered_with_one_id_each(treatment_client, couple, rides, dose):
    page = treatment_client.get(FORM).content.decode()

    assert {row_of(page, rides), row_of(page, dose)} == {1, 2}
    for boundary in (rides, dose):
        assert page.count(boundary.public_id.hex) == 1
    # A row posted with another number is read back under that number, whatever is asked.
    response = treatment_client.post(
        FORM,
        {**treatment_post(couple, mood=""), **held(dose, "", "A note", row=5)},
    )
    assert response.status_code == 400
    again = response.content.decode()
    assert row_of(again, dose) == 5 and row_of(again, rides) == 1
    assert 'id="bd5-note" value="A note"' in again
    assert 'aria-describedby="bd5-error"' in again


@pytest.mark.parametrize("weeks", [1, 260])
def test_the_form_with_300_agreements_stays_small_and_flat(
    weeks, treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    first = make_boundary(in_treatment, supporting, State.AGREED, wording="w" * 200)
    Boundary.objects.bulk_create(
        Boundary(
            partnership=couple,
            wording=f"Agreement number {n} " + "x" * 60,
            category=first.category,
            revisit_on=first.revisit_on,
            state=State.AGREED,
        )
        for n in range(299)
    )
    make_history(couple, in_treatment, supporting, weeks)
    treatment_client.get(FORM)

    with django_assert_max_num_queries(12):
        page = treatment_client.get(FORM)

    assert page.status_code == 200
    html = page.content.decode()
    section = html.split('id="extra-boundaries"', 1)[1].split("</section>", 1)[0]
    assert "All the other 300 agreements held" in section
    assert len(section.encode()) <= 1024
    if weeks == 1:
        # The questionnaires were answered last week, so they are folded away: the whole
        # page, plus ~8 KB of CSS and icons, stays under 40 KB on its first load.
        assert len(page.content) <= 30 * 1024


def test_last_weeks_answers_do_not_fill_in_this_weeks_form(
    treatment_client, couple, in_treatment, rides
):
    last_week = make_checkin(couple, in_treatment, this_week(couple).start - timedelta(weeks=1))
    BoundaryCheck.objects.create(
        checkin=last_week, boundary=rides, wording=rides.wording, held=Held.NOT, note="Old note"
    )

    page = treatment_client.get(FORM).content.decode()

    assert QUESTION in page
    row = page.split(f'value="{rides.public_id.hex}"', 1)[1].split("</fieldset>")[0]
    assert "checked" not in row
    assert "Old note" not in page


def test_all_the_others_held_is_kept_when_answering_one_by_one(
    treatment_client, couple, in_treatment, supporting
):
    """A reviewer said "all the other 2 held", then opened "one by one" to add a note: the
    other two came up unanswered, and saving dropped what they had said about them."""
    agreements = [
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02d}")
        for n in range(3)
    ]
    _settled(*agreements)
    _last_week(couple, in_treatment, [(agreements[0], Held.PARTLY)])
    treatment_client.post(
        FORM, {**treatment_post(couple), **held(agreements[0], Held.HELD), "bd-others": "on"}
    )
    checkin = CheckIn.objects.get(week_start=this_week(couple).start)

    page = treatment_client.get(FORM + "?boundaries=all").content.decode()
    posted = {**treatment_post(couple, version=str(checkin.version))}
    for boundary in agreements:
        row = row_of(page, boundary)
        radio = re.search(rf'<input[^>]*name="bd-h{row}"[^>]*value="held"[^>]*>', page).group(0)
        assert "checked" in radio, boundary.wording  # what was said, shown as said
        posted.update(held(boundary, Held.HELD, row=row))
    posted[f"bd-n{row_of(page, agreements[2])}"] = "Went well."
    assert treatment_client.post(FORM, posted).status_code == 302

    said = {(c.boundary_id, c.held) for c in checkin.boundary_checks.all()}
    assert said == {(b.pk, Held.HELD) for b in agreements}
