"""Changing the check-in day never closes a running week early (the reveal rule holds).

The attack: Sam checks in; Alex, who has not, sets the day to today, so the running week
"closes" and Sam's answers show. The change now applies from the end of the running week;
both partners are told, and it is logged.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import weeks
from journal.checkins import rules as checkins
from journal.models import CheckIn, Notice
from partners.models import SecurityEvent
from tests.journal.checkin_factories import couple_of, make_checkin
from tests.partners.conftest import assert_no_health_words, reauthenticate

ANSWER = "ANSWER-DAYSWAP-91"
SETTINGS = reverse("partnership_settings")


@pytest.fixture
def week_under_way(couple, in_treatment):
    """The couple's week began three days ago and Sam has checked in; Alex has not."""
    today = weeks.local_date(timezone.now(), couple.time_zone)
    couple.checkin_weekday = (today.weekday() - 3) % 7
    couple.save(update_fields=["checkin_weekday"])
    make_checkin(couple, in_treatment, what_helped=ANSWER)
    return today


def _change_day_to(client, couple, weekday):
    return client.post(SETTINGS, {"checkin_weekday": weekday, "time_zone": couple.time_zone})


def test_setting_the_day_to_today_does_not_reveal_answers(
    week_under_way, couple, supporting_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _change_day_to(supporting_client, couple, week_under_way.weekday())

    for path in [reverse("checkin_history"), reverse("checkin_week"), reverse("checkin_form")]:
        assert ANSWER not in supporting_client.get(path).content.decode(), path
    reauthenticate(supporting_client)
    export = supporting_client.post(reverse("my_data_export")).content.decode()
    assert ANSWER not in export


def test_the_running_week_keeps_its_end_and_the_new_day_starts_after_it(
    week_under_way, couple, supporting, supporting_client
):
    running = checkins.current_week(couple_of(supporting))
    _change_day_to(supporting_client, couple, week_under_way.weekday())
    couple.refresh_from_db()

    assert checkins.current_week(couple_of(supporting)) == running
    after = running.closes_at + timedelta(hours=1)
    next_week = checkins.current_week(couple_of(supporting), after)
    assert next_week.start == running.end
    assert next_week.end.weekday() == week_under_way.weekday()
    later = checkins.current_week(couple_of(supporting), next_week.closes_at + timedelta(hours=1))
    assert (later.start.weekday(), later.end - later.start) == (
        week_under_way.weekday(),
        timedelta(days=7),
    )


def test_the_hidden_answers_show_once_the_running_week_has_closed(
    week_under_way, couple, supporting, supporting_client
):
    running = checkins.current_week(couple_of(supporting))
    _change_day_to(supporting_client, couple, week_under_way.weekday())
    couple.refresh_from_db()
    later = running.closes_at + timedelta(minutes=1)
    visible = CheckIn.objects.visible_to(supporting, couple_of(supporting), later)
    assert visible.filter(what_helped=ANSWER).exists()
    assert not CheckIn.objects.visible_to(supporting, couple_of(supporting)).filter(
        what_helped=ANSWER
    )


def test_both_partners_are_told_and_the_change_is_logged(
    week_under_way,
    couple,
    in_treatment,
    supporting,
    supporting_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _change_day_to(supporting_client, couple, week_under_way.weekday())

    for person in [in_treatment, supporting]:
        notice = Notice.objects.get(recipient=person)
        assert notice.kind == Notice.Kind.PARTNERSHIP
        assert "from" in notice.message
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [in_treatment.email, supporting.email]
    )
    for message in mailoutbox:
        assert_no_health_words(message)
    assert SecurityEvent.objects.filter(
        user=supporting, kind=SecurityEvent.Kind.CHECKIN_DAY_CHANGED
    ).exists()


def test_saving_the_same_day_tells_no_one(week_under_way, couple, supporting_client):
    _change_day_to(supporting_client, couple, couple.checkin_weekday)
    assert not Notice.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.CHECKIN_DAY_CHANGED)


def test_the_settings_page_says_when_the_new_day_starts(week_under_way, couple, supporting_client):
    _change_day_to(supporting_client, couple, week_under_way.weekday())
    page = supporting_client.get(SETTINGS).content.decode()
    assert "from " in page and "the running week keeps" in page
