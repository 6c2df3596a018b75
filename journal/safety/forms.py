"""Forms for the safety plan: the plan itself, the alert consent, and suggestions."""

import uuid

from django import forms
from django.utils.text import capfirst

from journal.safety.models import PART_CHOICES, PART_PROMPTS, SafetyPlan
from journal.treatment.forms import HiddenFieldsMixin

PART_MAX_LENGTH = 4000
SUGGESTION_MAX_LENGTH = 1000


class SafetyPlanForm(HiddenFieldsMixin, forms.Form):
    """The plan's parts, in our wording, with the version the writer started from."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, prompt in PART_PROMPTS.items():
            self.fields[name] = forms.CharField(
                label=capfirst(SafetyPlan._meta.get_field(name).verbose_name),
                help_text=prompt,
                required=False,
                max_length=PART_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self):
        cleaned = super().clean()
        for name in PART_PROMPTS:
            if name in cleaned:
                # Keep the person's own line breaks; only trailing blank space goes.
                cleaned[name] = cleaned[name].rstrip()
        return cleaned

    def plan_values(self):
        return {name: self.cleaned_data[name] for name in PART_PROMPTS}


class AlertConsentForm(forms.Form):
    """Two separate choices, both off by default; each says exactly what it sends."""

    alert_on_unsafe_now = forms.BooleanField(required=False)
    alert_on_self_harm = forms.BooleanField(required=False)

    def __init__(self, *args, partner_name, **kwargs):
        super().__init__(*args, **kwargs)
        now = self.fields["alert_on_unsafe_now"]
        now.label = f"Alert {partner_name} when I tick “Right now I don't feel safe”"
        now.help_text = (
            f"{partner_name} gets an urgent notice at the top of every page in Alongside and, "
            "unless they turned urgent emails off, an email asking them to check in with you "
            "now. It is sent as soon as you save, before the weekly reveal, and says nothing "
            "else from your check-in."
        )
        harm = self.fields["alert_on_self_harm"]
        harm.label = (
            f"Alert {partner_name} when I answer the question about thoughts of self-harm "
            "above “Not at all”"
        )
        harm.help_text = (
            f"The same urgent notice and email, and the notice tells {partner_name} that your "
            "check-in mentions thoughts of self-harm. Without this, that answer shows help to "
            f"you only and sends nothing (after the weekly reveal {partner_name} sees your PHQ-9 "
            "total, as with every answer, but never the answer to a single question)."
        )


class SuggestionForm(HiddenFieldsMixin, forms.Form):
    part = forms.ChoiceField(
        label="Which part is it for?",
        choices=[(name, capfirst(label)) for name, label in PART_CHOICES],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the parts of the plan."},
    )
    text = forms.CharField(
        label="Your suggestion",
        max_length=SUGGESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Write it as you would like it to read in the plan.",
        error_messages={"required": "Please write your suggestion."},
    )
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Add it to my plan"), ("dismiss", "Don't add it")]
    )
