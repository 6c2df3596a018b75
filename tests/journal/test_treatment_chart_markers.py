"""The check-in trend chart marks the weeks with treatment sessions and changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.treatment.models import Kind, Status
from tests.journal.checkin_factories import make_checkin, this_week
from tests.journal.treatment_factories import make_entry, make_history

URL = reverse("checkin_trends")


@pytest.fixture(autouse=True)
def a_past_check_in(couple):
    """Charts are drawn once there is a check-in to draw (before that, trends shows its
    first-week guide): one from last week, which both partners may see."""
    sam = couple.members.get(role="in_treatment").user
    make_checkin(couple, sam, this_week(couple).start - timedelta(weeks=1))


def test_weeks_with_sessions_and_changes_are_marked_for_both(
    treatment_client, supporting_client, couple
):
    make_entry(couple, kind=Kind.IV_INFUSION, on_date=couple.today() - timedelta(days=8))
    make_entry(couple, kind=Kind.DOSE, on_date=couple.today() - timedelta(days=8))
    for client in (treatment_client, supporting_client):
        body = client.get(URL).content.decode()
        assert "<title>Treatment session; Treatment change</title>" in body


def test_cancelled_sessions_are_not_marked(treatment_client, couple):
    make_entry(couple, status=Status.CANCELLED, on_date=couple.today() - timedelta(days=8))
    assert "Treatment session" not in treatment_client.get(URL).content.decode()


def test_another_couples_log_is_not_marked(stranger_client, couple):
    make_entry(couple, on_date=couple.today() - timedelta(days=8))
    assert "Treatment session" not in stranger_client.get(URL).content.decode()


@pytest.mark.parametrize("history", [1, 500])
def test_markers_cost_one_query_whatever_the_log(treatment_client, couple, history):
    """Guards a query per week or per entry for the chart's treatment markers."""
    make_history(couple, history)
    treatment_client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert treatment_client.get(URL).status_code == 200
    treatment_queries = [
        q for q in queries.captured_queries if "journal_treatmententry" in q["sql"]
    ]
    assert len(treatment_queries) == 1
