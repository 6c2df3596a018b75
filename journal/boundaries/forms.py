"""Forms for boundaries: the wording form (propose, edit, counter) and the small step forms.

Every step form carries the `version` the page was drawn from; `journal.boundaries.rules`
compares it with the saved one so a stale page never overwrites a partner's change.
"""

import re
import uuid
from datetime import timedelta

from django import forms

from journal.boundaries.models import NOTE_MAX, WHY_MAX, WORDING_MAX, Category
from journal.boundaries.rules import Details, Step

# Far enough ahead for "look at this again next year"; a revisit date beyond three years
# is a boundary nobody will remember to revisit.
YEARS_AHEAD = 3
WHITESPACE = re.compile(r"\s+")


def _too_long(what, limit):
    return f"Please keep {what} to {limit} characters or fewer (it has %(show_value)d)."


def in_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def suggested_revisit(today):
    """The default revisit date: about three months on, like a treatment review."""
    return today + timedelta(days=91)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RevisitDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Revisit on")
        kwargs.setdefault(
            "help_text", "A day to look at it again together. You will both see it then."
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Choose a date to revisit it.",
                "invalid": "Enter a real date, for example 2027-03-01.",
            },
        )
        super().__init__(widget=DateInput(), **kwargs)


class VersionedForm(forms.Form):
    """Carries the boundary's version; a tampered or missing one gets a plain message."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, today, boundary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if boundary is not None and "version" in self.fields:
            self.fields["version"].initial = boundary.version

    def clean(self):
        cleaned = super().clean()
        if any(field.is_hidden and field.errors for field in self):
            raise forms.ValidationError(
                "This page was out of date. Please reload it; what you typed is below."
            )
        return cleaned

    def check_revisit(self, value):
        if value is None:
            return value
        if value <= self.today:
            raise forms.ValidationError(
                "Choose a date after today: when would you like to look at this again?"
            )
        if value > in_years(self.today, YEARS_AHEAD):
            raise forms.ValidationError(
                f"Choose a date within the next {YEARS_AHEAD} years. When the day comes, "
                "you can keep it for longer."
            )
        return value


class NoteMixin(forms.Form):
    note = forms.CharField(
        label="A note for your partner (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long("the note", NOTE_MAX)},
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()


class BoundaryForm(NoteMixin, VersionedForm):
    """The words of a boundary. Used to propose, to edit, and to answer with new wording."""

    wording = forms.CharField(
        label="The boundary, in your own words",
        max_length=WORDING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two short sentences, for example “Tell me the same day if your "
        "dose or schedule changes.”",
        error_messages={
            "required": "Write the boundary in a sentence or two.",
            "max_length": _too_long("the boundary", WORDING_MAX),
        },
    )
    why = forms.CharField(
        label="Why it matters (optional)",
        required=False,
        max_length=WHY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long("the why", WHY_MAX)},
    )
    category = forms.ChoiceField(
        label="What it is about",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what it is about."},
    )
    revisit_on = RevisitDateField()
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    field_order = ["wording", "why", "category", "revisit_on", "note"]

    def __init__(self, *args, boundary=None, new=False, **kwargs):
        super().__init__(*args, boundary=boundary, **kwargs)
        self.is_new = new
        if new:
            # A proposal has no version yet and nothing to explain to anyone.
            del self.fields["version"]
            del self.fields["note"]
            if not self.is_bound:
                self.fields["submission_key"].initial = uuid.uuid4()
        else:
            del self.fields["submission_key"]
            self.fields["note"].label = "What changed, and why (optional)"
            if boundary is not None and not self.is_bound:
                self.initial.update(
                    wording=boundary.wording,
                    why=boundary.why,
                    category=boundary.category,
                    revisit_on=boundary.revisit_on
                    if boundary.revisit_on > self.today
                    else suggested_revisit(self.today),
                )
        if not self.is_bound:
            self.initial.setdefault("revisit_on", suggested_revisit(self.today))

    def clean_wording(self):
        # Spacing is not wording: "a  b" and "a b" are the same agreement.
        return WHITESPACE.sub(" ", self.cleaned_data["wording"]).strip()

    def clean_why(self):
        return self.cleaned_data["why"].strip()

    def clean_revisit_on(self):
        return self.check_revisit(self.cleaned_data["revisit_on"])

    def details(self):
        data = self.cleaned_data
        return Details(data["wording"], data["why"], data["category"], data["revisit_on"])


class StepForm(NoteMixin, VersionedForm):
    """One button, its optional note, and the version the page showed."""


class DeclineForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        note.required = True
        note.label = "Why not, or what would work instead"
        note.error_messages["required"] = (
            "Add a short note so your partner knows what would work for you."
        )


class KeepForm(StepForm):
    revisit_on = RevisitDateField(label="Next revisit on")

    field_order = ["revisit_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("revisit_on", suggested_revisit(self.today))

    def clean_revisit_on(self):
        return self.check_revisit(self.cleaned_data["revisit_on"])


class RetireForm(StepForm):
    """Retiring cannot be undone, so the first press shows a confirmation page
    (journal/boundaries/retire.py) and only the second, with `confirmed`, retires."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def step_form_class(step: Step) -> type[StepForm]:
    """The form a step's button posts: a date to keep, a required note to decline."""
    if step.asks_date:
        return KeepForm
    if step.note_required:
        return DeclineForm
    if step.name == "retire":
        return RetireForm
    return StepForm
