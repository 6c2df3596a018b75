"""Past weeks: newest first, paginated, each week's two check-ins side by side."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.boundaries.models import Boundary, Category, Held, State
from journal.models import BoundaryCheck, CheckIn
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin, make_history, this_week

URL = reverse("checkin_history")


def test_requires_sign_in(client, couple):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_stranger_sees_nothing_of_this_couple(stranger_client, couple, in_treatment, supporting):
    make_history(couple, in_treatment, supporting, 3)
    page = stranger_client.get(URL).content.decode()
    assert "walks 1" not in page and "worry 1" not in page
    assert "No check-ins yet" in page


def test_weeks_newest_first_with_both_checkins(supporting_client, couple, in_treatment, supporting):
    make_history(couple, in_treatment, supporting, 3)
    page = supporting_client.get(URL).content.decode()
    assert page.index("walks 2") < page.index("walks 1") < page.index("walks 0")
    assert "worry 2" in page
    assert NOTE_MARKER + " supporting 2" in page  # your own note, to you
    assert NOTE_MARKER + " treated" not in page  # never your partner's


def test_this_weeks_unrevealed_checkin_stays_hidden(
    supporting_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, what_helped="Not yet for Alex")
    make_checkin(couple, supporting, this_week(couple).start - timedelta(weeks=1))
    page = supporting_client.get(URL).content.decode()
    assert "Not yet for Alex" not in page


def test_pages_through_the_weeks(treatment_client, couple, in_treatment, supporting):
    make_history(couple, in_treatment, supporting, 10)
    first = treatment_client.get(URL).content.decode()
    assert "walks 9" in first and "walks 5" not in first
    last = treatment_client.get(URL + "?page=3").content.decode()
    assert "walks 0" in last and "walks 9" not in last


@pytest.mark.parametrize("page", ["\x00", "999999999999", "-1", "two", "1" * 5000])
def test_odd_page_numbers_show_a_page_rather_than_an_error(treatment_client, couple, page):
    assert treatment_client.get(URL, {"page": page}).status_code == 200


def test_query_count_is_the_same_with_one_week_or_five_years(
    treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards against an N+1 per week or per check-in: the weeks the viewer may read, the
    page's check-ins and the boundaries answered in them are one query each, on the first
    page and the last; with the person and couple, and the running week, five in all."""
    counts = []
    for weeks_of_history, page in ((1, 1), (260, 1), (260, 65)):
        CheckIn.objects.all().delete()
        make_history(couple, in_treatment, supporting, weeks_of_history, include_current=True)
        treatment_client.get(URL)
        with django_assert_max_num_queries(5) as captured:
            assert treatment_client.get(URL, {"page": page}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2]


def agreed_boundaries_answered(couple, in_treatment, supporting, count, checkins):
    """`count` agreements, each answered in every one of `checkins`, some with a note."""
    today = timezone.now()
    Boundary.objects.bulk_create(
        Boundary(
            partnership=couple,
            wording=f"Agreement number {i}: we talk it through before deciding alone",
            category=Category.COMMUNICATION,
            revisit_on=today.date() + timedelta(days=90),
            state=State.AGREED,
            proposed_by=in_treatment if i % 2 else supporting,
            agreed_at=today,
            version=2,
            created_at=today,
            updated_at=today,
            submission_key=uuid.uuid4(),
        )
        for i in range(count)
    )
    held = [Held.HELD] * 6 + [Held.PARTLY, Held.NOT]
    BoundaryCheck.objects.bulk_create(
        BoundaryCheck(
            checkin=checkin,
            boundary=boundary,
            wording=boundary.wording,
            held=held[n % len(held)],
            note="We slipped once and talked it through." if n % 9 == 0 else "",
        )
        for checkin in checkins
        for n, boundary in enumerate(Boundary.objects.filter(partnership=couple))
    )


def test_page_stays_light_with_five_years_and_230_agreements(
    treatment_client, couple, in_treatment, supporting
):
    """Issue 7's page-weight budget: first load (HTML, CSS and JS) within 40 KB, so the HTML
    gets 36,000 bytes however many agreements each week answers about."""
    make_history(couple, in_treatment, supporting, 260, include_current=True)
    newest = CheckIn.objects.filter(week_start__gte=this_week(couple).start - timedelta(weeks=4))
    agreed_boundaries_answered(couple, in_treatment, supporting, 230, newest)

    page = treatment_client.get(URL).content

    assert len(page) <= 36_000, len(page)
    assert b"Agreement number" not in page  # the full answers are a click away


def test_agreements_show_as_a_tally_linking_to_every_answer(
    supporting_client, couple, in_treatment, supporting
):
    make_history(couple, in_treatment, supporting, 1)
    theirs = CheckIn.objects.get(author=in_treatment)
    agreed_boundaries_answered(couple, in_treatment, supporting, 9, [theirs])

    page = supporting_client.get(URL).content.decode()

    assert "<li>7 held</li><li>1 partly</li><li>1 didn\u2019t hold</li>" in page
    link = reverse("checkin_detail", args=[theirs.public_id])
    assert f'<a href="{link}">Sam\u2019s answers about each agreement' in page
    assert "Agreement number 0" in supporting_client.get(link).content.decode()


def test_no_tally_for_a_partner_checkin_not_yet_revealed(
    supporting_client, couple, in_treatment, supporting
):
    hidden = make_checkin(couple, in_treatment)
    make_checkin(couple, supporting, this_week(couple).start - timedelta(weeks=1))
    agreed_boundaries_answered(couple, in_treatment, supporting, 3, [hidden])

    page = supporting_client.get(URL).content.decode()

    assert "held</li>" not in page
    assert str(hidden.public_id) not in page
