"""Forms for the treatment log: one for sessions, one for changes, and the small POST forms."""

import uuid

from django import forms
from django.core.validators import MaxLengthValidator

from journal.treatment.models import (
    CHANGE_KINDS,
    NEVER_WITHOUT_RIDE,
    SESSION_KINDS,
    Driver,
    Kind,
    Status,
    TreatmentEntry,
)

# Far enough back for "I started sertraline in 2012"; far enough ahead for a booked course.
YEARS_BACK = 30
YEARS_AHEAD = 2


def _years_from(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# Text columns have no length limit in the database; the forms hold these, with a message.
TEXT_LIMITS = {"place": 200, "driver_name": 80, "aftercare": 2000, "note": 1000}


def _limit(field, limit):
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class HiddenFieldsMixin:
    """Hidden fields cannot show their own errors, so say something the person can act on."""

    hidden_error = "This form was out of date. Please check your entry and save again."

    def clean(self):
        cleaned = super().clean()
        if any(field.is_hidden and field.errors for field in self):
            raise forms.ValidationError(self.hidden_error)
        return cleaned


class EntryForm(HiddenFieldsMixin, forms.ModelForm):
    """What sessions and changes share: the kind, the date, a short note."""

    kinds: tuple[Kind, ...] = ()
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in TEXT_LIMITS.items():
            if name in self.fields:
                _limit(self.fields[name], limit)
        self.partnership = partnership
        self.today = partnership.today()
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in self.kinds]
        self.fields["kind"].widget = forms.RadioSelect(choices=self.fields["kind"].choices)
        if self.instance.pk:
            del self.fields["submission_key"]
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            if not self.is_bound:
                self.fields["submission_key"].initial = uuid.uuid4()

    @property
    def is_new(self):
        return not self.instance.pk

    def clean_on_date(self):
        day = self.cleaned_data["on_date"]
        earliest = _years_from(self.today, -YEARS_BACK)
        latest = _years_from(self.today, YEARS_AHEAD)
        if day < earliest:
            raise forms.ValidationError(
                f"That is more than {YEARS_BACK} years ago. Please check the year "
                f"(the earliest date is {earliest:%d %B %Y})."
            )
        if day > latest:
            raise forms.ValidationError(
                f"That is more than {YEARS_AHEAD} years ahead. Please check the year "
                f"(the latest date is {latest:%d %B %Y})."
            )
        return day


