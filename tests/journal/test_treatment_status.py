"""Quick actions on a planned session: POST /treatment/<public_id>/status/."""

from django.urls import reverse

from journal.models import Notice
from journal.treatment.models import Status
from tests.journal.treatment_factories import make_entry, make_planned


def url(entry):
    return reverse("treatment_status", args=[entry.public_id])


def test_requires_login(client, couple):
    response = client.post(url(make_planned(couple)), {"status": "done"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_stranger_gets_404(stranger_client, couple):
    assert stranger_client.post(url(make_planned(couple)), {"status": "done"}).status_code == 404


def test_supporter_gets_403(supporting_client, couple):
    assert supporting_client.post(url(make_planned(couple)), {"status": "done"}).status_code == 403


def test_get_is_not_allowed(treatment_client, couple):
    assert treatment_client.get(url(make_planned(couple))).status_code == 405


def test_mark_done_on_the_day(treatment_client, couple):
    entry = make_planned(couple, days_ahead=0)
    treatment_client.post(url(entry), {"status": "done"})
    entry.refresh_from_db()
    assert entry.status == Status.DONE


def test_cannot_mark_a_future_session_done(treatment_client, couple):
    entry = make_planned(couple, days_ahead=2)
    response = treatment_client.post(url(entry), {"status": "done"}, follow=True)
    entry.refresh_from_db()
    assert entry.status == Status.PLANNED
    assert "on its day or after" in response.content.decode()


def test_cancel_tells_the_supporter(treatment_client, couple, supporting):
    entry = make_planned(couple)
    treatment_client.post(url(entry), {"status": "cancelled"})
    entry.refresh_from_db()
    assert entry.status == Status.CANCELLED
    assert "cancelled" in Notice.objects.get(recipient=supporting).message


def test_only_planned_sessions_change(treatment_client, couple):
    entry = make_entry(couple, status=Status.DONE)
    treatment_client.post(url(entry), {"status": "cancelled"})
    entry.refresh_from_db()
    assert entry.status == Status.DONE


def test_nonsense_status_is_refused(treatment_client, couple):
    entry = make_planned(couple, days_ahead=0)
    for status in ("planned", "x\x00", ""):
        treatment_client.post(url(entry), {"status": status})
    entry.refresh_from_db()
    assert entry.status == Status.PLANNED
