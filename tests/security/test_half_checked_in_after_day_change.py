"""The matrix's extra state: only one partner has checked in, and the settings changed.

Sam (in treatment) has checked in this week; Alex (supporting) has not, and Alex sets the
check-in day to today. No page of the project, nor the export, may show Alex a word of
Sam's answers: the running week keeps its end (issue 11).
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal import weeks
from journal.models import CheckIn
from tests.factories import PASSWORD
from tests.security.matrix import TABLE
from tests.world import build_world

pytestmark = pytest.mark.django_db
ANSWER = "HALF-CHECKED-IN-ANSWER-42"
# Opened by whoever holds the secret link Sam made for their clinic: it is Sam's own summary
# by design, and Alex never sees its address (tests/journal/test_clinic_links.py).
SAM_SHARED_ON_PURPOSE = {"clinic_summary"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        couple = world.ours
        partnership = couple.partnership
        CheckIn.objects.filter(partnership=partnership, author=couple.supporting).delete()
        CheckIn.objects.filter(public_id=couple.checkin).update(what_helped=ANSWER)
        # The running week began three days ago, so "today" is a different day.
        today = weeks.local_date(timezone.now(), partnership.time_zone)
        partnership.checkin_weekday = (today.weekday() - 3) % 7
        partnership.save(update_fields=["checkin_weekday"])
        CheckIn.objects.filter(partnership=partnership).update(
            week_start=weeks.aligned_start(partnership)
        )
        world.today = today
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def alex(world):
    client = Client()
    client.force_login(world.ours.supporting)
    response = client.post(
        reverse("partnership_settings"),
        {"checkin_weekday": world.today.weekday(), "time_zone": world.ours.partnership.time_zone},
    )
    assert response.status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def test_no_page_shows_the_answers_after_a_change_of_day(world, alex):
    shown = []
    for key, row in sorted(TABLE.items()):
        path = row.url(world, world.ours)
        if path.startswith("/admin/") or "logout" in key or key in SAM_SHARED_ON_PURPOSE:
            continue
        response = alex.get(path)
        assert response.status_code < 500, path
        if ANSWER in response.content.decode(errors="replace"):
            shown.append(path)
    assert shown == []


def test_the_export_does_not_carry_them_either(world, alex):
    for name in ["my_data_export", "my_data_checkins_csv"]:
        response = alex.post(reverse(name))
        assert ANSWER not in response.content.decode(errors="replace"), name
