"""weeks_with_sessions_and_changes: the markers the check-in trend chart draws."""

from datetime import date

from journal.treatment.models import Kind, Status
from journal.treatment.rules import (
    WeekMarker,
    chart_markers,
    week_start,
    weeks_with_sessions_and_changes,
)
from tests.journal.treatment_factories import make_entry, make_history


def test_week_start_follows_the_check_in_day():
    wednesday = date(2026, 11, 25)
    assert week_start(wednesday, 6) == date(2026, 11, 22)  # Sunday weeks
    assert week_start(wednesday, 0) == date(2026, 11, 23)  # Monday weeks
    assert week_start(wednesday, 2) == wednesday  # the day itself


def test_marks_sessions_and_changes_per_week(couple):
    couple.checkin_weekday = 6  # Sunday
    couple.save(update_fields=["checkin_weekday"])
    make_entry(couple, kind=Kind.IV_INFUSION, on_date=date(2026, 11, 3))
    make_entry(couple, kind=Kind.THERAPY, on_date=date(2026, 11, 5))
    make_entry(couple, kind=Kind.DOSE, on_date=date(2026, 11, 5))
    make_entry(couple, kind=Kind.SCHEDULE, on_date=date(2026, 11, 15))
    weeks = weeks_with_sessions_and_changes(couple, date(2026, 11, 1), date(2026, 11, 21))
    assert weeks == {
        date(2026, 11, 1): {"session", "change"},
        date(2026, 11, 15): {"change"},
    }


def test_cancelled_sessions_and_dates_outside_the_range_are_left_out(couple):
    make_entry(couple, status=Status.CANCELLED, on_date=date(2026, 11, 3))
    make_entry(couple, on_date=date(2026, 10, 1))
    assert weeks_with_sessions_and_changes(couple, date(2026, 11, 1), date(2026, 11, 21)) == {}


def test_only_this_couples_entries(couple, other_couple):
    make_entry(other_couple, on_date=date(2026, 11, 3))
    assert weeks_with_sessions_and_changes(couple, date(2026, 11, 1), date(2026, 11, 21)) == {}


def test_one_query_for_years_of_log(couple, django_assert_num_queries):
    """Guards a query per week: the chart asks once for the whole range."""
    make_history(couple, 500)
    with django_assert_num_queries(1):
        weeks = weeks_with_sessions_and_changes(couple, date(2020, 1, 1), date(2030, 1, 1))
    assert len(weeks) > 100


def test_chart_markers_label_each_week_once_per_sort(couple):
    couple.checkin_weekday = 6
    couple.save(update_fields=["checkin_weekday"])
    make_entry(couple, kind=Kind.IV_INFUSION, on_date=date(2026, 11, 3))
    make_entry(couple, kind=Kind.ESKETAMINE, on_date=date(2026, 11, 4))
    make_entry(couple, kind=Kind.DOSE, on_date=date(2026, 11, 5))
    # 30 October is a Friday: its week began on Sunday 25 October, before the chart does.
    make_entry(couple, kind=Kind.SCHEDULE, on_date=date(2026, 10, 30))
    markers = chart_markers(couple, date(2026, 10, 28), date(2026, 11, 21))
    assert markers == [
        WeekMarker(date(2026, 10, 28), "Treatment change"),
        WeekMarker(date(2026, 11, 1), "Treatment session"),
        WeekMarker(date(2026, 11, 1), "Treatment change"),
    ]


def test_weeks_before_a_change_of_check_in_day_keep_the_day_that_ruled_them(couple):
    """Found by a reviewer: after Sunday -> Friday, past sessions showed in the wrong weeks."""
    couple.checkin_weekday = 4  # Friday, from Sunday 6 December on
    couple.previous_checkin_weekday = 6  # Sunday
    couple.checkin_weekday_from = date(2026, 12, 6)
    couple.save(
        update_fields=["checkin_weekday", "previous_checkin_weekday", "checkin_weekday_from"]
    )
    make_entry(couple, kind=Kind.IV_INFUSION, on_date=date(2026, 12, 1))  # Tuesday
    make_entry(couple, kind=Kind.DOSE, on_date=date(2026, 11, 24))
    make_entry(couple, kind=Kind.THERAPY, on_date=date(2026, 11, 17))
    make_entry(couple, kind=Kind.IV_INFUSION, on_date=date(2026, 12, 7))  # Monday, new day
    make_entry(couple, kind=Kind.IV_INFUSION, on_date=date(2026, 12, 15))  # Tuesday
    weeks = weeks_with_sessions_and_changes(couple, date(2026, 11, 15), date(2026, 12, 20))
    assert weeks == {
        date(2026, 11, 15): {"session"},
        date(2026, 11, 22): {"change"},
        date(2026, 11, 29): {"session"},
        # The first week under the new day starts where the old one ended.
        date(2026, 12, 6): {"session"},
        date(2026, 12, 11): {"session"},  # a Friday
    }
