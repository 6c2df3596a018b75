"""The couple's shared settings: check-in day and time zone, editable by either partner."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.forms import PartnershipSettingsForm
from partners.models import Partnership, Weekday

URL = reverse("partnership_settings")


def test_requires_sign_in(client, couple):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_a_half_made_partnership_is_sent_home(inviter_client):
    assert inviter_client.get(URL).url == reverse("dashboard")


@pytest.mark.parametrize("client_name", ["treatment_client", "supporting_client"])
def test_either_partner_changes_the_check_in_day(request, couple, client_name):
    client = request.getfixturevalue(client_name)

    response = client.post(URL, {"checkin_weekday": Weekday.WEDNESDAY, "time_zone": "Asia/Tokyo"})

    assert response.url == URL
    couple.refresh_from_db()
    assert couple.checkin_weekday == Weekday.WEDNESDAY
    assert couple.time_zone == "Asia/Tokyo"
    assert "Your shared settings are saved." in client.get(URL).content.decode()


def test_the_page_shows_the_current_values(treatment_client, couple):
    couple.checkin_weekday = Weekday.FRIDAY
    couple.save(update_fields=["checkin_weekday"])

    page = treatment_client.get(URL).content.decode()

    assert '<option value="4" selected>Friday</option>' in page


def test_a_stranger_only_ever_changes_their_own(stranger_client, couple, other_couple):
    stranger_client.post(URL, {"checkin_weekday": Weekday.MONDAY, "time_zone": "Europe/Paris"})

    couple.refresh_from_db()
    other_couple.refresh_from_db()
    assert couple.time_zone == "UTC"
    assert other_couple.time_zone == "Europe/Paris"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"checkin_weekday": "9", "time_zone": "UTC"}, "Select a valid choice."),
        ({"checkin_weekday": "0", "time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"checkin_weekday": "0", "time_zone": "Europe/\x00London"}, "Select a valid choice."),
        ({"checkin_weekday": "0", "time_zone": "x" * 10_000}, "Select a valid choice."),
        ({}, "This field is required."),
    ],
    ids=["weekday", "zone", "nul", "huge", "empty"],
)
def test_bad_input_is_refused_with_a_message(treatment_client, couple, data, message):
    response = treatment_client.post(URL, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    couple.refresh_from_db()
    assert couple.time_zone == "UTC"


def test_saving_settings_never_reopens_a_partnership_ended_meanwhile(
    treatment_client, couple, monkeypatch
):
    """The supporting partner ends the partnership while this form is being saved."""
    original_clean = PartnershipSettingsForm.clean

    def clean_while_partner_ends_it(form):
        Partnership.objects.filter(pk=couple.pk).update(ended_at=timezone.now())
        return original_clean(form)

    monkeypatch.setattr(PartnershipSettingsForm, "clean", clean_while_partner_ends_it)

    treatment_client.post(URL, {"checkin_weekday": Weekday.MONDAY, "time_zone": "UTC"})

    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert couple.checkin_weekday == Weekday.MONDAY


def test_links_to_ending_the_partnership(supporting_client):
    page = supporting_client.get(URL).content.decode()

    assert reverse("partnership_end") in page
