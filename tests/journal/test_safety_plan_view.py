"""Reading the safety plan: /safety-plan/."""

import pytest
from django.urls import reverse

from config.helplines import normalise
from journal.models import SafetyPlanSuggestion
from tests.journal.treatment_factories import make_plan

URL = reverse("safety_plan")


def test_requires_login(client, couple):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_stranger_sees_only_their_own_plan(stranger_client, couple):
    make_plan(couple, warning_signs="Sam's private warning sign")
    body = stranger_client.get(URL).content.decode()
    assert "Sam's private warning sign" not in body


def test_both_partners_read_the_six_parts(treatment_client, supporting_client, couple):
    make_plan(couple, warning_signs="Sleeping badly.", safer_surroundings="Alex keeps the pills.")
    for client in (treatment_client, supporting_client):
        body = client.get(URL).content.decode()
        assert "Sleeping badly." in body and "Alex keeps the pills." in body
        for heading in (
            "My warning signs",
            "Things I can do on my own",
            "People and places that help",
            "People I can ask for help",
            "My clinicians and crisis lines",
            "Making my surroundings safer",
        ):
            assert heading in body


def test_empty_plan_is_shown_without_creating_a_row(treatment_client, couple):
    from journal.models import SafetyPlan

    body = treatment_client.get(URL).content.decode()
    assert "Write the plan" in body
    assert not SafetyPlan.objects.exists()


def test_empty_clinicians_part_shows_the_crisis_lines(supporting_client, couple, settings):
    settings.CRISIS_LINES = normalise(
        [{"region": "Testland", "name": "Help Line", "call": "123"}], "CRISIS_LINES"
    )
    make_plan(couple, clinicians_and_lines="")
    body = supporting_client.get(URL).content.decode()
    assert "Help Line" in body and 'href="tel:123"' in body
    assert "shown until your own clinicians and lines are added" in body


def test_own_clinicians_replace_the_crisis_lines(supporting_client, couple, settings):
    settings.CRISIS_LINES = normalise(
        [{"region": "Testland", "name": "Help Line", "call": "123"}], "CRISIS_LINES"
    )
    make_plan(couple, clinicians_and_lines="Dr Okafor, 01234 567890")
    body = supporting_client.get(URL).content.decode()
    assert "Dr Okafor, 01234 567890" in body
    assert "Help Line (Testland): Call 123" not in body.split("crisis-heading")[0]


def test_partner_in_treatment_gets_edit_and_consent_supporter_gets_suggest(
    treatment_client, supporting_client, couple
):
    mine = treatment_client.get(URL).content.decode()
    assert reverse("safety_plan_edit") in mine and reverse("safety_plan_alert") in mine
    assert reverse("safety_plan_suggest") not in mine
    theirs = supporting_client.get(URL).content.decode()
    assert reverse("safety_plan_edit") not in theirs and reverse("safety_plan_alert") not in theirs
    assert reverse("safety_plan_suggest") in theirs


def test_consent_is_worded_plainly_for_both(treatment_client, supporting_client, couple):
    make_plan(couple, alert_on_unsafe_now=True)
    mine = treatment_client.get(URL).content.decode()
    assert "You asked Alongside to alert Alex at once when you tick" in mine
    theirs = supporting_client.get(URL).content.decode()
    assert "Sam asked Alongside to alert you at once when they tick" in theirs
    assert "self-harm" not in theirs


def test_pending_suggestions_wait_for_the_partner_in_treatment(
    treatment_client, supporting_client, couple, supporting
):
    SafetyPlanSuggestion.objects.create(
        partnership=couple, author=supporting, part="people_to_ask", text="Call your sister"
    )
    mine = treatment_client.get(URL).content.decode()
    assert "Call your sister" in mine and "Add it to my plan" in mine
    theirs = supporting_client.get(URL).content.decode()
    assert "Call your sister" in theirs and "Add it to my plan" not in theirs
    assert "Waiting" in theirs


@pytest.mark.parametrize("history", [1, 300])
def test_query_count_is_fixed(
    treatment_client, supporting_client, couple, supporting, history, django_assert_max_num_queries
):
    """Guards reading each suggestion's author per row, and listing every suggestion ever
    made: the page shows the latest ten in one query. 10 = 7 for the session, user and
    device record + the couple, the plan, the suggestions."""
    make_plan(couple)
    SafetyPlanSuggestion.objects.bulk_create(
        SafetyPlanSuggestion(
            partnership=couple, author=supporting, part="warning_signs", text=f"Idea {n}"
        )
        for n in range(history)
    )
    for client in (treatment_client, supporting_client):
        client.get(URL)
        with django_assert_max_num_queries(10):
            assert client.get(URL).status_code == 200


def test_crisis_footer_links_to_the_plan_for_a_signed_in_couple(
    treatment_client, supporting_client, loner_client, client, couple
):
    link = f'<a href="{URL}">'
    home = reverse("dashboard")
    assert f"{link}Your safety plan</a>" in treatment_client.get(home).content.decode()
    assert f"{link}Sam's safety plan</a>" in supporting_client.get(home).content.decode()
    assert link not in loner_client.get(home).content.decode()
    assert link not in client.get(reverse("landing")).content.decode()


def test_an_unwritten_plan_shows_the_crisis_lines_with_their_numbers(treatment_client, couple):
    """Review finding: the lines stood in with blank numbers after the lines got structure."""
    page = treatment_client.get(URL).content.decode()
    assert 'href="tel:988"' in page and 'href="tel:999"' in page
    edit = treatment_client.get(reverse("safety_plan_edit")).content.decode()
    assert "Call 988" in edit and "Call 116 123" in edit
