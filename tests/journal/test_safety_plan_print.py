"""The printable safety plan: /safety-plan/print/."""

from django.urls import reverse

from tests.journal.treatment_factories import make_plan

URL = reverse("safety_plan_print")


def test_requires_login(client, couple):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_stranger_sees_only_their_own_plan(stranger_client, couple):
    make_plan(couple, warning_signs="Sam's private warning sign")
    assert "Sam's private warning sign" not in stranger_client.get(URL).content.decode()


def test_both_partners_can_print_it(treatment_client, supporting_client, couple):
    make_plan(couple, warning_signs="Sleeping badly.")
    for client in (treatment_client, supporting_client):
        response = client.get(URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Sleeping badly." in body
        assert "Safety plan of Sam" in body
        assert "css/print.css" in body and 'media="print"' in body


def test_print_button_is_progressive_enhancement(treatment_client, couple):
    body = treatment_client.get(URL).content.decode()
    assert "js/safety_print.js" in body
    assert "hidden data-print-controls" in body  # shown only when the script runs
    assert "Print command" in body  # the no-JavaScript way


def test_query_count_is_fixed(treatment_client, couple, django_assert_max_num_queries):
    """Guards the print page from loading suggestions or history: couple + plan only."""
    make_plan(couple)
    treatment_client.get(URL)
    with django_assert_max_num_queries(9):
        assert treatment_client.get(URL).status_code == 200
