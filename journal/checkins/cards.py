"""One check-in as the HTML card every page shows it in (the week, history, a single check-in).

Written out in Python rather than as an included template: history shows eight of these on
each page, and Django's template engine spent ~40% of that page's time walking the card's
loops, resolving variables and localising numbers for each answer. The markup is exactly what
`templates/journal/checkins/_checkin.html` gave (tests/journal/test_checkin_card.py compares
every branch with it): an <article> labelled by its heading, the answers as a <dl> in groups,
questionnaire totals, the author's private note for the author alone, and the links.

It shows what it is given: `item` comes from `journal.checkins.views.card`, built only from
check-ins that `CheckIn.objects.visible_to` returned, whose `note_for_viewer` is empty for
anyone but the author.
"""

import html as html_module
import re
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.template.defaultfilters import date as date_filter
from django.templatetags.tz import do_timezone
from django.urls import reverse
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import SafeData, SafeString, mark_safe

from journal.templatetags.row_urls import row_url

WHEN = "l j F, H:i"
_NEWLINES = re.compile(r"\r\n|\r")
# What {% spaceless %} removes (django.utils.html.strip_spaces_between_tags).
_BETWEEN_TAGS = re.compile(r">\s+<")


def escape(value: Any) -> str:
    """What autoescaping prints for a value: django.utils.html.escape (html.escape, quotes
    too) for anything not already safe, without its lazy-string wrapper."""
    if isinstance(value, SafeData):
        return str(value)
    return html_module.escape(str(value))


def linebreaksbr(value: Any) -> str:
    """The `linebreaksbr` filter, as autoescaping templates apply it."""
    text = _NEWLINES.sub("\n", str(value))
    if not isinstance(value, SafeData):
        text = html_module.escape(text)
    return text.replace("\n", "<br>")


