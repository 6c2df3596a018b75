"""Every form a reader fills in the library (editors' forms live in resources/admin)."""

from django import forms

from resources.models.reading import NOTE_MAX_LENGTH
from resources.search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the library",
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )


class ReadMarkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("read", "Mark as read"), ("unread", "Mark as not read")],
        widget=forms.HiddenInput,
    )


class SuggestForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": (
                f"Please keep the note to {NOTE_MAX_LENGTH} characters (it has "
                "%(show_value)d). A longer conversation is better had in person."
            )
        },
    )

    def __init__(self, *args, partner_name, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.label = f"A note for {partner_name} (optional)"
        field.help_text = (
            f"{partner_name} sees the note with your suggestion in Alongside. "
            "Emails never include it."
        )
