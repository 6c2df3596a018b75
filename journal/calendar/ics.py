"""A small RFC 5545 writer: just what a calendar of planned session days needs.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT values
escape backslash, semicolon, comma and newlines. Times are written in UTC with a "Z".
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets (section 3.1)."""
    pieces, current, size = [], "", 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def day(value: date) -> str:
    return value.strftime("%Y%m%d")


@dataclass
class Event:
    uid: str
    stamp: datetime  # when this version of the event was last changed
    summary: str
    description: str
    sequence: int
    starts: datetime | None = None  # aware; None for an all-day event
    ends: datetime | None = None
    on_day: date | None = None  # the day of an all-day event
    url: str = ""

    def lines(self) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{utc(self.stamp)}",
            f"LAST-MODIFIED:{utc(self.stamp)}",
            f"SEQUENCE:{self.sequence}",
        ]
        if self.starts is not None:
            lines.append(f"DTSTART:{utc(self.starts)}")
            if self.ends is not None:
                lines.append(f"DTEND:{utc(self.ends)}")
        else:
            on_day = self.on_day
            assert on_day is not None  # an event without a start time is an all-day one
            lines.append(f"DTSTART;VALUE=DATE:{day(on_day)}")
            lines.append(f"DTEND;VALUE=DATE:{day(on_day + timedelta(days=1))}")
        lines.append(f"SUMMARY:{escape_text(self.summary)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.url:
            lines.append(f"URL:{self.url}")
        lines += ["TRANSP:OPAQUE", "END:VEVENT"]
        return lines


def calendar(events: list[Event], *, name: str) -> str:
    """A whole VCALENDAR, ready to send as text/calendar."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Session days//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event.lines()
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