def long_date(day: date) -> str:
    """`day|date:"l j F Y"` (Monday 30 November 2026), not escaped."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month]} {day.year}"


def day_month(day: date) -> str:
    """`day|date:"j F"` (30 November), not escaped."""
    return f"{day.day} {MONTHS[day.month]}"


def when(value: datetime, time_zone: Any) -> str:
    """`value|timezone:time_zone|date:"l j F, H:i"`, escaped."""
    try:
        local = value.astimezone(zoneinfo.ZoneInfo(time_zone))
    except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return escape(date_filter(do_timezone(value, time_zone), WHEN))
    return escape(
        f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month]}, "
        f"{local.hour:02d}:{local.minute:02d}"
    )


def _answers(rows: list) -> str:
    html = ['<dl class="answers">']
    for row in rows:
        scaled = row.scale is not None
        html.append(f'<div class="answer{" answer-scale" if scaled else ""}">')
        html.append(f"<dt>{escape(row.label)}</dt><dd>")
        if scaled:
            html.append(
                f'<span class="scale-bar scale-{escape(row.sense)}" aria-hidden="true">'
                f'<span class="scale-fill fill-{escape(row.scale)}"></span></span> '
            )
        html.append(linebreaksbr(row.value))
        if row.sense:
            html.append(f' <span class="scale-sense">({escape(row.sense_words)})</span>')
        html.append("</dd></div>")
    html.append("</dl>")
    return "".join(html)


def _scores(scores: list) -> str:
    html = ['<ul class="scores">']
    for score in scores:
        html.append(f"<li><strong>{escape(score.instrument.name)}</strong>: {escape(score.total)}")
        if score.percentage is not None:
            html.append(f" ({escape(score.percentage)}%)")
        html.append(f" — {escape(score.band)}\n          ")
        if score.items:
            html.append(
                '\n            <details class="score-items">'
                "<summary>My answers to each question</summary><ol>"
            )
            html.extend(
                f"<li>{escape(question)}: <strong>{escape(answer)}</strong> ({escape(value)})</li>"
                for question, answer, value in score.items
            )
            html.append("</ol>")
            if score.difficulty:
                html.append(f"<p>Difficulty: {escape(score.difficulty)}</p>")
            html.append("</details>")
        html.append("\n        </li>")
    html.append("</ul>")
    return "".join(html)


def _links(item: dict, checkin: Any, editable: bool) -> str:
    public_id: UUID = checkin.public_id
    if item["mine"]:
        html = ['<p class="card-links">']
        if editable:
            html.append(f'<a href="{escape(reverse("checkin_form"))}">Edit my check-in</a> · ')
        html.append(
            f'\n        <a href="{escape(row_url("checkin_note", public_id))}">'
            "My private note</a>\n        "
        )
        if checkin.was_edited:
            html.append(
                f' · <a href="{escape(row_url("checkin_revisions", public_id))}">'
                "Earlier versions</a>"
            )
        html.append("</p>")
        return "".join(html)
    return (
        f'<p class="card-links"><a href="{escape(row_url("checkin_detail", public_id))}">'
        f"Open {escape(item['author_name'])}'s check-in</a></p>"
    )


def _heading(item: dict, checkin: Any, h: int, time_zone: Any) -> str:
    pid = escape(checkin.public_id)
    edited = checkin.was_edited
    who = "You" if item["mine"] else escape(item["author_name"])
    badge = ' <span class="badge">edited</span>' if edited else ""
    last_edited = f" · last edited {when(checkin.edited_at, time_zone)}" if edited else ""
    return (
        f'<article class="card checkin-card" aria-labelledby="checkin-{pid}">'
        f'<h{h} id="checkin-{pid}">{who}{badge}</h{h}>'
        f'<p class="meta">Checked in {when(checkin.submitted_at, time_zone)}{last_edited}</p>'
    )


def render_card(
    item: dict,
    *,
    time_zone: Any,
    h: int,
    links: bool = False,
    editable: bool = False,
    compact: bool = False,
    extra_answers: Callable[[Any, Any], str] | None = None,
) -> SafeString:
    """The card for `item`, with headings at level `h` (its answers' headings at h + 1).

    `links`: the card's own links (edit, private note, earlier versions, or the partner's
    page); `editable`: the check-in's week is still open; `compact`: past weeks, where an
    extra section shows a summary of its answers. `extra_answers(section, answers)` renders
    what an extra section gives for this check-in (see `section_answers`).
    """
    checkin = item["checkin"]
    sub = h + 1
    html = [_heading(item, checkin, h, time_zone)]
    if item["unsafe_now"]:
        html.append(
            '<p class="message message-warning">You said that right now you don\'t feel safe.</p>'
        )
    if item["unsafe_at_home"]:
        html.append(
            '<p class="message message-warning">'
            "You said you don't feel safe at home. Only you can see this answer.</p>"
        )
    groups = item["groups"]
    if groups:
        for group in groups:
            html.append(f'<h{sub} class="answers-heading">{escape(group.title)}</h{sub}>')
            html.append(_answers(group.rows))
    else:
        html.append("<p>No answers beyond the required ones.</p>")
    for section, answers in item["extras"]:
        html.append(f'<h{sub} class="answers-heading">{escape(section.title)}</h{sub}>')
        if extra_answers is not None:
            html.append(extra_answers(section, answers))
    if item["scores"]:
        html.append(f'<h{sub} class="answers-heading">Questionnaires</h{sub}>')
        html.append(_scores(item["scores"]))
    if item["mine"] and checkin.note_for_viewer:
        html.append(f'<h{sub} class="answers-heading">My private note</h{sub}>')
        html.append(f'<p class="private-note">{linebreaksbr(checkin.note_for_viewer)}</p>')
    if links:
        html.append(_links(item, checkin, editable))
    html.append("</article>")
    # As {% spaceless %} left it: whitespace between tags (in answers too) goes.
    return mark_safe(  # noqa: S308 - every value above is escaped or a filter's safe output
        "\n\n" + _BETWEEN_TAGS.sub("><", "".join(html)) + "\n"
    )
