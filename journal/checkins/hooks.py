"""What other parts of the journal add to the weekly check-in.

`extra_sections(couple)`
    Extra questions on the check-in form: today the one section, "How did our agreed
    boundaries hold this week?" (`journal.boundaries.checkin`). Each is shaped like
    `ExtraSection` below. The form view renders each section's form under the check-in's own
    questions, validates it with them, and calls `save` inside the same transaction; the
    week, history and detail pages show `answers(...)` beside the rest, for the check-ins the
    viewer may read only (the reveal rule is applied before a section is asked).

`week_markers(couple, first_day, last_day)`
    Things to mark on the trend chart (treatment sessions and changes), as a list of
    `Marker(day, label)`. The chart puts each in the week that contains its day.

The check-in depends on the parts it asks about, never the other way round: the boundary
section does not import this module.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import QueryDict

from journal.boundaries.checkin import BoundariesSection, asks_everything
from journal.treatment.rules import WeekMarker, chart_markers
from partners.access import Couple


@dataclass(frozen=True)
class Marker:
    day: date
    label: str


class ExtraSection:
    """The shape of an extra check-in section (BoundariesSection matches it)."""

    #: HTML id (and the form's prefix, unless it has its own); unique among sections.
    key = ""
    #: Heading shown above the section on the form and on each check-in.
    title = ""
    #: Renders `form` (bound or not) inside the check-in form.
    form_template = ""
    #: Renders `answers` (what `answers()` returned for one check-in).
    answers_template = ""

    def applies_to(self, couple: Couple, membership: Any) -> bool:
        """Whether `membership` (the person filling the form) is asked this section."""
        return True

    def form(self, couple: Couple, checkin: Any, data: Any = None) -> Any:
        """A form with a prefix unique among sections; `checkin` is None before the first save."""
        raise NotImplementedError

    def save(self, couple: Couple, checkin: Any, form: Any) -> None:
        """Store the valid `form` for `checkin` (runs in the check-in's transaction)."""
        raise NotImplementedError

    def answers(self, couple: Couple, checkins: Any) -> dict:
        """{checkin.pk: answers} for these check-ins, in a fixed number of queries."""
        return {}


def extra_sections(couple: Couple, query: QueryDict | None = None) -> list[Any]:
    """The extra sections of this couple's check-in form, in display order. `query` is the
    form page's query string (the link that asks about every agreement one by one)."""
    return [BoundariesSection(everything=asks_everything(query))]


def week_markers(couple: Couple, first_day: date, last_day: date) -> list[WeekMarker]:
    """Markers for the trend chart between `first_day` and `last_day` (inclusive)."""
    return chart_markers(couple.partnership, first_day, last_day)
