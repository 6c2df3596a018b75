"""Factory functions for boundary tests: boundaries in any state, and years of history."""

import itertools
import uuid
from datetime import timedelta

from django.utils import timezone

from journal.boundaries import rules
from journal.boundaries.models import Action, Boundary, BoundaryEvent, Category, State
from journal.boundaries.rules import Details
from partners.access import load_couple

_counter = itertools.count(1)


def side(user):
    """The couple as `user` sees it: the same object the views hand to the rules."""
    return load_couple(user)


def details(partnership, wording=None, **fields):
    values = {
        "wording": wording or f"Boundary number {next(_counter)}",
        "why": "",
        "category": Category.COMMUNICATION,
        "revisit_on": partnership.today() + timedelta(days=90),
    }
    values.update(fields)
    return Details(**values)


def make_boundary(proposer, answerer, state=State.PROPOSED, wording=None, **fields):
    """A boundary walked through the real rules to `state` (no notices left behind)."""
    me, them = side(proposer), side(answerer)
    boundary, _ = rules.propose(
        me, details(me.partnership, wording, **fields), notify_partner=False
    )
    if state == State.PROPOSED:
        return boundary
    if state == State.DECLINED:
        rules.decline(them, boundary, boundary.version, note="Not yet", notify_partner=False)
        return boundary
    rules.agree(them, boundary, boundary.version, notify_partner=False)
    if state == State.REVISIT_REQUESTED:
        rules.request_revisit(me, boundary, boundary.version, notify_partner=False)
    elif state == State.PAUSED:
        rules.pause(me, boundary, boundary.version, notify_partner=False)
    elif state == State.RETIRED:
        rules.retire(me, boundary, boundary.version, notify_partner=False)
    return boundary


def make_due(proposer, answerer, days_ago=3, **fields):
    """An agreement whose revisit date has passed (set directly: the form forbids it)."""
    boundary = make_boundary(proposer, answerer, State.AGREED, **fields)
    day = boundary.partnership.today() - timedelta(days=days_ago)
    Boundary.objects.filter(pk=boundary.pk).update(revisit_on=day)
    boundary.revisit_on = day
    return boundary


CYCLE = [
    State.AGREED,
    State.RETIRED,
    State.PROPOSED,
    State.DECLINED,
    State.PAUSED,
    State.REVISIT_REQUESTED,
    State.RETIRED,
    State.AGREED,
]


def years_of_history(partnership, a, b, count=300, events_each=6):
    """`count` boundaries across every state over five years, each with a long history.

    Written in bulk: the point is the size of the tables the pages read, not the path
    each row took.
    """
    today = partnership.today()
    start = timezone.now() - timedelta(days=5 * 365)
    categories = list(Category.values)
    rows = []
    for i in range(count):
        state = CYCLE[i % len(CYCLE)]
        proposer, other = (a, b) if i % 2 else (b, a)
        waiting = None
        if state == State.PROPOSED:
            waiting = other if i % 4 else proposer
        elif state == State.REVISIT_REQUESTED:
            waiting = other
        created = start + timedelta(days=i * 6)
        rows.append(
            Boundary(
                partnership=partnership,
                wording=f"Long-standing boundary {i}",
                why="Because it helps us." if i % 3 else "",
                category=categories[i % len(categories)],
                # Some agreements fall due, some are years ahead.
                revisit_on=today + timedelta(days=(i % 9) * 40 - 120),
                state=state,
                proposed_by=proposer,
                waiting_on=waiting,
                agreed_at=created if state != State.PROPOSED else None,
                version=events_each,
                created_at=created,
                updated_at=created + timedelta(days=30),
                submission_key=uuid.uuid4(),
            )
        )
    Boundary.objects.bulk_create(rows)
    events = []
    for boundary in Boundary.objects.filter(partnership=partnership, wording__startswith="Long-"):
        for version in range(1, events_each + 1):
            events.append(
                BoundaryEvent(
                    boundary=boundary,
                    actor=a if version % 2 else b,
                    action=Action.PROPOSED if version == 1 else Action.EDITED,
                    created_at=boundary.created_at + timedelta(days=version),
                    wording=f"{boundary.wording} (take {version})",
                    why=boundary.why,
                    category=boundary.category,
                    revisit_on=boundary.revisit_on,
                    state=boundary.state,
                    note="Talked it over" if version % 3 == 0 else "",
                    version=version,
                )
            )
    BoundaryEvent.objects.bulk_create(events)
