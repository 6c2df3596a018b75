"""`make run`'s demo couple shows every feature with data: check-ins, boundaries, the log,
the safety plan with a suggestion waiting, notices read and unread, reading history, a
suggested article, and an alert from a past week that Alex saw and a newer check-in resolved."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from journal import weeks
from journal.boundaries.models import Boundary
from journal.models import CheckIn, Notice, SafetyAlert, SafetyPlanSuggestion, TreatmentEntry
from partners import deliveries, emails
from partners.models import User
from resources.models import ReadingMark, Suggestion

pytestmark = pytest.mark.django_db


def counts():
    models = (
        CheckIn,
        Boundary,
        TreatmentEntry,
        SafetyPlanSuggestion,
        SafetyAlert,
        Notice,
        ReadingMark,
        Suggestion,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_library", verbosity=0)
    call_command("load_demo", stdout=None)
    sam = User.objects.get(email="sam@demo.alongside.localhost")
    alex = User.objects.get(email="alex@demo.alongside.localhost")
    return sam, alex


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_feature_has_demo_data_and_a_second_run_adds_nothing(demo):
    sam, alex = demo
    first = counts()
    call_command("load_demo", stdout=None)
    assert counts() == first
    assert all(first.values()), first
    for person in (sam, alex):
        mine = Notice.objects.filter(recipient=person)
        assert mine.filter(read_at__isnull=True).exists(), person
        assert mine.filter(read_at__isnull=False).exists(), person
        assert ReadingMark.objects.filter(user=person).exists(), person
    assert Suggestion.objects.pending().filter(suggested_to=sam).exists()
    assert SafetyPlanSuggestion.objects.pending().filter(author=alex).exists()


def test_the_past_alert_was_true_seen_and_resolved(demo):
    _sam, alex = demo
    alert = SafetyAlert.objects.select_related("checkin").get()
    partnership = alert.partnership
    assert alert.checkin.unsafe_now
    assert alert.checkin.week_start < weeks.current_week(partnership).start - weeks.timedelta(7)
    assert alert.raised_at < alert.seen_at < alert.resolved_at
    assert partnership.safety_plan.alert_on_unsafe_now
    assert deliveries.status_of(emails.safety_alert_key(alert)).sent
    # Nothing pinned for Alex: it was seen weeks ago.
    home = client_for(alex).get(reverse("dashboard")).content.decode()
    assert "may not be safe right now" not in home


def test_the_demo_pages_show_it(demo):
    sam, _alex = demo
    sam_client = client_for(sam)
    home = sam_client.get(reverse("dashboard")).content.decode()
    assert "New for you" in home
    assert re.search(r'class="nav-count">\d+<', home)
    assert "Your first week here" not in home
    notices = sam_client.get(reverse("notice_list")).content.decode()
    assert "Alex suggested an article for you" in notices
    assert "Alex suggested an addition to your safety plan." in notices
    trends = sam_client.get(reverse("checkin_trends")).content.decode()
    assert 'class="chart"' in trends
    alert = SafetyAlert.objects.get()
    assert (
        sam_client.get(reverse("checkin_detail", args=[alert.checkin.public_id])).status_code == 200
    )


def test_demo_notices_never_cut_a_word(demo):
    # A quoted wording ends at a whole word and "…", as the app's own notices do.
    for message in Notice.objects.values_list("message", flat=True):
        for quoted in re.findall(r"“([^”]*)”", message):
            if quoted.endswith("…"):
                cut = quoted.removesuffix("…").rstrip()
                wording = Boundary.objects.filter(wording__startswith=cut).values_list(
                    "wording", flat=True
                )
                full = next(iter(wording))
                assert full[len(cut)] in " ,.;:", (cut, full)
