"""The one world the URL-wide tests ask about: the authorization matrix, the NUL-byte walk
and the tests built on them (tests/security/, tests/failures/test_nul_bytes.py).

Every URL pattern has one row in `tests.security.matrix.TABLE`, whose paths are built from
this world: the matrix asks each row's URL with `ours` (and `theirs`) ids, and the walk
visits the pages each row lists for it.

- `ours` and `theirs`: two complete couples with one of each thing a couple owns, so each
  side can ask for the other's ids (the matrix's couples; `theirs.in_treatment` is Robin,
  the stranger).
- `sam` and `alex`: a couple with months of history (the demo loaders), this week's
  check-in, boundaries in several states, a treatment log, pending suggestions, notices and
  an alert, so every page the walk visits has something real to show and every form to find.
- Jo (signed up, no partner, a second address to confirm), Dana (waiting for her partner,
  with a live invitation link), Nell (not yet verified), library staff (an editor with a
  draft and a revision waiting for review, a reviewer) and an operator (a superuser).
- One published article (and a second in another category), and the allauth and admin
  objects whose ids appear in URLs.
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
from django.contrib.auth.tokens import default_token_generator as django_token_generator
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from fido2.cose import ES256
from fido2.utils import sha256, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from journal.boundaries import demo as demo_boundaries
from journal.boundaries.models import Boundary, State
from journal.checkins import demo as demo_checkins
from journal.clinic import rules as clinic
from journal.models import (
    Notice,
    SafetyAlert,
    SafetyPlan,
    SafetyPlanSuggestion,
    TreatmentEntry,
)
from journal.safety import rules as plans
from journal.treatment import demo as demo_treatment
from journal.treatment.models import Driver, Kind, Status
from partners import pairing
from partners.access import load_couple
from partners.models import Delivery, Invitation, Membership, Role
from resources import suggestions, workflow
from resources.models import Review
from tests.factories import make_couple, make_user
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin
from tests.journal.treatment_factories import make_entry
from tests.resources.builders import draft, publish, staff


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
    # The matrix's two couples (see the module's docstring).
    ours: CoupleObjects
    theirs: CoupleObjects
    # The couple with history, and what of theirs the walk opens.
    sam: object  # in treatment
    alex: object  # supporting
    partnership: object
    sams_checkin: object  # this week's, "not safe right now"; Alex has not checked in
    waiting_on_sam: object  # a proposal Sam has to answer
    waiting_on_alex: object
    agreed: object
    paused: object
    planned_session: object
    change: object
    plan_suggestion: object
    sams_notice: object
    alexs_notice: object
    alexs_alert: object  # Sam's "tell Alex now", already resolved
    suggestion: object  # Alex suggested the article to Sam
    clinic_link: object  # Sam's summary for the clinic, Alex asked to include theirs
    clinic_path: str  # its public address
    clinic_coded_path: str  # another, behind a spoken code
    # Everyone else.
    robin: object  # a member of another couple (theirs.in_treatment)
    jo: object  # signed up, no partnership
    dana: object  # started a partnership, waiting for a partner
    invitation: object  # Dana's, pending
    token: str  # its link's token
    editor: object  # writes library articles
    reviewer: object  # reviews them
    operator: object  # a superuser
    article: object
    draft: object  # a revision the editor is writing
    submitted: object  # a revision waiting for review
    confirm_email_key: str  # Nell's first address, not yet confirmed
    password_reset_key: str  # Nell's
    reset_path: str  # Jo's password-reset link
    confirm_path: str  # Jo's unconfirmed second address
    admin_ids: dict = field(default_factory=dict)

    @property
    def invitation_token(self):
        return self.token

    def user_for(self, actor):
        """The matrix's actors."""
        return {
            "anonymous": None,
            "stranger": self.theirs.in_treatment,
            "in_treatment": self.ours.in_treatment,
            "supporting": self.ours.supporting,
            "editor": self.editor,
            "reviewer": self.reviewer,
            "operator": self.operator,
        }[actor]

    def couple(self, user):
        return load_couple(user)


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


