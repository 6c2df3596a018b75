"""Forms for accounts and pairing. Every input, even a single button, goes through one."""

import time

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from partners.models import (
    Invitation,
    Partnership,
    Role,
    User,
    grouped_time_zone_choices,
    validate_time_zone,
    without_direction_controls,
)


class TimeZoneField(forms.ChoiceField):
    """Common zones first, then every place by region (<optgroup>s), never a flat list of
    600 names. `detect=True` (sign-up) starts unchosen and lets static/js/time-zone.js
    select the device's own zone; without JavaScript the person picks one."""

    def __init__(self, *, detect: bool = False, suggest: bool = False, **kwargs) -> None:
        if detect:
            kwargs.setdefault(
                "choices", lambda: [("", "Choose your time zone"), *grouped_time_zone_choices()]
            )
        kwargs.setdefault("choices", grouped_time_zone_choices)
        kwargs.setdefault(
            "help_text", "Used for your reminders and for when your check-in week begins."
        )
        super().__init__(**kwargs)
        if detect:
            self.widget.attrs["data-detect-time-zone"] = ""
        if suggest:
            # Settings keep the chosen zone; the script only offers the device's own.
            self.widget.attrs["data-suggest-time-zone"] = ""

    def validate(self, value):
        super().validate(value)
        validate_time_zone(value)


def _no_placeholders(form: forms.Form) -> None:
    """allauth repeats each label as a placeholder; every field here has a visible label,
    and grey text in an empty box reads as if it were already filled in."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form plus the name a partner sees and a time zone."""

    display_name = forms.CharField(
        label="Your first name or a nickname",
        max_length=80,
        required=False,
        help_text="This is what your partner sees. You can change it later.",
    )
    time_zone = TimeZoneField(label="Your time zone", detect=True)

    field_order = ["display_name", "email", "password1", "password2", "time_zone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _no_placeholders(self)
        self.invitation = self._opened_invitation()
        address = self._emailed_address(self.invitation)
        if address and not self.is_bound and not self.initial.get("email"):
            # The address the inviter emailed the link to, only for whoever opened the
            # emailed link: the person need not type what we already sent to them.
            self.initial["email"] = address

    @staticmethod
    def _emailed_address(invitation: Invitation | None) -> str:
        from allauth.core import context

        from partners.views.invitations import emailed_address

        request = context.request
        return emailed_address(request, invitation) if request is not None else ""

    @staticmethod
    def _opened_invitation() -> Invitation | None:
        """The pending invitation this browser opened before signing up, if any."""
        from allauth.core import context

        from partners.views.invitations import invitation_from_cookie

        request = context.request
        return invitation_from_cookie(request) if request is not None else None

    def try_save(self, request):
        """A double click on Sign Up sends the form twice: the second request passes the
        "address taken?" check before the first has saved, then loses on the unique
        address. It is answered as allauth answers any address that has an account."""
        if self.account_already_exists:
            self._hash_as_a_new_account_would()
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            email = self.cleaned_data.get("email", "")
            if not User.objects.filter(email__iexact=email).exists():
                raise
            self.account_already_exists = True
            return super().try_save(request)

    def _hash_as_a_new_account_would(self):
        """Spend the time a new account spends on its password, then throw it away.

        Without it, an address that has an account answers several times faster (no
        hash), which tells anyone timing the form who uses Alongside. Both paths also
        send exactly one email (a confirmation, or allauth's "you already have an
        account").
        """
        make_password(self.cleaned_data.get("password1") or "")

    def save(self, request):
        user = super().save(request)
        user.display_name = without_direction_controls(
            self.cleaned_data.get("display_name", "")
        ).strip()
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])
        return user


class LoginForm(AllauthLoginForm):
    """allauth's sign-in, plus "this is a shared device" (2 hours idle, never remembered)."""

    shared_device = forms.BooleanField(
        label="This is a shared or public device: sign me out after 2 hours without use",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _no_placeholders(self)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device for 30 days"

    def login(self, request, redirect_url=None):
        from partners.middleware import IDLE_SINCE

        response = super().login(request, redirect_url)
        if self.cleaned_data.get("shared_device"):
            request.session.set_expiry(0)
            request.session[IDLE_SINCE] = time.time()
        return response


def _sentence_case_new_password(form: forms.Form) -> None:
    """allauth's labels are in title case."""
    form.fields["password1"].label = "New password"
    form.fields["password2"].label = "New password (again)"
    _no_placeholders(form)


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's form, with its labels in sentence case like every other form here."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        _sentence_case_new_password(self)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _sentence_case_new_password(self)


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label="Your time zone", suggest=True)

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "email_notifications", "urgent_alert_emails"]

    def clean_display_name(self):
        return without_direction_controls(self.cleaned_data["display_name"]).strip()


class StartPartnershipForm(forms.Form):
    role = forms.ChoiceField(
        label="Which of you are you?",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text="Your partner will take the other role when they join.",
    )


class EmailInvitationForm(forms.Form):
    email = forms.EmailField(
        label="Your partner's email address",
        # The model column holds 254 characters; a longer address that passes the
        # validator would otherwise fail on PostgreSQL with a 500.
        max_length=254,
        help_text=(
            "We send only the link: not your name, nothing about treatment. When they open "
            "it, sign-up has this address filled in for them."
        ),
    )


class PartnershipSettingsForm(forms.ModelForm):
    time_zone = TimeZoneField(
        suggest=True,
        label="Our time zone",
        help_text="Your check-in week starts at midnight on your check-in day, in this zone.",
    )

    class Meta:
        model = Partnership
        fields = ["checkin_weekday", "time_zone"]
        help_texts = {"checkin_weekday": "The day your weekly check-in opens."}


class ConfirmForm(forms.Form):
    """A deliberate yes for destructive actions."""

    confirm = forms.BooleanField(label="I understand", required=True)
