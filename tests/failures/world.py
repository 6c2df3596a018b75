"""A whole couple's world for the failure tests: every page has something real to show.

The demo loaders give months of check-ins, boundaries in several states and a treatment log;
on top of that come this week's check-in, pending suggestions and notices, a published
article, a half-made couple with a pending invitation, someone with no partner yet, and an
editor and a reviewer with articles in the works.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone

from journal.boundaries import demo as demo_boundaries
from journal.boundaries.models import Boundary, State
from journal.checkins import demo as demo_checkins
from journal.clinic import rules as clinic
from journal.models import Notice, SafetyAlert, TreatmentEntry
from journal.safety import rules as plans
from journal.treatment import demo as demo_treatment
from journal.treatment.models import Status
from partners import pairing
from partners.access import load_couple
from partners.models import Role
from resources import suggestions, workflow
from tests.factories import make_couple, make_user
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin
from tests.resources.builders import draft, publish, staff


@dataclass
class World:
    sam: object  # in treatment
    alex: object  # supporting
    partnership: object
    robin: object  # a member of another couple
    jo: object  # signed up, no partnership
    dana: object  # started a partnership, waiting for a partner
    invitation: object
    token: str
    article: object
    suggestion: object  # Alex suggested the article to Sam
    sams_checkin: object
    waiting_on_sam: object  # a proposal Sam has to answer
    waiting_on_alex: object
    agreed: object
    paused: object
    planned_session: object
    change: object
    plan_suggestion: object
    sams_notice: object
    alexs_notice: object
    alexs_alert: object  # Sam's "tell Alex now", pinned on Alex's pages until seen
    reset_path: str  # Jo's password-reset link
    confirm_path: str  # Jo's unconfirmed second address
    editor: object  # writes library articles
    reviewer: object  # reviews them
    draft: object  # a revision the editor is writing
    submitted: object  # a revision waiting for review
    clinic_link: object  # Sam's summary for the clinic, Alex asked to include theirs
    clinic_path: str  # its public address
    clinic_coded_path: str  # another, behind a spoken code

    def couple(self, user):
        return load_couple(user)


def build_world():
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    for loader in (demo_checkins, demo_boundaries, demo_treatment):
        loader.load(partnership, sam, alex)
    _, robin, _ = make_couple(make_user(name="Robin"), make_user(name="Kim"))
    jo = make_user(name="Jo")
    dana = make_user(name="Dana")
    pairing.start_partnership(dana, Role.IN_TREATMENT)
    invitation, token = pairing.invite(load_couple(dana), dana)

    sams = make_checkin(partnership, sam, unsafe_now=True, what_helped="A walk.")
    article = publish("what-is-ketamine", title="What ketamine treatment is")
    publish("talking-about-it", title="Talking about it", category="talking-together")
    suggestion, _ = suggestions.suggest(load_couple(alex), article, "Worth a look.")
    plan_suggestion, _ = plans.suggest(
        load_couple(alex), part="warning_signs", text="Skipping meals.", submission_key=None
    )

    boundaries = Boundary.objects.filter(partnership=partnership)
    waiting_on_sam = make_boundary(alex, sam, wording="Tell me before a session moves.")
    paused = make_boundary(sam, alex, State.PAUSED, wording="No phones at dinner.")
    jo_email = EmailAddress.objects.create(user=jo, email="jo.second@example.com")
    editor, reviewer = staff("Editors", name="Edie"), staff("Reviewers", name="Dr Rae")
    in_draft = draft("being-written", title="Being written", author=editor)
    submitted = draft("waiting-for-review", title="Waiting for review", author=editor)
    workflow.submit(submitted, editor)
    link_options = {"weeks": 8, "days": 14, "include_private_notes": True, "note_for_clinic": ""}
    shared = clinic.create_link(load_couple(sam), with_code=False, ask_partner=True, **link_options)
    coded = clinic.create_link(load_couple(sam), with_code=True, ask_partner=False, **link_options)
    return World(
        sam=sam,
        alex=alex,
        partnership=partnership,
        robin=robin,
        jo=jo,
        dana=dana,
        invitation=invitation,
        token=token,
        article=article,
        suggestion=suggestion,
        sams_checkin=sams,
        waiting_on_sam=waiting_on_sam,
        waiting_on_alex=boundaries.get(state=State.PROPOSED, waiting_on=alex),
        agreed=boundaries.filter(state=State.AGREED).first(),
        paused=paused,
        planned_session=TreatmentEntry.objects.get(partnership=partnership, status=Status.PLANNED),
        change=TreatmentEntry.objects.filter(partnership=partnership, kind="dose").get(),
        plan_suggestion=plan_suggestion,
        sams_notice=Notice.objects.filter(recipient=sam).first(),
        alexs_notice=_a_notice_for(partnership, alex),
        # Already resolved, so Sam's page still offers the "Tell Alex now" form to walk.
        alexs_alert=SafetyAlert.objects.create(
            partnership=partnership,
            checkin=sams,
            person=sam,
            recipient=alex,
            reason="told",
            resolved_at=timezone.now(),
        ),
        reset_path=(
            f"/accounts/password/reset/key/{user_pk_to_url_str(jo)}-"
            f"{default_token_generator.make_token(jo)}/"
        ),
        confirm_path=f"/accounts/confirm-email/{EmailConfirmationHMAC(jo_email).key}/",
        editor=editor,
        reviewer=reviewer,
        draft=in_draft,
        submitted=submitted,
        clinic_link=shared.link,
        clinic_path=clinic.token_url(shared.token),
        clinic_coded_path=clinic.token_url(coded.token),
    )


def _a_notice_for(partnership, user):
    return Notice.objects.create(
        partnership=partnership,
        recipient=user,
        kind=Notice.Kind.CHECKIN_WAITING,
        message="Sam has checked in.",
        link="/checkins/",
    )
