"""The supporter's "I'll drive" answer: POST /treatment/<public_id>/ride/."""

from datetime import time

from django.urls import reverse
from django.utils import timezone

from journal.models import Notice
from journal.treatment.models import Driver, Kind, Status
from tests.journal.treatment_factories import make_entry, make_planned


def url(entry):
    return reverse("treatment_ride", args=[entry.public_id])


def test_requires_login(client, couple):
    entry = make_planned(couple)
    response = client.post(url(entry), {"answer": "drive"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_stranger_gets_404(couple, other_couple):
    from django.test import Client

    # The supporter of another couple: right role, wrong couple.
    client = Client()
    client.force_login(other_couple.members.get(role="supporting").user)
    entry = make_planned(couple)
    assert client.post(url(entry), {"answer": "drive"}).status_code == 404
    entry.refresh_from_db()
    assert entry.driver_confirmed_at is None


def test_partner_in_treatment_cannot_confirm_for_the_supporter(treatment_client, couple):
    entry = make_planned(couple)
    assert treatment_client.post(url(entry), {"answer": "drive"}).status_code == 403


def test_get_is_not_allowed(supporting_client, couple):
    assert supporting_client.get(url(make_planned(couple))).status_code == 405


def test_supporter_confirms_and_the_partner_hears(
    supporting_client, couple, in_treatment, supporting
):
    entry = make_planned(couple)
    response = supporting_client.post(url(entry), {"answer": "drive", "back_to": "dashboard"})
    assert response["Location"] == reverse("dashboard")
    entry.refresh_from_db()
    assert entry.driver_confirmed_by == supporting
    assert entry.driver_confirmed_at is not None
    assert entry.driver == Driver.PARTNER
    assert entry.version == 2
    notice = Notice.objects.get(recipient=in_treatment)
    assert notice.kind == Notice.Kind.SESSION
    assert notice.message.startswith("Alex will drive you on ")


def test_confirming_an_undecided_ride_makes_the_supporter_the_driver(supporting_client, couple):
    entry = make_planned(couple, driver=Driver.UNDECIDED)
    supporting_client.post(url(entry), {"answer": "drive"})
    entry.refresh_from_db()
    assert entry.driver == Driver.PARTNER and entry.driver_confirmed_at


def test_double_confirm_is_one_notice(supporting_client, couple, in_treatment):
    entry = make_planned(couple)
    supporting_client.post(url(entry), {"answer": "drive"})
    response = supporting_client.post(url(entry), {"answer": "drive"}, follow=True)
    assert Notice.objects.filter(recipient=in_treatment).count() == 1
    assert "doesn&#x27;t need a ride from you" in response.content.decode()


def test_cannot_confirm_past_cancelled_or_someone_elses_ride(supporting_client, couple):
    entries = [
        make_entry(couple, driver=Driver.PARTNER),
        make_planned(couple, status=Status.CANCELLED),
        make_planned(couple, driver=Driver.OTHER, driver_name="Mum"),
        make_planned(couple, driver=Driver.NONE),
        make_planned(couple, kind=Kind.THERAPY),
    ]
    for entry in entries:
        supporting_client.post(url(entry), {"answer": "drive"})
        entry.refresh_from_db()
        assert entry.driver_confirmed_at is None
    assert not Notice.objects.exists()


def test_supporter_can_withdraw(supporting_client, couple, supporting, in_treatment):
    entry = make_planned(couple, driver_confirmed_by=supporting, driver_confirmed_at=timezone.now())
    response = supporting_client.post(url(entry), {"answer": "withdraw"})
    assert response["Location"] == reverse("treatment_entry", args=[entry.public_id])
    entry.refresh_from_db()
    assert entry.driver_confirmed_at is None
    assert entry.driver == Driver.UNDECIDED
    assert "can no longer drive" in Notice.objects.get(recipient=in_treatment).message


def test_withdrawing_when_not_driving_changes_nothing(supporting_client, couple):
    entry = make_planned(couple)
    supporting_client.post(url(entry), {"answer": "withdraw"})
    entry.refresh_from_db()
    assert entry.version == 1
    assert not Notice.objects.exists()


def test_tampered_answer_or_destination_is_refused(supporting_client, couple):
    entry = make_planned(couple)
    for data in (
        {"answer": "steal"},
        {"answer": "drive\x00"},
        {"answer": "drive", "back_to": "//evil.example"},
    ):
        response = supporting_client.post(url(entry), data)
        assert response.status_code == 302
        assert response["Location"] == reverse("treatment_entry", args=[entry.public_id])
    entry.refresh_from_db()
    assert entry.driver_confirmed_at is None


def test_the_ride_notice_says_the_pick_up_time_not_the_session_time_as_if_it_were(
    supporting_client, couple, in_treatment
):
    """ "Alex will drive you on Wed 9 Dec at 09:30" read as a 09:30 pick-up when the session
    started at 09:30 and the pick-up was 11:00 (found by a reviewer)."""
    entry = make_planned(couple, at_time=time(9, 30), pickup_time=time(11, 0))
    supporting_client.post(url(entry), {"answer": "drive"})
    message = Notice.objects.get(recipient=in_treatment).message
    assert "session at 09:30" in message
    assert "pick-up at 11:00" in message
    assert " at 09:30" not in message.replace("session at 09:30", "")


def test_saying_ill_drive_clears_the_notice_that_asked(supporting_client, couple, supporting):
    """Found by a reviewer: "... and asked you to drive" stayed new after Alex said yes."""
    from journal.treatment.rules import entry_link

    entry = make_planned(couple)
    link = entry_link(entry)
    asked = Notice.objects.create(
        partnership=couple,
        recipient=supporting,
        kind=Notice.Kind.SESSION,
        message="Sam planned a session on Sunday 6 December and asked you to drive",
        link=link,
    )
    other = Notice.objects.create(
        partnership=couple,
        recipient=supporting,
        kind=Notice.Kind.SESSION,
        message="Sam moved a session to Sunday 6 December",
        link=link,
    )
    supporting_client.post(url(entry), {"answer": "drive"})
    asked.refresh_from_db()
    other.refresh_from_db()
    assert asked.read_at is not None
    assert other.read_at is None  # news about the session, not a request: still new
