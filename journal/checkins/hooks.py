"""Where other parts of the journal plug into the weekly check-in.

Two hooks, each a plain function that returns nothing until another part fills it in:

`extra_sections(couple)`
    Extra questions on the check-in form (issue 4: "How did our agreed boundaries hold this
    week?"). Return a list of objects shaped like `ExtraSection` below. The form view renders
    each section's form under the check-in's own questions, validates it with them, and calls
    `save` inside the same transaction; the week, history and detail pages show
    `answers(...)` beside the rest, for the check-ins the viewer may read only (the reveal
    rule is applied before a section is asked).

`week_markers(couple, first_day, last_day)`
    Things to mark on the trend chart (issue 4: treatment sessions and changes), as a list of
    `Marker(day, label)`. The chart puts each in the week that contains its day.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Marker:
    day: date
    label: str


class ExtraSection:
    """The shape of an extra check-in section. Subclass it, or match it by duck typing."""

    #: Form prefix and HTML id; unique among sections.
    key = ""
    #: Heading shown above the section on the form and on each check-in.
    title = ""
    #: Renders `form` (bound or not) inside the check-in form.
    form_template = ""
    #: Renders `answers` (what `answers()` returned for one check-in).
    answers_template = ""

    def applies_to(self, couple, membership):
        """Whether `membership` (the person filling the form) is asked this section."""
        return True

    def form(self, couple, checkin, data=None):
        """A form with `prefix=self.key`; `checkin` is None before the first save."""
        raise NotImplementedError

    def save(self, couple, checkin, form):
        """Store the valid `form` for `checkin` (runs in the check-in's transaction)."""
        raise NotImplementedError

    def answers(self, couple, checkins):
        """{checkin.pk: answers} for these check-ins, in a fixed number of queries."""
        return {}


def extra_sections(couple):
    """The extra sections of this couple's check-in form, in display order."""
    # Imported here: the section subclasses ExtraSection from this module.
    from journal.boundaries.checkin import BoundariesSection

    return [BoundariesSection()]


def week_markers(couple, first_day, last_day):
    """Markers for the trend chart between `first_day` and `last_day` (inclusive)."""
    from journal.treatment.rules import chart_markers

    return chart_markers(couple.partnership, first_day, last_day)
