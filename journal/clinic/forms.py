"""The clinic link form, the partner's answer and the spoken code."""

import uuid

from django import forms

from journal.clinic.models import DEFAULT_DAYS, DEFAULT_WEEKS, MAX_DAYS, WEEK_CHOICES


class LinkForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label="Weeks it covers",
        choices=[(n, f"The last {n} weeks") for n in WEEK_CHOICES],
        coerce=int,
        initial=DEFAULT_WEEKS,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose 4, 8 or 12 weeks."},
    )
    days = forms.IntegerField(
        label="Days the link works",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"From 1 to {MAX_DAYS} days. You can turn it off sooner at any time.",
        error_messages={
            "invalid": "Enter a number of days, like 14.",
            "min_value": "Choose at least 1 day.",
            "max_value": f"Choose at most {MAX_DAYS} days.",
            "required": "Say how many days the link should work.",
        },
    )
    with_code = forms.BooleanField(
        label="Ask for a short code as well",
        required=False,
        initial=True,
        help_text="Six digits you say aloud in the appointment; the link alone will not open "
        "the summary.",
    )
    include_private_notes = forms.BooleanField(
        label="Include my private notes",
        required=False,
        help_text="Off unless you choose it: they are yours alone.",
    )
    note_for_clinic = forms.CharField(
        label="A note for the clinic (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, questions you want to ask. Up to 1,000 characters.",
    )
    ask_partner = forms.BooleanField(
        label="Ask my partner to include how I seemed to them",
        required=False,
        help_text="Their answers are shown only if they agree, in the app, for this link.",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partner_name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        if partner_name:
            self.fields["ask_partner"].label = f"Ask {partner_name} to include how I seemed to them"
            self.fields["ask_partner"].help_text = (
                f"Shown only if {partner_name} agrees, in the app, for this link. Until then "
                "the link shows only what you wrote."
            )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The six digits you were told in the appointment.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Enter the code you were told."},
    )
