"""The people and objects the authorization matrix asks about, built once per module.

Two complete couples with one of everything a couple owns (so each side can ask for the
other's ids), a half-made partnership with a live invitation link, two library staff
and an operator, a published article, and the allauth and admin objects whose ids
appear in URLs.
"""

import os
from dataclasses import dataclass, field
from datetime import time, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django_tasks_db.models import DBTaskResult, get_date_max
from fido2.cose import ES256
from fido2.utils import sha256, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from journal.boundaries.models import State
from journal.clinic import rules as clinic
from journal.models import Notice, SafetyAlert, SafetyPlan, SafetyPlanSuggestion
from journal.treatment.models import Driver, Kind, Status
from partners import pairing
from partners.access import load_couple
from partners.models import Delivery, Invitation, Membership, Role
from resources import suggestions
from resources.models import Review
from tests.factories import make_couple, make_user
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin
from tests.journal.treatment_factories import make_entry
from tests.resources.builders import publish, staff


@dataclass
class CoupleObjects:
    """One couple's people and the public ids of one of each thing they own."""

    partnership: object
    in_treatment: object
    supporting: object
    boundary: str = ""
    checkin: str = ""
    treatment_entry: str = ""
    plan_suggestion: str = ""
    notice: str = ""
    safety_alert: str = ""
    suggestion: str = ""
    invitation: str = ""
    clinic_link: str = ""
    clinic_token: str = ""


@dataclass
class World:
    ours: CoupleObjects
    theirs: CoupleObjects
    editor: object
    reviewer: object
    operator: object
    article: object
    invitation_token: str
    confirm_email_key: str
    password_reset_key: str
    admin_ids: dict = field(default_factory=dict)

    def user_for(self, actor):
        return {
            "anonymous": None,
            "stranger": self.theirs.in_treatment,
            "in_treatment": self.ours.in_treatment,
            "supporting": self.ours.supporting,
            "editor": self.editor,
            "reviewer": self.reviewer,
            "operator": self.operator,
        }[actor]


def make_passkey(user, name="Phone"):
    """A passkey as allauth stores one after registration, made without a browser."""
    credential_id = os.urandom(16)
    public_key = ES256.from_cryptography_key(ec.generate_private_key(ec.SECP256R1()).public_key())
    auth_data = AuthenticatorData.create(
        sha256(b"localhost"),
        AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
        0,
        AttestedCredentialData.create(b"\0" * 16, credential_id, public_key),
    )
    client_data = CollectedClientData.create(
        type="webauthn.create", challenge=os.urandom(16), origin="http://localhost"
    )
    credential = {
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(
                bytes(AttestationObject.create("none", auth_data, {}))
            ),
        },
        "clientExtensionResults": {},
    }
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": credential}
    )


def _couple_objects(partnership, in_treatment, supporting, article):
    objects = CoupleObjects(partnership, in_treatment, supporting)
    objects.boundary = make_boundary(in_treatment, supporting, State.AGREED).public_id
    checkin = make_checkin(partnership, in_treatment)
    objects.checkin = checkin.public_id
    # The partner in treatment pressed "Tell {partner} now": only the supporter may mark it seen.
    objects.safety_alert = SafetyAlert.objects.create(
        partnership=partnership,
        checkin=checkin,
        person=in_treatment,
        recipient=supporting,
        reason=SafetyAlert.Reason.TOLD,
    ).public_id
    # The partner has answered too, so the check-in is revealed to both.
    make_checkin(partnership, supporting)
    objects.treatment_entry = make_entry(
        partnership,
        kind=Kind.IV_INFUSION,
        status=Status.PLANNED,
        on_date=partnership.today() + timedelta(days=3),
        driver=Driver.PARTNER,
        pickup_time=time(12, 30),
    ).public_id
    # A saved plan, so the copy its owner may keep on a device has something to show.
    SafetyPlan.objects.create(partnership=partnership, owner=in_treatment, warning_signs="Tired.")
    objects.plan_suggestion = SafetyPlanSuggestion.objects.create(
        partnership=partnership, author=supporting, part="warning_signs", text="Quiet days."
    ).public_id
    # Addressed to the partner in treatment: their partner may not open it either.
    objects.notice = Notice.objects.create(
        partnership=partnership,
        recipient=in_treatment,
        kind=Notice.Kind.BOUNDARY,
        message="A boundary changed.",
        link="/boundaries/",
    ).public_id
    suggestion, _ = suggestions.suggest(load_couple(supporting), article, "Worth a read.")
    objects.suggestion = suggestion.public_id
    # The link that paired them, long since used.
    invitation, _ = Invitation.issue(
        partnership=partnership, invited_by=in_treatment, role=Role.SUPPORTING
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=invitation.created_at, answered_by=supporting
    )
    objects.invitation = invitation.public_id
    # A summary for the clinic, with the supporting partner asked to include their answers.
    made = clinic.create_link(
        load_couple(in_treatment),
        weeks=8,
        days=14,
        with_code=False,
        include_private_notes=False,
        note_for_clinic="",
        ask_partner=True,
    )
    objects.clinic_link = made.link.public_id
    objects.clinic_token = made.token
    return objects


def build_world():
    article = publish("matrix-article", title="Matrix article")
    ours = _couple_objects(*make_couple(make_user(name="Sam"), make_user(name="Alex")), article)
    theirs = _couple_objects(*make_couple(make_user(name="Robin"), make_user(name="Kim")), article)

    inviter = make_user(name="Dana")
    pairing.start_partnership(inviter, Role.IN_TREATMENT)
    _, token = pairing.invite(load_couple(inviter), inviter)

    newcomer = make_user(name="Nell", verified=False)
    confirm_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=newcomer)).key
    reset_key = f"{user_pk_to_url_str(newcomer)}-{default_token_generator.make_token(newcomer)}"

    operator = make_user(name="Opal", is_staff=True, is_superuser=True)
    passkey = make_passkey(ours.in_treatment)
    user_session = UserSession.objects.create(
        user=ours.in_treatment, ip="127.0.0.1", session_key="matrix-session", user_agent="test"
    )
    revision = article.live_revision
    admin_ids = {
        "auth.group": Group.objects.get(name="Editors").pk,
        "account.emailaddress": EmailAddress.objects.get(user=ours.in_treatment).pk,
        "mfa.authenticator": passkey.pk,
        "usersessions.usersession": user_session.pk,
        "partners.user": ours.in_treatment.pk,
        "partners.partnership": ours.partnership.pk,
        "partners.membership": Membership.objects.get(user=ours.in_treatment).pk,
        "partners.invitation": Invitation.objects.get(public_id=ours.invitation).pk,
        "resources.category": article.category_id,
        "resources.article": article.pk,
        "resources.revision": revision.pk,
        "resources.review": Review.objects.get(revision=revision).pk,
        "article_content_type": ContentType.objects.get_for_model(article).pk,
        "partners.delivery": Delivery.objects.create(
            key="matrix", template="waiting", to=ours.supporting.email, subject="Hello"
        ).pk,
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [1, 1], "kwargs": {}},
            task_path="partners.deliveries.send_delivery",
            backend_name="default",
            run_after=get_date_max(),
        ).pk,
    }
    return World(
        ours=ours,
        theirs=theirs,
        editor=staff("Editors", name="Edie"),
        reviewer=staff("Reviewers", name="Dr Rae"),
        operator=operator,
        article=article,
        invitation_token=token,
        confirm_email_key=confirm_key,
        password_reset_key=reset_key,
        admin_ids=admin_ids,
    )
