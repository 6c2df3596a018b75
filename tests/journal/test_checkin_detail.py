"""One check-in on its own page: the author always, the partner only once it is revealed."""

from django.urls import reverse

from tests.journal.checkin_factories import NOTE_MARKER, make_checkin


def url(checkin):
    return reverse("checkin_detail", args=[checkin.public_id])


def test_requires_sign_in(client, couple, in_treatment):
    response = client.get(url(make_checkin(couple, in_treatment)))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_stranger_gets_404(stranger_client, couple, in_treatment):
    assert stranger_client.get(url(make_checkin(couple, in_treatment))).status_code == 404


def test_someone_without_a_partnership_gets_404(loner_client, couple, in_treatment):
    assert loner_client.get(url(make_checkin(couple, in_treatment))).status_code == 404


def test_author_sees_everything_including_the_private_note(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, what_helped="Sunlight", private_note=NOTE_MARKER)
    page = treatment_client.get(url(checkin)).content.decode()
    assert "Sunlight" in page and NOTE_MARKER in page
    assert reverse("checkin_form") in page  # still this week, so it can be edited


def test_partner_gets_404_until_both_have_checked_in(
    supporting_client, couple, in_treatment, supporting
):
    checkin = make_checkin(couple, in_treatment, what_helped="Sunlight", private_note=NOTE_MARKER)
    assert supporting_client.get(url(checkin)).status_code == 404
    make_checkin(couple, supporting)
    response = supporting_client.get(url(checkin))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sunlight" in page
    assert NOTE_MARKER not in page
    assert reverse("checkin_note", args=[checkin.public_id]) not in page


def test_partner_sees_questionnaire_totals_but_not_the_answers(
    supporting_client, couple, in_treatment, supporting
):
    checkin = make_checkin(couple, in_treatment, phq9=[0, 0, 0, 0, 0, 0, 0, 0, 2], phq9_total=2)
    make_checkin(couple, supporting)
    page = supporting_client.get(url(checkin)).content.decode()
    assert "PHQ-9" in page and "minimal" in page
    assert "better off dead" not in page


def test_unknown_id_is_404(treatment_client, couple):
    assert (
        treatment_client.get(
            reverse("checkin_detail", args=["00000000-0000-0000-0000-000000000000"])
        ).status_code
        == 404
    )
