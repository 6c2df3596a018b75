"""The notices page, read as a short diary: grouped by day in the reader's time zone, each
notice a sentence."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.dateformat import format as format_date

from journal.models import Notice

ENDINGS = (".", "!", "?", "…", "”", '"', ")")


def sentence(message: str) -> str:
    """A notice's message as a sentence: a capital first letter and a full stop."""
    text = message.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(ENDINGS) else f"{text}."


@dataclass
class Item:
    notice: Notice
    text: str
    time: str


@dataclass
class Day:
    label: str
    day: date
    items: list[Item] = field(default_factory=list)


def zone_of(user) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day.year == today.year:
        return format_date(day, "l j F")
    return format_date(day, "l j F Y")


def by_day(notices: Iterable[Notice], user, now: datetime | None = None) -> list[Day]:
    """`notices` (newest first) grouped under the day they arrived, where the reader lives."""
    zone = zone_of(user)
    today = (now or timezone.now()).astimezone(zone).date()
    days: list[Day] = []
    for notice in notices:
        local = notice.created_at.astimezone(zone)
        if not days or days[-1].day != local.date():
            days.append(Day(label=day_label(local.date(), today), day=local.date()))
        days[-1].items.append(
            Item(notice=notice, text=sentence(notice.message), time=format_date(local, "H:i"))
        )
    return days