class SessionForm(EntryForm):
    kinds = SESSION_KINDS

    class Meta:
        model = TreatmentEntry
        fields = [
            "kind",
            "status",
            "on_date",
            "at_time",
            "place",
            "driver",
            "driver_name",
            "pickup_time",
            "aftercare",
            "note",
        ]
        labels = {
            "kind": "What kind of session?",
            "status": "Is it planned or done?",
            "on_date": "Date",
            "at_time": "Time",
            "place": "Where",
            "driver": "Who is driving you home?",
            "driver_name": "Name of the person driving",
            "pickup_time": "Pick-up time",
            "aftercare": "After-care for the following days",
            "note": "A short note",
        }
        help_texts = {
            "at_time": "If you know it.",
            "place": "The clinic, the therapist's practice, or home.",
            "driver": (
                "For ketamine sessions: nobody should drive until the next day, after a "
                "night's sleep."
            ),
            "driver_name": "Only if someone else is driving.",
            "pickup_time": "When to be collected, if you know it.",
            "aftercare": "What would help over the next day or two: rest, meals, quiet, company.",
            "note": "Anything your partner should know. You don't have to share what happened.",
        }
        widgets = {
            "status": forms.RadioSelect,
            "driver": forms.RadioSelect,
            "on_date": DateInput,
            "at_time": TimeInput,
            "pickup_time": TimeInput,
            "aftercare": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partner_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [Status.PLANNED, Status.DONE]
        if not self.is_new:
            statuses.append(Status.CANCELLED)
        self.fields["status"].choices = [(status.value, status.label) for status in statuses]
        if self.is_new and not self.is_bound:
            self.initial.setdefault("status", Status.PLANNED)
        if self.instance.kind in NEVER_WITHOUT_RIDE:
            # Editing an esketamine session: never offer what the label rules out.
            self.fields["driver"].choices = [
                choice for choice in self.fields["driver"].choices if choice[0] != Driver.NONE
            ]
        else:
            self.fields["driver"].choices = [
                (
                    value,
                    "No ride needed (never after esketamine)" if value == Driver.NONE else label,
                )
                for value, label in self.fields["driver"].choices
            ]
        if partner_name:
            self.fields["driver"].choices = [
                (value, f"{partner_name} (I'm asking them)" if value == Driver.PARTNER else label)
                for value, label in self.fields["driver"].choices
            ]

    def clean(self):
        cleaned = super().clean()
        day, status = cleaned.get("on_date"), cleaned.get("status")
        if day and status == Status.DONE and day > self.today:
            self.add_error(
                "on_date",
                "A session marked as done can't be in the future. Choose “Planned”, or check "
                "the date.",
            )
        schedule_changed = self.is_new or {"on_date", "status"} & set(self.changed_data)
        if day and status == Status.PLANNED and day < self.today and schedule_changed:
            self.add_error(
                "on_date",
                "That date has passed. If the session happened, choose “Done”; otherwise "
                "check the date.",
            )
        if cleaned.get("kind") in NEVER_WITHOUT_RIDE and cleaned.get("driver") == Driver.NONE:
            self.add_error(
                "driver",
                "After esketamine nobody should drive until the next day, after a night's "
                "sleep, so a ride home is always needed. Choose who is driving, or “Not "
                "decided yet”.",
            )
        if cleaned.get("driver") == Driver.OTHER and not cleaned.get("driver_name"):
            self.add_error("driver_name", "Please say who is driving.")
        if cleaned.get("driver") != Driver.OTHER:
            cleaned["driver_name"] = ""
        return cleaned


class ChangeForm(EntryForm):
    kinds = CHANGE_KINDS

    class Meta:
        model = TreatmentEntry
        fields = ["kind", "on_date", "note"]
        labels = {
            "kind": "What changed?",
            "on_date": "From which day?",
        }
        help_texts = {"on_date": "The day it starts or started."}
        widgets = {"on_date": DateInput}

    note = forms.CharField(
        label="What changed, in a few words",
        help_text="For example: “Up from 56 mg to 84 mg”, or “Now every other week”.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please say in a few words what changed."},
    )

    def save(self, commit=True):
        self.instance.status = Status.DONE
        return super().save(commit)


class KindFilterForm(forms.Form):
    """?kind= on the log page. Unknown values, NUL bytes included, never reach the database."""

    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "Everything"),
            ("sessions", "All sessions"),
            ("changes", "All changes"),
            ("Sessions", [(kind.value, kind.label) for kind in SESSION_KINDS]),
            ("Changes", [(kind.value, kind.label) for kind in CHANGE_KINDS]),
        ],
        # The default message repeats the value, which could be anything (even a NUL byte).
        error_messages={"invalid_choice": "Choose one of the options in the list."},
    )

    def filter(self, entries):
        kind = self.cleaned_data.get("kind") if self.is_valid() else ""
        if kind == "sessions":
            return entries.sessions()
        if kind == "changes":
            return entries.changes()
        if kind in Kind.values:
            return entries.filter(kind=kind)
        return entries


class RideForm(forms.Form):
    """The supporter's answer about the ride home: yes, or no longer."""

    answer = forms.ChoiceField(choices=[("drive", "I'll drive"), ("withdraw", "I can't drive")])
    back_to = forms.ChoiceField(
        choices=[("entry", "The entry"), ("dashboard", "Home")], required=False
    )


class StatusForm(forms.Form):
    """Quick actions on a planned session."""

    status = forms.ChoiceField(
        choices=[(Status.DONE.value, "Mark as done"), (Status.CANCELLED.value, "Cancel it")]
    )


class DeleteForm(forms.Form):
    """Deleting asks for a deliberate click on its own page."""
