"""Demo boundaries for `make run`: a few agreements in different states, made through the
real rules so each has a believable history. Idempotent: each item is made once."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from journal.boundaries import rules
from journal.boundaries.models import Boundary, BoundaryEvent, Category
from journal.boundaries.rules import Details
from journal.boundaries.starters import BY_KEY
from partners.access import load_couple


def _details(today, starter=None, *, wording=None, why=None, category=None, days=90):
    return Details(
        wording=wording or starter.wording,
        why=why if why is not None else starter.why,
        category=category or starter.category,
        revisit_on=today + timedelta(days=days),
    )


def _spread(boundary, days_ago):
    """Demo rows only: move the history back in time so it reads like past weeks."""
    steps = boundary.events.count()
    for offset, event in enumerate(boundary.events.order_by("version")):
        moved = timezone.now() - timedelta(days=days_ago - offset * 2, hours=offset)
        BoundaryEvent.objects.filter(pk=event.pk).update(created_at=moved)
    start = timezone.now() - timedelta(days=days_ago)
    Boundary.objects.filter(pk=boundary.pk).update(
        created_at=start, updated_at=start + timedelta(days=2 * (steps - 1))
    )
    Boundary.objects.filter(pk=boundary.pk, agreed_at__isnull=False).update(
        agreed_at=F("updated_at")
    )


def load(partnership, in_treatment, supporting):
    sam, alex = load_couple(in_treatment), load_couple(supporting)
    if sam is None or alex is None or not sam.is_complete:
        return
    today = partnership.today()
    existing = Boundary.objects.filter(partnership=partnership)
    have = set(existing.values_list("starter", flat=True)) | set(
        existing.values_list("wording", flat=True)
    )
    quiet = {"notify_partner": False}

    def new(couple, details, key=""):
        boundary, _ = rules.propose(couple, details, starter=key, **quiet)
        return boundary

    if "ride-home" not in have:
        b = new(alex, _details(today, BY_KEY["ride-home"]), "ride-home")
        rules.agree(sam, b, b.version, note="Thank you. I'd rather not take a taxi.", **quiet)
        _spread(b, 40)

    if "tell-changes" not in have:
        b = new(alex, _details(today, BY_KEY["tell-changes"]), "tell-changes")
        counter = _details(
            today,
            BY_KEY["tell-changes"].voiced(True),
            wording=(
                "I'll tell you the same day if my dose or session schedule changes, and before "
                "I start or stop any medication."
            ),
        )
        rules.revise(sam, b, b.version, counter, note="Before, not after, for medication.", **quiet)
        rules.agree(alex, b, b.version, **quiet)
        _spread(b, 35)

    if "own-life" not in have:
        b = new(alex, _details(today, BY_KEY["own-life"]), "own-life")
        rules.agree(sam, b, b.version, note="Please do. Say hi to the climbing crowd.", **quiet)
        _spread(b, 120)
        # Due now, so the dashboard shows a revisit waiting.
        Boundary.objects.filter(pk=b.pk).update(revisit_on=today - timedelta(days=2))

    if "no-quizzing" not in have:
        # Sam proposes it, so in Sam's voice (the starter is written for either partner).
        b = new(sam, _details(today, BY_KEY["no-quizzing"].voiced(True)), "no-quizzing")
        _spread(b, 1)

    arrival = "Text me when you arrive at the clinic and when you're in the recovery room."
    if arrival not in have:
        b = new(
            alex,
            _details(
                today,
                wording=arrival,
                why="The first sessions, I just wanted to know you were settled.",
                category=Category.SESSION_DAYS,
            ),
        )
        rules.agree(sam, b, b.version, **quiet)
        rules.retire(alex, b, b.version, note="You've got the routine now; I trust it.", **quiet)
        _spread(b, 70)
