"""Writing the safety plan: /safety-plan/edit/, compare-and-set on `version`."""

from django.urls import reverse

from journal.models import Notice, SafetyPlan
from journal.safety.rules import crisis_lines_text
from tests.journal.treatment_factories import make_plan

URL = reverse("safety_plan_edit")
PARTS = [
    "warning_signs",
    "coping_on_my_own",
    "people_and_places",
    "people_to_ask",
    "clinicians_and_lines",
    "safer_surroundings",
]


def plan_post(version, **parts):
    data = dict.fromkeys(PARTS, "")
    data.update(parts)
    data["version"] = version
    return data


def test_requires_login(client, couple):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_supporter_cannot_write_the_plan(supporting_client, couple):
    assert supporting_client.get(URL).status_code == 403
    assert supporting_client.post(URL, plan_post(0, warning_signs="mine")).status_code == 403
    assert not SafetyPlan.objects.exists()


def test_stranger_edits_only_their_own_plan(stranger_client, couple, other_couple):
    make_plan(couple, warning_signs="Sam's")
    stranger_client.post(URL, plan_post(0, warning_signs="Robin's"))
    assert SafetyPlan.objects.get(partnership=couple).warning_signs == "Sam's"
    assert SafetyPlan.objects.get(partnership=other_couple).warning_signs == "Robin's"


def test_new_plan_is_prefilled_with_the_crisis_lines(treatment_client, couple):
    form = treatment_client.get(URL).context["form"]
    assert form["clinicians_and_lines"].value() == crisis_lines_text()
    assert form["version"].value() == 0
    assert "988" in crisis_lines_text()


def test_first_save_creates_the_plan(treatment_client, couple, in_treatment, supporting):
    response = treatment_client.post(URL, plan_post(0, warning_signs="Sleeping badly.\nQuiet."))
    assert response["Location"] == reverse("safety_plan")
    plan = SafetyPlan.objects.get(partnership=couple)
    assert plan.warning_signs == "Sleeping badly.\nQuiet."
    assert (plan.version, plan.updated_by) == (1, in_treatment)
    notice = Notice.objects.get(recipient=supporting)
    assert notice.kind == Notice.Kind.SAFETY_PLAN


def test_plan_updates_do_not_email(
    treatment_client, couple, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(URL, plan_post(0, warning_signs="x"))
    assert mailoutbox == []


def test_edit_bumps_the_version(treatment_client, couple):
    make_plan(couple)
    treatment_client.post(URL, plan_post(1, coping_on_my_own="Walk by the river"))
    plan = SafetyPlan.objects.get()
    assert (plan.coping_on_my_own, plan.version) == ("Walk by the river", 2)


def test_edit_keeps_the_alert_consent(treatment_client, couple):
    make_plan(couple, alert_on_unsafe_now=True)
    treatment_client.post(URL, plan_post(1, warning_signs="changed"))
    assert SafetyPlan.objects.get().alert_on_unsafe_now is True


def test_stale_edit_gets_a_conflict_and_keeps_the_text(treatment_client, couple):
    make_plan(couple, warning_signs="Original")
    treatment_client.post(URL, plan_post(1, warning_signs="Saved in the other tab"))
    response = treatment_client.post(URL, plan_post(1, warning_signs="Typed in this tab"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "The plan changed while you were editing" in body
    assert "Typed in this tab" in body and "Saved in the other tab" in body
    assert SafetyPlan.objects.get().warning_signs == "Saved in the other tab"
    assert response.context["form"]["version"].value() == "2"
    treatment_client.post(URL, plan_post(2, warning_signs="Typed in this tab"))
    assert SafetyPlan.objects.get().warning_signs == "Typed in this tab"


def test_two_first_saves_at_once_conflict_instead_of_failing(treatment_client, couple):
    make_plan(couple, warning_signs="Created a moment ago")
    response = treatment_client.post(URL, plan_post(0, warning_signs="Mine"))
    assert response.status_code == 409
    assert SafetyPlan.objects.count() == 1


def test_huge_text_gets_a_message_and_is_kept(treatment_client, couple):
    huge = "a" * 4001
    response = treatment_client.post(URL, plan_post(0, warning_signs=huge, coping_on_my_own="kept"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "at most 4000 characters" in body and huge in body and "kept" in body
    assert not SafetyPlan.objects.exists()


def test_nul_bytes_get_a_message(treatment_client, couple):
    response = treatment_client.post(
        URL, plan_post(0, warning_signs="a\x00b", people_to_ask="Priya")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Null characters are not allowed." in body and "Priya" in body


def test_tampered_version_is_explained(treatment_client, couple):
    for version in ("", "-1", "x\x00", "abc"):
        response = treatment_client.post(URL, plan_post(version, warning_signs="kept"))
        assert response.status_code == 400
        assert "This form was out of date" in response.content.decode()
    assert not SafetyPlan.objects.exists()
