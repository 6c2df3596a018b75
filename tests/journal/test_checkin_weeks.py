"""Week maths: the check-in day at 00:00 in the couple's zone, never moved by daylight saving."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import weeks
from partners.models import Partnership, Weekday

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Santiago",  # clocks jump at midnight: some days have no 00:00
    "Australia/Lord_Howe",  # a half-hour daylight-saving shift
    "Asia/Kolkata",
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
]


def couple_settings(tz, weekday=Weekday.SUNDAY):
    # An unsaved Partnership is enough: week maths reads only these two fields.
    return Partnership(time_zone=tz, checkin_weekday=weekday)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_week_starts_at_midnight_on_the_check_in_day_in_the_couple_zone():
    couple = couple_settings("America/New_York", Weekday.SUNDAY)
    # Sunday 2 March 2025, 00:00 in New York is 05:00 UTC.
    before = weeks.current_week(couple, utc(2025, 3, 2, 4, 59))
    after = weeks.current_week(couple, utc(2025, 3, 2, 5, 0))
    assert before.start == date(2025, 2, 23)
    assert after.start == date(2025, 3, 2)
    assert after.opens_at == utc(2025, 3, 2, 5, 0)


def test_spring_forward_makes_a_167_hour_week_without_moving_its_edges():
    couple = couple_settings("America/New_York")
    # Clocks go forward at 02:00 on Sunday 9 March 2025.
    week = weeks.current_week(couple, utc(2025, 3, 12, 12))
    assert (week.start, week.end) == (date(2025, 3, 9), date(2025, 3, 16))
    assert week.opens_at == utc(2025, 3, 9, 5)  # 00:00 EST
    assert week.closes_at == utc(2025, 3, 16, 4)  # 00:00 EDT
    assert week.closes_at - week.opens_at == timedelta(hours=167)


def test_fall_back_makes_a_169_hour_week_and_no_duplicate():
    couple = couple_settings("America/New_York")
    # Clocks go back at 02:00 on Sunday 2 November 2025: 01:00-02:00 happens twice.
    week = weeks.current_week(couple, utc(2025, 11, 2, 5, 30))  # the second 01:30
    assert week.start == date(2025, 11, 2)
    assert week.closes_at - week.opens_at == timedelta(hours=169)
    assert weeks.current_week(couple, utc(2025, 11, 2, 6, 30)) == week


def test_a_day_without_midnight_still_starts_the_week_when_the_day_begins():
    couple = couple_settings("America/Santiago")
    # Chile jumped from 00:00 to 01:00 on Sunday 8 September 2024, at 04:00 UTC.
    assert weeks.current_week(couple, utc(2024, 9, 8, 3, 59)).start == date(2024, 9, 1)
    week = weeks.current_week(couple, utc(2024, 9, 8, 4, 0))
    assert week.start == date(2024, 9, 8)
    assert week.opens_at == utc(2024, 9, 8, 4, 0)


def test_the_same_instant_is_in_different_weeks_for_couples_in_different_zones():
    instant = utc(2025, 1, 5, 2, 0)  # Sunday 02:00 UTC
    assert weeks.current_week(couple_settings("Asia/Tokyo"), instant).start == date(2025, 1, 5)
    assert weeks.current_week(couple_settings("America/Los_Angeles"), instant).start == date(
        2024, 12, 29
    )


@pytest.mark.parametrize("weekday", list(Weekday))
def test_every_check_in_day_starts_its_week_on_that_weekday(weekday):
    couple = couple_settings("Europe/London", weekday)
    week = weeks.current_week(couple, utc(2025, 6, 18, 12))
    assert week.start.weekday() == weekday
    assert week.end - week.start == timedelta(days=7)
    assert week.contains(utc(2025, 6, 18, 12))


def test_after_a_change_of_day_the_running_week_ends_at_the_new_day():
    # The couple checked in for the week of Sunday 5 January, then moved to Wednesdays.
    couple = couple_settings("UTC", Weekday.WEDNESDAY)
    week = weeks.current_week(couple, utc(2025, 1, 9, 12), latest_started=None)
    assert week.start == date(2025, 1, 8)
    # Moving to an earlier day keeps the week already under way until that day comes round.
    couple = couple_settings("UTC", Weekday.SATURDAY)
    week = weeks.current_week(couple, utc(2025, 1, 7, 12), latest_started=date(2025, 1, 5))
    assert (week.start, week.end) == (date(2025, 1, 5), date(2025, 1, 11))


def test_week_label_reads_naturally():
    assert (
        weeks.Week(date(2025, 1, 5), date(2025, 1, 12), "UTC").label
        == "5\N{EN DASH}11 January 2025"
    )
    assert (
        weeks.Week(date(2025, 1, 26), date(2025, 2, 2), "UTC").label
        == "26 January \N{EN DASH} 1 February 2025"
    )
    assert (
        weeks.Week(date(2024, 12, 29), date(2025, 1, 5), "UTC").label
        == "29 December 2024 \N{EN DASH} 4 January 2025"
    )


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    weekday=st.sampled_from(list(Weekday)),
    instant=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    ),
)
def test_every_instant_is_in_exactly_one_week_and_weeks_follow_on(zone, weekday, instant):
    couple = couple_settings(zone, weekday)
    week = weeks.current_week(couple, instant)
    assert week.contains(instant)
    assert week.start.weekday() == weekday
    assert week.end - week.start == timedelta(days=7)
    # No gap and no overlap: the last moment of this week and the first of the next.
    assert weeks.current_week(couple, week.closes_at - timedelta(microseconds=1)) == week
    following = weeks.current_week(couple, week.closes_at)
    assert following.start == week.end
    # Whatever daylight saving does, a week is within an hour and a half of 168 hours.
    hours = (week.closes_at - week.opens_at) / timedelta(hours=1)
    assert 166.5 <= hours <= 169.5


@pytest.mark.parametrize("zone", ZONES)
def test_a_year_hour_by_hour_never_splits_or_repeats_a_week(zone):
    couple = couple_settings(zone, Weekday.SUNDAY)
    seen = []
    instant = utc(2025, 1, 1)
    while instant < utc(2026, 1, 1):
        start = weeks.current_week(couple, instant).start
        if not seen or seen[-1] != start:
            assert start not in seen, f"week {start} came back at {instant}"
            seen.append(start)
        instant += timedelta(hours=1)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(seen))
    assert len(seen) in (53, 54)
