"""The couple's check-in week: from the check-in day at 00:00 to the same day a week later,
in the couple's time zone.

Weeks are worked out on local calendar dates and only turned into instants at their edges,
so a daylight-saving change makes one week 167 or 169 hours long but never moves, splits or
duplicates it. A week is named by the local date it starts on (`CheckIn.week_start`).

If a couple changes their check-in day, the running week ends at the next new check-in day
(so it is shorter than seven days) and weeks never overlap; `current_week` is told the latest
week that has already begun so it can keep such a week running until then.
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


def aligned_start(partnership, now=None):
    """Start of the week containing `now` by the couple's current day and zone alone."""
    today = local_date(now or timezone.now(), partnership.time_zone)
    return start_on_or_before(today, partnership.checkin_weekday)


def current_week(partnership, now=None, latest_started=None):
    """The couple's running week.

    `latest_started` is the newest week start the couple already has rows for, if it is later
    than `aligned_start`: that happens only after the check-in day was changed mid-week, and
    that week keeps running until the next new check-in day.
    """
    start = aligned_start(partnership, now)
    if latest_started is not None and latest_started > start:
        start = latest_started
    return Week.starting(start, partnership.checkin_weekday, partnership.time_zone)


def week_of(partnership, start):
    """A week named by its start date, measured with the couple's current settings."""
    return Week.starting(start, partnership.checkin_weekday, partnership.time_zone)


def week_starts_back(start, count):
    """`count` week starts ending with `start`, oldest first, seven days apart."""
    return [start - timedelta(weeks=count - 1 - i) for i in range(count)]
