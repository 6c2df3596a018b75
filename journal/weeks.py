"""The couple's check-in week: from the check-in day at 00:00 to the same day a week later,
in the couple's time zone.

Weeks are worked out on local calendar dates and only turned into instants at their edges,
so a daylight-saving change makes one week 167 or 169 hours long but never moves, splits or
duplicates it. A week is named by the local date it starts on (`CheckIn.week_start`).

If a couple changes their check-in day, the running week keeps its end (the old day): the
change waits in `Partnership.previous_checkin_weekday` / `checkin_weekday_from`, so no
setting can close a week early and reveal answers. The first week under the new day starts
where the running one ends and runs to the next new check-in day (so it may be shorter than
seven days). Rows from before this rule may hold a week that began mid-week after a change;
`current_week` is told the latest week that has already begun so it can keep it running.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import format as format_date

EN_DASH = "\N{EN DASH}"


@lru_cache(maxsize=64)
def zone(name):
    return ZoneInfo(name)


def local_date(instant, tz_name):
    """The calendar date it is in `tz_name` at `instant` (an aware datetime)."""
    return instant.astimezone(zone(tz_name)).date()


def local_midnight(day, tz_name):
    """The instant `day` begins in `tz_name`, in UTC.

    Where clocks jump forward at midnight there is no 00:00 that day; fold=0 resolves it with
    the offset in force before the jump, which is exactly the instant the day starts. Where
    midnight happens twice, fold=0 picks the first.
    """
    return datetime.combine(day, time.min, tzinfo=zone(tz_name)).astimezone(UTC)


def start_on_or_before(day, weekday):
    """The latest date on or before `day` that falls on `weekday` (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def next_start_after(day, weekday):
    """The first date strictly after `day` that falls on `weekday`."""
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


@dataclass(frozen=True)
class Week:
    """One check-in week: `start` up to (not including) `end`, local dates in `time_zone`."""

    start: date
    end: date
    time_zone: str

    @classmethod
    def starting(cls, start, weekday, tz_name):
        return cls(start=start, end=next_start_after(start, weekday), time_zone=tz_name)

    @property
    def last_day(self):
        return self.end - timedelta(days=1)

    @property
    def opens_at(self):
        return local_midnight(self.start, self.time_zone)

    @property
    def closes_at(self):
        return local_midnight(self.end, self.time_zone)

    def contains(self, instant):
        return self.opens_at <= instant < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    @property
    def label(self):
        """E.g. "5-11 January 2025", or across months "27 January - 2 February 2025" (en dashes)."""
        first, last = self.start, self.last_day
        if first == last:
            return format_date(first, "j F Y")
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}{EN_DASH}{format_date(last, 'j F Y')}"
        if first.year == last.year:
            return f"{format_date(first, 'j F')} {EN_DASH} {format_date(last, 'j F Y')}"
        return f"{format_date(first, 'j F Y')} {EN_DASH} {format_date(last, 'j F Y')}"


def weekday_on(partnership, day):
    """The check-in weekday that rules the week holding local date `day`."""
    changes_on = partnership.checkin_weekday_from
    if changes_on is not None and day < changes_on:
        return partnership.previous_checkin_weekday
    return partnership.checkin_weekday


def aligned_start(partnership, now=None):
    """Start of the week containing `now` by the couple's day(s) and zone alone."""
    return start_holding(partnership, partnership.today(now))


def start_holding(partnership, day):
    """Start of the week holding local date `day`, by the check-in day that ruled it."""
    start = start_on_or_before(day, weekday_on(partnership, day))
    changes_on = partnership.checkin_weekday_from
    if changes_on is not None and day >= changes_on and start < changes_on:
        # The first week under the new day begins where the old running week ended.
        start = changes_on
    return start


def schedule_weekday_change(partnership, weekday, now=None, latest_started=None):
    """Set the couple's new check-in day to rule from the end of the running week.

    Returns the local date the new day takes effect from, or None when nothing changes.
    A second change before that date replaces the pending day and keeps the date; going
    back to the day in force cancels it. The caller saves the three fields.
    """
    now = now or timezone.now()
    today = partnership.today(now)
    in_force = weekday_on(partnership, today)
    pending = partnership.checkin_weekday_from is not None and today < (
        partnership.checkin_weekday_from
    )
    if weekday == partnership.checkin_weekday and (pending or weekday == in_force):
        return None
    if weekday == in_force:
        partnership.checkin_weekday = weekday
        partnership.previous_checkin_weekday = None
        partnership.checkin_weekday_from = None
        return today
    if not pending:
        running = current_week(partnership, now, latest_started)
        partnership.previous_checkin_weekday = in_force
        partnership.checkin_weekday_from = running.end
    partnership.checkin_weekday = weekday
    return partnership.checkin_weekday_from


def current_week(partnership, now=None, latest_started=None):
    """The couple's running week.

    `latest_started` is the newest week start the couple already has rows for, if it is later
    than `aligned_start`: that happens only after the check-in day was changed mid-week, and
    that week keeps running until the next new check-in day.
    """
    start = aligned_start(partnership, now)
    if latest_started is not None and latest_started > start:
        start = latest_started
    return week_of(partnership, start)


def week_of(partnership, start):
    """A week named by its start date, measured with the day that ruled it."""
    return Week.starting(start, weekday_on(partnership, start), partnership.time_zone)


def week_starts_back(start, count):
    """`count` week starts ending with `start`, oldest first, seven days apart."""
    return [start - timedelta(weeks=count - 1 - i) for i in range(count)]
