"""Demo notices for `make run`, each about a row the other demos made and dated when that
happened: some read, some waiting, so the notices page, the unread count and "New for you"
all show. Runs last. Idempotent: nothing is added once the couple has any notice."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from journal.boundaries.models import Boundary, State
from journal.models import CheckIn, Notice, SafetyPlanSuggestion, TreatmentEntry
from journal.templatetags.wording import cut_at_word
from journal.treatment.models import Status
from journal.treatment.rules import entry_link
from resources.models import Suggestion


def _short(wording: str) -> str:
    # Cut as the app's own notices are (journal.boundaries.rules), never inside a word.
    return cut_at_word(wording, 80)


def load(partnership, in_treatment, supporting) -> None:
    if Notice.objects.filter(partnership=partnership).exists():
        return
    now = timezone.now()
    rows: list[Notice] = []

    def add(recipient, kind, message, link, at: datetime, read: bool) -> None:
        rows.append(
            Notice(
                partnership=partnership,
                recipient=recipient,
                kind=kind,
                message=message[:200],
                link=link,
                created_at=at,
                read_at=min(at + timedelta(hours=2), now) if read else None,
            )
        )

    _boundary_notices(add, partnership, in_treatment, supporting)

    today = timezone.localdate()
    entries = TreatmentEntry.objects.filter(partnership=partnership)
    for entry in entries.filter(status=Status.PLANNED, on_date__gte=today).order_by("on_date")[:2]:
        add(
            supporting,
            Notice.Kind.SESSION,
            f"{in_treatment.name} planned {entry.summary()} on {entry.on_date:%a} "
            f"{entry.on_date.day} {entry.on_date:%b}",
            entry_link(entry),
            entry.created_at,
            read=False,
        )
    for entry in entries.filter(status=Status.DONE).order_by("-on_date")[:2]:
        add(
            supporting,
            Notice.Kind.TREATMENT_CHANGE if entry.is_change else Notice.Kind.SESSION,
            f"{in_treatment.name} logged {entry.summary()}",
            entry_link(entry),
            entry.created_at,
            read=True,
        )

    last = (
        CheckIn.objects.filter(partnership=partnership, author=supporting)
        .order_by("-week_start")
        .first()
    )
    if last is not None:
        add(
            in_treatment,
            Notice.Kind.CHECKIN_WAITING,
            f"{supporting.name} has checked in too: you can now read each other's check-ins.",
            reverse("checkin_week"),
            last.submitted_at,
            read=True,
        )

    pending = SafetyPlanSuggestion.objects.filter(partnership=partnership).pending().first()
    if pending is not None:
        add(
            in_treatment,
            Notice.Kind.SAFETY_PLAN,
            f"{supporting.name} suggested an addition to your safety plan",
            reverse("safety_plan") + "#suggestions",
            pending.created_at,
            read=False,
        )

    for suggestion in Suggestion.objects.filter(
        partnership=partnership, opened_at__isnull=True
    ).select_related("article", "suggested_by"):
        add(
            suggestion.suggested_to,
            Notice.Kind.ARTICLE_SUGGESTED,
            f"{suggestion.suggested_by.name} suggested an article for you: "
            f"{suggestion.article.title}",
            reverse("library_suggestion", args=[suggestion.public_id]),
            suggestion.created_at,
            read=False,
        )

    with transaction.atomic():
        Notice.objects.bulk_create(rows)


def _boundary_notices(add, partnership, in_treatment, supporting) -> None:
    """A proposal waiting on someone (unread), and agreements the proposer was told of (read)."""
    names = {in_treatment.pk: in_treatment.name, supporting.pk: supporting.name}
    for boundary in Boundary.objects.filter(partnership=partnership):
        proposer = names.get(boundary.proposed_by_id)
        if boundary.state == State.PROPOSED and boundary.waiting_on_id in names:
            recipient = in_treatment if boundary.waiting_on_id == in_treatment.pk else supporting
            add(
                recipient,
                Notice.Kind.BOUNDARY,
                f"{proposer} proposed a boundary: “{_short(boundary.wording)}”",
                reverse("boundary_answer", args=[boundary.public_id]),
                boundary.updated_at,
                read=False,
            )
        elif boundary.state == State.AGREED and boundary.agreed_at:
            # Told to whoever proposed it: the other one agreed.
            recipient = in_treatment if boundary.proposed_by_id == in_treatment.pk else supporting
            other = supporting if recipient == in_treatment else in_treatment
            add(
                recipient,
                Notice.Kind.BOUNDARY,
                f"{other.name} agreed to “{_short(boundary.wording)}”",
                reverse("boundary_detail", args=[boundary.public_id]),
                boundary.agreed_at,
                read=True,
            )
