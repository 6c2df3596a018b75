"""Export my data: everything of mine, my partner's answers only as shown to me, never
their private notes; reauthentication first."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse

from journal.checkins.models import ANSWER_FIELDS
from partners.models import SecurityEvent
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin, this_week
from tests.journal.treatment_factories import make_entry
from tests.partners.conftest import reauthenticate

EXPORT = reverse("my_data_export")
CSV = reverse("my_data_checkins_csv")


@pytest.fixture
def history(couple, in_treatment, supporting):
    week = this_week(couple).start
    last_week = week - timedelta(weeks=1)
    return {
        # Last week: both checked in, so each sees the other's answers.
        "mine_revealed": make_checkin(
            couple,
            in_treatment,
            last_week,
            what_helped="WALKS-IN-THE-PARK",
            private_note="MY-OWN-SECRET",
        ),
        "partner_revealed": make_checkin(
            couple,
            supporting,
            last_week,
            worries="PARTNER-WORRY-SHOWN",
            private_note="PARTNER-SECRET-NOTE",
        ),
        # This week: only the partner has answered, so it is still hidden from me.
        "partner_hidden": make_checkin(
            couple,
            supporting,
            week,
            worries="PARTNER-WORRY-HIDDEN",
            private_note="PARTNER-SECRET-THIS-WEEK",
        ),
    }


def _download(client):
    response = client.post(EXPORT)
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode(), json.loads(response.content)


def test_requires_sign_in(client):
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_requires_a_fresh_reauthentication(treatment_client):
    response = treatment_client.post(EXPORT)
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]


def test_get_is_not_allowed(treatment_client):
    reauthenticate(treatment_client)
    assert treatment_client.get(EXPORT).status_code == 405


def test_export_has_my_answers_with_my_private_note(treatment_client, history):
    reauthenticate(treatment_client)
    _, data = _download(treatment_client)
    mine = data["checkins"]
    assert [entry["what_helped"] for entry in mine] == ["WALKS-IN-THE-PARK"]
    assert mine[0]["private_note"] == "MY-OWN-SECRET"
    assert data["account"]["email"]
    # Every question of the check-in is in my copy: a new one cannot be left out of it.
    assert set(ANSWER_FIELDS) <= set(mine[0])


def test_partner_answers_only_as_shown_and_never_their_private_notes(treatment_client, history):
    reauthenticate(treatment_client)
    raw, data = _download(treatment_client)
    shown = data["partner_checkins_as_shown_to_me"]
    assert [entry["worries"] for entry in shown] == ["PARTNER-WORRY-SHOWN"]
    assert "private_note" not in shown[0]
    # Answers the pages show only to their author (safety answer, questionnaire items).
    assert "unsafe_now" not in shown[0] and "who5" not in shown[0]
    for secret in ["PARTNER-SECRET-NOTE", "PARTNER-SECRET-THIS-WEEK", "PARTNER-WORRY-HIDDEN"]:
        assert secret not in raw


def test_shared_records_are_included(treatment_client, in_treatment, supporting, couple):
    make_boundary(in_treatment, supporting, wording="Tell me the same day if the dose changes")
    make_entry(couple, in_treatment, note="FIRST-INFUSION")
    reauthenticate(treatment_client)
    _, data = _download(treatment_client)
    assert data["boundaries"][0]["wording"] == "Tell me the same day if the dose changes"
    assert data["boundaries"][0]["history"]
    assert [entry["note"] for entry in data["treatment_log"]] == ["FIRST-INFUSION"]


def test_export_is_recorded_in_the_security_log(treatment_client, in_treatment):
    reauthenticate(treatment_client)
    _download(treatment_client)
    assert in_treatment.security_events.filter(kind=SecurityEvent.Kind.DATA_EXPORTED).exists()


def test_csv_has_one_row_per_check_in_of_mine(supporting_client, history):
    reauthenticate(supporting_client)
    response = supporting_client.post(CSV)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["Anything I am worried about"] for row in rows) == [
        "PARTNER-WORRY-HIDDEN",
        "PARTNER-WORRY-SHOWN",
    ]
    assert "WALKS-IN-THE-PARK" not in response.content.decode()


def test_loner_without_partnership_can_export(loner_client):
    reauthenticate(loner_client)
    _, data = _download(loner_client)
    assert data["partnerships"] == [] and data["checkins"] == []


def test_overview_page(treatment_client):
    response = treatment_client.get(reverse("my_data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "never their private notes" in page
    assert "nothing a former partner wrote is included" in page
    assert "no-store" in response["Cache-Control"]
