"""Deleting an entry: /treatment/<public_id>/delete/ (confirm page, then POST)."""

from django.urls import reverse

from journal.models import Notice, TreatmentEntry
from tests.journal.treatment_factories import make_entry, make_planned


def url(entry):
    return reverse("treatment_delete", args=[entry.public_id])


def test_requires_login(client, couple):
    response = client.get(url(make_entry(couple)))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_stranger_gets_404(stranger_client, couple):
    entry = make_entry(couple)
    assert stranger_client.get(url(entry)).status_code == 404
    assert stranger_client.post(url(entry)).status_code == 404
    assert TreatmentEntry.objects.filter(pk=entry.pk).exists()


def test_supporter_gets_403(supporting_client, couple):
    entry = make_entry(couple)
    assert supporting_client.post(url(entry)).status_code == 403
    assert TreatmentEntry.objects.filter(pk=entry.pk).exists()


def test_get_asks_first_and_changes_nothing(treatment_client, couple):
    entry = make_entry(couple)
    response = treatment_client.get(url(entry))
    assert response.status_code == 200
    assert "Delete this entry?" in response.content.decode()
    assert TreatmentEntry.objects.filter(pk=entry.pk).exists()


def test_post_deletes(treatment_client, couple):
    entry = make_entry(couple)
    response = treatment_client.post(url(entry))
    assert response["Location"] == reverse("treatment_log")
    assert not TreatmentEntry.objects.filter(pk=entry.pk).exists()
    assert not Notice.objects.exists()


def test_deleting_an_upcoming_session_tells_the_supporter(treatment_client, couple, supporting):
    treatment_client.post(url(make_planned(couple)))
    assert "removed" in Notice.objects.get(recipient=supporting).message


def test_deleting_twice_is_a_404_not_an_error(treatment_client, couple):
    entry = make_entry(couple)
    treatment_client.post(url(entry))
    assert treatment_client.post(url(entry)).status_code == 404
