"""The private note page: read and changed by its author only, at any time."""

from django.urls import reverse

from journal.models import CheckIn, CheckInRevision
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin


def url(checkin):
    return reverse("checkin_note", args=[checkin.public_id])


def test_requires_sign_in(client, couple, in_treatment):
    response = client.get(url(make_checkin(couple, in_treatment)))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_author_reads_their_note(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, private_note=NOTE_MARKER)
    page = treatment_client.get(url(checkin)).content.decode()
    assert NOTE_MARKER in page


def test_partner_gets_404_reading_or_writing(supporting_client, couple, in_treatment, supporting):
    checkin = make_checkin(couple, in_treatment, private_note=NOTE_MARKER)
    make_checkin(couple, supporting)
    assert supporting_client.get(url(checkin)).status_code == 404
    response = supporting_client.post(url(checkin), {"private_note": "overwrite", "version": "1"})
    assert response.status_code == 404
    assert CheckIn.objects.get(pk=checkin.pk).private_note == NOTE_MARKER


def test_stranger_gets_404(stranger_client, couple, in_treatment):
    assert stranger_client.get(url(make_checkin(couple, in_treatment))).status_code == 404


def test_changing_the_note_keeps_the_earlier_one(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, private_note="first")
    response = treatment_client.post(url(checkin), {"private_note": "second", "version": "1"})
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.private_note, checkin.version) == ("second", 2)
    assert CheckInRevision.objects.get().answers["private_note"] == "first"


def test_a_stale_page_keeps_the_text_and_asks_to_save_again(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, private_note="first", version=3)
    response = treatment_client.post(
        url(checkin), {"private_note": "from an old tab", "version": "1"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "from an old tab" in page and "changed in another tab" in page
    assert CheckIn.objects.get().private_note == "first"


def test_bad_input_is_refused_with_a_message(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment)
    huge = treatment_client.post(url(checkin), {"private_note": "x" * 6000, "version": "1"})
    assert huge.status_code == 400
    assert "5000 characters or fewer" in huge.content.decode()
    nul = treatment_client.post(url(checkin), {"private_note": "a\x00b", "version": "1"})
    assert nul.status_code == 400
    assert "null byte" in nul.content.decode()
    bad_version = treatment_client.post(url(checkin), {"private_note": "ok", "version": "\x00"})
    assert bad_version.status_code == 400
