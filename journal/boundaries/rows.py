"""The boundaries list's rows as HTML, written here rather than in an included template.

The list shows dozens of rows; an `{% include %}` per row with a dozen tags in it was most
of the page's CPU. Each row is one string built from escaped parts: every value a person
wrote or chose is escaped (`escape` in attributes, `text` between tags), and the markup is
the same as the templates' it replaced. A row links relative to `detail_base`: "" on the
list itself (/boundaries/), the list's path elsewhere (the retired page).

Styling lives in static/css/boundaries.css: `.bd-lines > li` for a short line, `.bd-list > li`
for an item, its first link `.bd-list > li > a`, its first paragraph the quiet line, the
answer's paragraph `.bd-list p + p`. Wording is shortened only at a sentence end
(journal/templatetags/wording.py).
"""

import html

from django.utils.safestring import SafeString, mark_safe

from journal.boundaries.models import Boundary, State
from journal.templatetags.text_nodes import text
from journal.templatetags.wording import Cut


def escape(value: object) -> str:
    """django.utils.html.escape's output, without its lazy-string wrapper (dozens of rows)."""
    return html.escape(str(value))


def _quoted(cut: Cut) -> str:
    return f"“{text(cut.text)}{' …' if cut.cut else ''}”"


def line(boundary: Boundary, detail_base: str) -> SafeString:
    """One boundary as a short line: the full wording, details and actions are on its page.
    Agreed is the pill's own colour, so only other states name theirs."""
    b = vars(boundary)
    href = f"{escape(detail_base)}{boundary.public_id}/"
    shown = b["line"]
    parts = [
        '<li class="bd-line-due">' if boundary.due else "<li>",
        f'<a href="{href}">{_quoted(shown)}</a>',
        f' <a class="bd-more" href="{href}">Read all of it</a>' if shown.cut else "",
        ' <span class="bd-state">'
        if boundary.state == State.AGREED
        else f' <span class="bd-state bd-state-{escape(boundary.state)}">',
        f"{escape(b['state_label'])}</span>",
    ]
    if boundary.due:
        parts.append(' <strong class="bd-due">revisit due</strong>')
    elif boundary.state == State.AGREED:
        parts.append(
            f' <small>revisit <span class="bd-date">{escape(b["revisit_label"])}</span></small>'
        )
    parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def item(
    boundary: Boundary, detail_base: str, *, me_id: int, partner_name: str, answer: bool
) -> SafeString:
    """One boundary waiting on someone (or retired), with who is waiting; `answer` adds the
    link to answer it."""
    b = vars(boundary)
    href = f"{escape(detail_base)}{boundary.public_id}/"
    shown = b["short"]
    state = boundary.state
    if state == State.PROPOSED:
        who = "you" if boundary.proposed_by_id == me_id else escape(boundary.proposer_name)
        status = f"proposed by {who}"
    elif state == State.REVISIT_REQUESTED:
        asked = f"{escape(partner_name)} asked" if boundary.waiting_on_me else "you asked"
        status = f"{asked} to revisit it"
    elif state == State.AGREED:
        status = f'revisit on <span class="bd-date">{escape(b["revisit_label"])}</span>'
        if boundary.due:
            status += ' <strong class="bd-due">(due now)</strong>'
    else:
        status = escape(b["state_label"].lower())
    parts = [
        '<li class="bd-item-due">' if boundary.due else "<li>",
        f'<a href="{href}">{_quoted(shown)}</a>',
        f' <a class="bd-more" href="{href}">Read all of it</a>' if shown.cut else "",
        f"<p>{escape(b['category_label'])} · {status}</p>",
    ]
    if answer:
        parts.append(
            f'<p><a class="button" href="{href}answer/">Answer'
            f'<span class="bd-vh"> {_quoted(b["answer_label"])}</span></a></p>'
        )
    parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
