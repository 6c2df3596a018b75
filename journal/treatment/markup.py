"""The treatment log's repeated markup, written out in Python: an entry of the log, its date
and time, its status, and the ride home for a session.

The log shows 20 entries a page, each through three included templates (when, status, the
ride with its nested conditions); the template engine spent ~90% of a fresh render of
/treatment/ on them. The markup, whitespace included, is exactly what the templates gave
(tests/journal/test_treatment_markup.py compares them with the templates as they were,
kept under tests/journal/reference/). `templates/journal/treatment/_ride.html` now calls
`ride`, so the entry page and the dashboard's panel show the same ride.

What it shows is decided as before: the reader is `couple.me`, the log's rows come from
the couple's own entries (`TreatmentEntry.objects.for_partnership`), the ride's buttons
are for the supporting partner alone.
"""

import html as html_module
from datetime import date, time
from typing import Any

from django.template.defaultfilters import truncatechars
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.safestring import SafeData

from journal.templatetags.row_urls import row_url
from journal.treatment.models import Driver, Status


def _e(value: Any) -> str:
    """What autoescaping prints for a value (django.utils.html.escape for unsafe text)."""
    if isinstance(value, SafeData):
        return str(value)
    return html_module.escape(str(value))


def _hm(value: time) -> str:
    """`value|time:"H:i"`."""
    return f"{value.hour:02d}:{value.minute:02d}"


def _long_day(day: date) -> str:
    """`day|date:"l j F"` (Tuesday 1 December)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def when(entry: Any) -> str:
    """templates/journal/treatment/_when.html: the day, and the time if one was given."""
    day, at = entry.on_date, entry.at_time
    machine = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    shown = (
        f"{WEEKDAYS_ABBR[day.weekday()]} {day.day} {str(MONTHS_3[day.month]).title()} {day.year}"
    )
    if at:
        return f'<time datetime="{machine}T{_hm(at)}">{_e(shown)}, {_hm(at)}</time>'
    return f'<time datetime="{machine}">{_e(shown)}</time>'


def status(entry: Any) -> str:
    """templates/journal/treatment/_status.html."""
    if entry.is_session:
        return (
            f'<span class="status status-{_e(entry.status)}">'
            f"{_e(entry.get_status_display())}</span>"
        )
    return '<span class="status status-change">Change</span>'


def _csrf_input(context: Any) -> str:
    """What {% csrf_token %} prints."""
    token = context.get("csrf_token")
    # "NOTPROVIDED" is Django's marker for a page without a token, not a secret.
    if not token or token == "NOTPROVIDED":  # noqa: S105
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">'


def _ride_form(entry: Any, context: Any, back_to: Any, answer: str, button: str) -> str:
    css = "button" if answer == "drive" else "button button-secondary"
    return (
        '\n        <form method="post" action="'
        f'{_e(row_url("treatment_ride", entry.public_id))}" class="inline-form ride-form">'
        f"\n          {_csrf_input(context)}"
        f'\n          <input type="hidden" name="back_to" value="{_e(back_to)}">'
        f'\n          <button type="submit" name="answer" value="{answer}" class="{css}">'
        f'{button}<span class="visually-hidden"> on {_e(_long_day(entry.on_date))}</span>'
        "</button>\n        </form>\n      "
    )


def _who_drives(entry: Any, couple: Any) -> str:
    """The words inside <p class="ride"> for a session still to come."""
    supporting = couple.me.is_supporting
    pick = f", pick-up at {_hm(entry.pickup_time)}" if entry.pickup_time else ""
    if entry.driver_confirmed:
        who = "You are driving" if supporting else f"{_e(couple.supporting.user.name)} is driving"
        return (
            '\n        <span class="badge badge-ok">Ride confirmed</span>'
            f"\n        {who}{pick}.\n      "
        )
    if entry.driver == Driver.PARTNER:
        who = (
            f"{_e(couple.in_treatment.user.name)} asked you to drive"
            if supporting
            else f"Waiting for {_e(couple.supporting.user.name)} to confirm the ride"
        )
        return (
            '\n        <span class="badge badge-wait">Ride not confirmed</span>'
            f"\n        {who}{pick}.\n      "
        )
    if entry.driver == Driver.OTHER:
        return f"\n        {_e(entry.driver_name)} is driving{pick}.\n      "
    if entry.driver == Driver.NONE:
        return "\n        No ride needed.\n      "
    return (
        '\n        <span class="badge badge-wait">No ride yet</span> Nobody is down to drive'
        " yet.\n      "
    )


def ride(entry: Any, context: Any) -> str:
    """templates/journal/treatment/_ride.html as it was: the ride home for one session, who
    drives and the supporter's answer. `context` has couple, today, back_to, user and the
    CSRF token, as the template had."""
    if not entry.needs_ride:
        return "\n\n"
    couple, today = context.get("couple"), context.get("today")
    supporting = couple.me.is_supporting
    if entry.is_upcoming(today):
        inner = f'\n    <p class="ride">\n      {_who_drives(entry, couple)}\n    </p>\n    '
        if supporting:
            back_to = context.get("back_to", "")
            form = ""
            if entry.can_offer_to_drive(today):
                form = _ride_form(entry, context, back_to, "drive", "I'll drive")
            elif entry.driver_confirmed_by_id == getattr(context.get("user"), "pk", None):
                form = _ride_form(entry, context, back_to, "withdraw", "I can't drive after all")
            inner += f"\n      {form}\n    "
        inner += "\n  "
    elif entry.status == Status.DONE and entry.driver == Driver.PARTNER:
        who = "You drove" if supporting else f"{_e(couple.supporting.user.name)} drove"
        inner = f'\n    <p class="ride">{who}.</p>\n  '
    elif entry.status == Status.DONE and entry.driver == Driver.OTHER:
        inner = f'\n    <p class="ride">{_e(entry.driver_name)} drove.</p>\n  '
    else:
        inner = ""
    return f"\n\n  {inner}\n\n"


def log_entry(entry: Any, context: Any) -> str:
    """One entry of the log (templates/journal/treatment/log.html's <li>)."""
    place = f" · {_e(entry.place)}" if entry.place else ""
    note = f'<p class="entry-note">{_e(truncatechars(entry.note, 240))}</p>' if entry.note else ""
    shown_ride = ""
    if entry.needs_ride and entry.status != Status.CANCELLED:
        with context.push(back_to="entry"):
            shown_ride = ride(entry, context)
    return (
        '<li class="entry card">\n        <h2 class="entry-title">'
        f'<a href="{_e(row_url("treatment_entry", entry.public_id))}">'
        f"{_e(entry.get_kind_display())}</a></h2>\n"
        f'        <p class="entry-meta">{when(entry)} {status(entry)}{place}</p>\n'
        f"        {note}\n        {shown_ride}\n      </li>"
    )