def _the_couple_with_history(article):
    """Sam and Alex: months of check-ins, boundaries and a treatment log, and this week's
    things waiting on each of them."""
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    for loader in (demo_checkins, demo_boundaries, demo_treatment):
        loader.load(partnership, sam, alex)
    sams = make_checkin(partnership, sam, unsafe_now=True, what_helped="A walk.")
    suggestion, _ = suggestions.suggest(load_couple(alex), article, "Worth a look.")
    plan_suggestion, _ = plans.suggest(
        load_couple(alex), part="warning_signs", text="Skipping meals.", submission_key=None
    )
    boundaries = Boundary.objects.filter(partnership=partnership)
    waiting_on_sam = make_boundary(alex, sam, wording="Tell me before a session moves.")
    paused = make_boundary(sam, alex, State.PAUSED, wording="No phones at dinner.")
    link_options = {"weeks": 8, "days": 14, "include_private_notes": True, "note_for_clinic": ""}
    shared = clinic.create_link(load_couple(sam), with_code=False, ask_partner=True, **link_options)
    coded = clinic.create_link(load_couple(sam), with_code=True, ask_partner=False, **link_options)
    return {
        "sam": sam,
        "alex": alex,
        "partnership": partnership,
        "sams_checkin": sams,
        "waiting_on_sam": waiting_on_sam,
        "waiting_on_alex": boundaries.get(state=State.PROPOSED, waiting_on=alex),
        "agreed": boundaries.filter(state=State.AGREED).first(),
        "paused": paused,
        "planned_session": TreatmentEntry.objects.get(
            partnership=partnership, status=Status.PLANNED
        ),
        "change": TreatmentEntry.objects.filter(partnership=partnership, kind="dose").get(),
        "plan_suggestion": plan_suggestion,
        "sams_notice": Notice.objects.filter(recipient=sam).first(),
        "alexs_notice": Notice.objects.create(
            partnership=partnership,
            recipient=alex,
            kind=Notice.Kind.CHECKIN_WAITING,
            message="Sam has checked in.",
            link="/checkins/",
        ),
        # Already resolved, so Sam's page still offers the "Tell Alex now" form to walk.
        "alexs_alert": SafetyAlert.objects.create(
            partnership=partnership,
            checkin=sams,
            person=sam,
            recipient=alex,
            reason="told",
            resolved_at=timezone.now(),
        ),
        "suggestion": suggestion,
        "clinic_link": shared.link,
        "clinic_path": clinic.token_url(shared.token),
        "clinic_coded_path": clinic.token_url(coded.token),
    }


def build_world():
    article = publish("what-is-ketamine", title="What ketamine treatment is")
    publish("talking-about-it", title="Talking about it", category="talking-together")
    ours = _couple_objects(*make_couple(make_user(name="Sam"), make_user(name="Alex")), article)
    theirs = _couple_objects(*make_couple(make_user(name="Robin"), make_user(name="Kim")), article)
    with_history = _the_couple_with_history(article)

    dana = make_user(name="Dana")
    pairing.start_partnership(dana, Role.IN_TREATMENT)
    invitation, token = pairing.invite(load_couple(dana), dana)

    jo = make_user(name="Jo")
    jo_email = EmailAddress.objects.create(user=jo, email="jo.second@example.com")
    newcomer = make_user(name="Nell", verified=False)
    confirm_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=newcomer)).key
    reset_key = f"{user_pk_to_url_str(newcomer)}-{default_token_generator.make_token(newcomer)}"

    editor, reviewer = staff("Editors", name="Edie"), staff("Reviewers", name="Dr Rae")
    in_draft = draft("being-written", title="Being written", author=editor)
    submitted = draft("waiting-for-review", title="Waiting for review", author=editor)
    workflow.submit(submitted, editor)

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
        **with_history,
        robin=theirs.in_treatment,
        jo=jo,
        dana=dana,
        invitation=invitation,
        token=token,
        editor=editor,
        reviewer=reviewer,
        operator=operator,
        article=article,
        draft=in_draft,
        submitted=submitted,
        confirm_email_key=confirm_key,
        password_reset_key=reset_key,
        reset_path=(
            f"/accounts/password/reset/key/{user_pk_to_url_str(jo)}-"
            f"{django_token_generator.make_token(jo)}/"
        ),
        confirm_path=f"/accounts/confirm-email/{EmailConfirmationHMAC(jo_email).key}/",
        admin_ids=admin_ids,
    )
