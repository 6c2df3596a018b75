"""The check-in card written out in Python (journal.checkins.cards) gives, byte for byte, what
the template it replaced gave (tests/journal/reference/: `_checkin.html` and the boundary
section's `checkin_answers.html` as they were), in every branch: own or partner's, edited or
not, safety answers, questionnaires with and without items, private note, links, past weeks'
tallies and every answer, text that needs escaping and line breaks."""

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Engine

from journal.boundaries.checkin import Answers, BoundariesSection, Tally
from journal.boundaries.models import BoundaryCheck, Held
from journal.checkins import answers as checkin_answers
from journal.checkins.cards import render_card
from journal.models import CheckIn
from partners.models import Role

REFERENCE = Path(__file__).parent / "reference"


def _reference_engine():
    return Engine(
        dirs=[str(REFERENCE)], libraries={"tz": "django.templatetags.tz"}, autoescape=True
    )


class _ReferenceSection(BoundariesSection):
    answers_template = "checkin_answers.html"


def _checkin(role, **fields):
    values = {
        "public_id": uuid.uuid4(),
        "role": role,
        "week_start": date(2026, 11, 30),
        "mood": 6,
        "submitted_at": datetime(2026, 12, 1, 21, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 12, 1, 21, 5, tzinfo=UTC),
    }
    values.update(fields)
    checkin = CheckIn(**values)
    checkin.pk = 41
    checkin.note_for_viewer = fields.get("private_note", "")
    return checkin


def _item(checkin, *, mine, extras=()):
    return {
        "checkin": checkin,
        "mine": mine,
        "author_name": "Sam <O'Neil> & co",
        "extras": list(extras),
        **checkin_answers.present(checkin, for_author=mine),
    }


def _answers():
    found = Answers()
    found.add(
        BoundaryCheck(pk=1, boundary_id=3, wording='No "work" talk <after> 9', held=Held.HELD)
    )
    found.add(
        BoundaryCheck(
            pk=2, boundary_id=4, wording="Phones away", held=Held.PARTLY, note="Mostly\n\nok & fine"
        )
    )
    found.add(
        BoundaryCheck(
            pk=3,
            boundary_id=None,
            wording="All the other 7 agreements held",
            held=Held.HELD,
            covers=7,
        )
    )
    return found


FULL_TREATMENT = {
    "mood": 3,
    "anxiety": 8,
    "sleep": 0,
    "sessions": 2,
    "treatment_changes": "Dose <up>\r\nby 10%",
    "after_effects": ["nausea", "other"],
    "after_effects_other": "odd 'taste'",
    "as_prescribed": "yes",
    "what_helped": "Walks\n \nand tea",
    "need": " \nSpace",
    "appreciated": "You",
    "unsafe_now": True,
    "unsafe_at_home": True,
    "phq9": [0, 1, 2, 3, 0, 1, 2, 3, 0],
    "phq9_total": 12,
    "phq9_difficulty": 1,
    "gad7": [1, 1, 1, 1, 1, 1, 1],
    "gad7_total": 7,
    "who5": [3, 3, 3, 3, 3],
    "who5_total": 15,
    "private_note": "Only <me>\nreally",
    "edited_at": datetime(2026, 12, 3, 7, 45, tzinfo=UTC),
}

FULL_SUPPORTING = {
    "seemed_mood": 4,
    "seemed_sleep": 10,
    "seemed_energy": 5,
    "seemed_openness": "open",
    "seemed_notes": "Quiet",
    "stress": 7,
    "self_care": "partly",
    "worries": "Money & sleep",
    "need": "Time",
}

CASES = {
    "own, everything answered, edited": (Role.IN_TREATMENT, FULL_TREATMENT, True),
    "partner's, everything answered, edited": (Role.IN_TREATMENT, FULL_TREATMENT, False),
    "own, mood only": (Role.IN_TREATMENT, {}, True),
    "partner's, mood only": (Role.IN_TREATMENT, {}, False),
    "supporting, own": (Role.SUPPORTING, FULL_SUPPORTING, True),
    "supporting, partner's": (Role.SUPPORTING, FULL_SUPPORTING, False),
    "supporting, nothing beyond the required": (Role.SUPPORTING, {"mood": None}, True),
}

EXTRAS = {
    "no extras": lambda: [],
    "every answer": lambda: [(_ReferenceSection(), _answers())],
    "a tally": lambda: [(_ReferenceSection(), Tally(held=5, partly=2, not_held=1))],
    "a tally of one": lambda: [(_ReferenceSection(), Tally(not_held=1))],
    "an empty tally": lambda: [(_ReferenceSection(), Tally())],
}


# (extras, h, links, editable, compact): past weeks show tallies, other pages every answer.
SHAPES = [
    (extras, 3, True, editable, True)
    for extras in ("no extras", "a tally", "a tally of one", "an empty tally")
    for editable in (True, False)
] + [
    (extras, 2, links, links, False)
    for extras in ("no extras", "every answer")
    for links in (True, False)
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("extras,h,links,editable,compact", SHAPES)
@pytest.mark.parametrize("time_zone", ["Europe/London", "America/Los_Angeles", "Nowhere/Atlantis"])
def test_the_card_is_the_template_it_replaced(case, extras, h, links, editable, compact, time_zone):
    role, fields, mine = CASES[case]
    item = _item(_checkin(role, **fields), mine=mine, extras=EXTRAS[extras]())
    user = SimpleNamespace(time_zone=time_zone)
    context = {
        "item": item,
        "h": h,
        "links": links,
        "editable": editable,
        "compact": compact,
        "user": user,
    }
    expected = (
        _reference_engine()
        .from_string(
            '{% include "_checkin.html" with h=h links=links editable=editable compact=compact %}'
        )
        .render(Context(context))
    )
    section = BoundariesSection()
    got = render_card(
        item,
        time_zone=time_zone,
        h=h,
        links=links,
        editable=editable,
        compact=compact,
        extra_answers=lambda s, answers: section.render_answers(
            answers, item=item, compact=compact
        ),
    )
    assert got == expected
