"""The supporter suggests an addition: /safety-plan/suggest/."""

import uuid

import pytest
from django.urls import reverse

from journal.models import Notice, SafetyPlanSuggestion

URL = reverse("safety_plan_suggest")


def data(**overrides):
    values = {
        "part": "people_to_ask",
        "text": "Your sister Priya",
        "submission_key": str(uuid.uuid4()),
    }
    values.update(overrides)
    return values


def test_requires_login(client, couple):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_partner_in_treatment_edits_instead(treatment_client, couple):
    assert treatment_client.get(URL).status_code == 403
    assert treatment_client.post(URL, data()).status_code == 403


def test_suggestion_is_saved_and_the_partner_in_treatment_hears(
    supporting_client,
    couple,
    supporting,
    in_treatment,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = supporting_client.post(URL, data())
    assert response["Location"] == reverse("safety_plan")
    suggestion = SafetyPlanSuggestion.objects.get()
    assert (suggestion.partnership, suggestion.author, suggestion.state) == (
        couple,
        supporting,
        SafetyPlanSuggestion.State.PENDING,
    )
    notice = Notice.objects.get(recipient=in_treatment)
    assert notice.kind == Notice.Kind.SAFETY_PLAN
    assert [message.to for message in mailoutbox] == [[in_treatment.email]]
    assert "Priya" not in mailoutbox[0].body


def test_double_submit_is_one_suggestion(supporting_client, couple):
    values = data()
    supporting_client.post(URL, values)
    supporting_client.post(URL, values)
    assert SafetyPlanSuggestion.objects.count() == 1
    assert Notice.objects.count() == 1


def test_part_can_be_preselected_but_odd_values_are_ignored(supporting_client, couple):
    form = supporting_client.get(URL, {"part": "warning_signs"}).context["form"]
    assert form["part"].value() == "warning_signs"
    for odd in ("\x00", "nonsense", "warning_signs\x00"):
        response = supporting_client.get(URL, {"part": odd})
        assert response.status_code == 200
        assert response.context["form"]["part"].value() is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "Please write your suggestion."),
        ({"text": "x" * 1001}, "at most 1000 characters"),
        ({"text": "a\x00b"}, "Null characters are not allowed."),
        ({"part": "password"}, "Choose one of the parts of the plan."),
        ({"part": "\x00"}, "Choose one of the parts of the plan."),
        ({"submission_key": "\x00"}, "This form was out of date"),
    ],
)
def test_bad_input_gets_a_message(supporting_client, couple, overrides, message):
    response = supporting_client.post(URL, data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SafetyPlanSuggestion.objects.exists()
