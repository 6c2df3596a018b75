"""A check-in's earlier versions: its author's alone."""

from django.urls import reverse

from journal.models import CheckInRevision
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin, treatment_post


def url(checkin):
    return reverse("checkin_revisions", args=[checkin.public_id])


def edited_checkin(client, couple):
    form = reverse("checkin_form")
    client.post(form, treatment_post(couple, what_helped="First try", private_note=NOTE_MARKER))
    client.post(form, treatment_post(couple, version="1", what_helped="Second thoughts"))
    return CheckInRevision.objects.get().checkin


def test_requires_sign_in(client, couple, in_treatment):
    response = client.get(url(make_checkin(couple, in_treatment)))
    assert response.status_code == 302


def test_author_sees_every_version(treatment_client, couple):
    checkin = edited_checkin(treatment_client, couple)
    page = treatment_client.get(url(checkin)).content.decode()
    assert "Version 2 (current)" in page and "Version 1" in page
    assert "First try" in page and "Second thoughts" in page
    assert NOTE_MARKER in page


def test_partner_gets_404_even_after_the_reveal(
    treatment_client, supporting_client, couple, supporting
):
    checkin = edited_checkin(treatment_client, couple)
    make_checkin(couple, supporting)
    assert supporting_client.get(url(checkin)).status_code == 404


def test_stranger_gets_404(treatment_client, stranger_client, couple):
    checkin = edited_checkin(treatment_client, couple)
    assert stranger_client.get(url(checkin)).status_code == 404


def test_partner_is_told_it_was_edited_but_sees_only_the_latest(
    treatment_client, supporting_client, couple, supporting
):
    checkin = edited_checkin(treatment_client, couple)
    make_checkin(couple, supporting)
    page = supporting_client.get(reverse("checkin_detail", args=[checkin.public_id]))
    text = page.content.decode()
    assert "edited" in text
    assert "Second thoughts" in text and "First try" not in text


def test_changing_only_the_private_note_is_not_an_edit_the_partner_sees(
    treatment_client, supporting_client, couple, supporting
):
    form = reverse("checkin_form")
    treatment_client.post(form, treatment_post(couple, private_note="first"))
    treatment_client.post(form, treatment_post(couple, version="1", private_note="second"))
    checkin = CheckInRevision.objects.get().checkin
    make_checkin(couple, supporting)
    detail = supporting_client.get(reverse("checkin_detail", args=[checkin.public_id]))
    assert "edited" not in detail.content.decode()
    # The author still has both versions.
    assert "first" in treatment_client.get(url(checkin)).content.decode()
