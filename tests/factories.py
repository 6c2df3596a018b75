"""Small factory functions for tests: people, verified emails, couples."""

import itertools

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from partners.models import Membership, Partnership, Role, User

PASSWORD = "a-long-test-passphrase-42"
_counter = itertools.count(1)


def make_user(
    email=None, *, name=None, password=PASSWORD, verified=True, second_factor=None, **fields
):
    """A person; staff get an authenticator app (the admin requires one) unless told not."""
    n = next(_counter)
    email = email or f"person{n}@example.com"
    user = User.objects.create_user(
        email=email, password=password, display_name=name or f"Person {n}", **fields
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if second_factor is None:
        second_factor = bool(fields.get("is_staff"))
    if second_factor:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_couple(in_treatment=None, supporting=None, **partnership_fields):
    """A complete partnership; returns (partnership, in_treatment_user, supporting_user)."""
    in_treatment = in_treatment or make_user(name="Sam")
    supporting = supporting or make_user(name="Alex")
    partnership = Partnership.objects.create(started_by=in_treatment, **partnership_fields)
    Membership.objects.create(partnership=partnership, user=in_treatment, role=Role.IN_TREATMENT)
    Membership.objects.create(partnership=partnership, user=supporting, role=Role.SUPPORTING)
    return partnership, in_treatment, supporting
