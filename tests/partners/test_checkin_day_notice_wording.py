"""The notice of a new check-in day speaks to each partner as themselves."""

import pytest
from django.urls import reverse

from journal.models import Notice

pytestmark = pytest.mark.django_db


def test_the_person_who_changed_the_day_reads_you_and_the_partner_reads_their_name(
    treatment_client, couple, in_treatment, supporting
):
    """A reviewer read "Sam changed your check-in day" in Sam's own notices."""
    response = treatment_client.post(
        reverse("partnership_settings"), {"checkin_weekday": 2, "time_zone": "UTC"}
    )
    assert response.status_code in (200, 302)
    mine = Notice.objects.get(recipient=in_treatment, kind=Notice.Kind.PARTNERSHIP).message
    theirs = Notice.objects.get(recipient=supporting, kind=Notice.Kind.PARTNERSHIP).message
    assert mine.startswith("You changed our check-in day to Wednesday")
    assert theirs.startswith("Sam changed your check-in day to Wednesday")
