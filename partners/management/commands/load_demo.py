"""Load a demo couple for `make run`. Idempotent: a second run changes nothing."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from journal.boundaries import demo as boundaries_demo
from journal.checkins import demo as checkins_demo
from journal.notices import demo as notices_demo
from journal.safety import demo as safety_demo
from journal.treatment import demo as treatment_demo
from partners.models import Membership, Partnership, Role, User
from resources import demo as resources_demo

# Published in the README on purpose: the command refuses to run outside DEBUG.
DEMO_PASSWORD = "alongside-demo"  # noqa: S105
DEMO_PEOPLE = [
    ("sam@demo.alongside.localhost", "Sam", Role.IN_TREATMENT),
    ("alex@demo.alongside.localhost", "Alex", Role.SUPPORTING),
]
# Each part of the journal may ship demo rows: module.load(partnership, in_treatment, supporting).
DEMO_MODULES = (
    checkins_demo,
    boundaries_demo,
    treatment_demo,
    safety_demo,
    resources_demo,
    # Last: its notices are about the rows the others made.
    notices_demo,
)


class Command(BaseCommand):
    help = "Create the demo couple Sam and Alex (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have a published password: DEBUG only.")
        with transaction.atomic():
            users = [self._person(email, name) for email, name, _ in DEMO_PEOPLE]
            partnership = self._partnership(users)
            for module in DEMO_MODULES:
                module.load(partnership, *users)
        self.stdout.write("Demo couple ready. Sign in at http://localhost:8000/accounts/login/")
        for email, name, role in DEMO_PEOPLE:
            self.stdout.write(f"  {name} ({role.label}): {email} / {DEMO_PASSWORD}")

    def _person(self, email, name):
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "time_zone": "Europe/London"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        return user

    def _partnership(self, users):
        in_treatment, supporting = users
        membership = Membership.objects.active().filter(user=in_treatment).first()
        if membership:
            return membership.partnership
        partnership = Partnership.objects.create(started_by=in_treatment, time_zone="Europe/London")
        Membership.objects.create(
            partnership=partnership, user=in_treatment, role=Role.IN_TREATMENT
        )
        Membership.objects.create(partnership=partnership, user=supporting, role=Role.SUPPORTING)
        return partnership
