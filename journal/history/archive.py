"""A person's own writing, from every partnership they were ever in.

Everything here is filtered by its author (or owner), never by a partnership alone: that
is what lets a person keep what they wrote after a space closes while the former partner's
writing, revealed or not, never comes through. Read-only where it was joint.
"""

from journal.boundaries.models import Action
from journal.models import BoundaryEvent, CheckIn, TreatmentEntry

RECENT = 52


def own_checkins(user):
    """Every check-in this person wrote, in any partnership, newest first."""
    return (
        CheckIn.objects.authored_by(user)
        .select_related("partnership")
        .order_by("-week_start", "-pk")
    )


def own_checkin_or_none(user, public_id):
    return own_checkins(user).filter(public_id=public_id).first()


def own_treatment_entries(user):
    return TreatmentEntry.objects.filter(author=user).order_by("-on_date", "-created_at")


# The steps in which a person wrote a boundary's words themselves. Not "edited" (details
# only) nor "agreed": those record the wording as the other partner wrote it.
WRITING_ACTIONS = (Action.PROPOSED, Action.COUNTERED, Action.REWORDED)


def own_boundary_wordings(user):
    """Boundary wordings this person wrote, as a record (joint, so read-only).

    From the boundary's history, not its current row: a wording the other partner wrote
    later is theirs, and stays out.
    """
    return BoundaryEvent.objects.filter(actor=user, action__in=WRITING_ACTIONS).order_by(
        "-created_at"
    )


def own_trend(user, count=12):
    """This person's last `count` check-ins, oldest first, across every partnership.

    One line for one person: a second partnership continues it, and nothing the partner
    (former or new) wrote is in it.
    """
    return list(reversed(own_checkins(user)[:count]))
