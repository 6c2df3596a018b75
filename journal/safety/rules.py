"""The shared safety plan: compare-and-set saves, the alert consents, and suggestions.

The partner in treatment writes the plan and decides; the supporter may only suggest.
"""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from journal.concurrency import compare_and_set, create_once
from journal.models import Notice, SafetyPlan, SafetyPlanSuggestion
from journal.notices.notify import clear, notify
from journal.safety import crisis
from journal.safety.models import PART_PROMPTS
from partners.access import Couple
from partners.models import Membership, Partnership, User

PARTS = tuple(PART_PROMPTS)


class StalePlan(Exception):
    """Someone saved the plan after this form was opened."""

    def __init__(self, current: SafetyPlan) -> None:
        super().__init__("stale plan")
        self.current = current


def crisis_lines_text() -> str:
    """The deployment's crisis lines, one per line, as a starting point for the plan."""
    lines = []
    for line in settings.CRISIS_LINES:
        how = ", ".join(action["label"] for action in line["actions"])
        text = f"{line['region']}: {line['name']}"
        for part in (how, line["contact"], line["url_display"]):
            if part:
                text += f" — {part}"
        lines.append(text)
    return "\n".join(lines)


def plan_for(partnership: Partnership) -> SafetyPlan:
    """The couple's plan, or an unsaved empty one (version 0) if none was written yet."""
    plan = SafetyPlan.objects.filter(partnership=partnership).first()
    return plan or SafetyPlan(partnership=partnership, version=0)


def written_before(plan: SafetyPlan | None, partnership: Partnership) -> bool:
    """A plan carried in from an earlier space and not saved in this one yet.

    A new partner sees only what is written in the new space: such a plan stays its owner's
    alone until they save it here.
    """
    return bool(plan is not None and plan.pk and plan.updated_at < partnership.created_at)


def plan_shown_to(couple: Couple, plan: SafetyPlan | None = None) -> SafetyPlan:
    """The plan as `couple.me` may read it: the supporter gets an empty one for a plan
    written before they joined (see `written_before`)."""
    plan = plan if plan is not None else plan_for(couple.partnership)
    if couple.me.is_supporting and written_before(plan, couple.partnership):
        return SafetyPlan(partnership=couple.partnership, version=0)
    return plan


def shown_text(plan: SafetyPlan, part: str) -> str:
    """What the plan shows for a part; the crisis lines stand in for an empty clinicians part."""
    text = getattr(plan, part)
    if part == "clinicians_and_lines" and not text.strip():
        return crisis_lines_text()
    return text


def save_plan(couple: Couple, values: Mapping[str, Any], expected_version: int) -> SafetyPlan:
    """Write the six parts if the plan is still at `expected_version` (0: not created yet)."""
    now = timezone.now()
    if expected_version == 0:
        try:
            with transaction.atomic():
                plan = SafetyPlan.objects.create(
                    partnership=couple.partnership,
                    owner=couple.in_treatment_user,
                    updated_at=now,
                    updated_by=couple.user,
                    **values,
                )
        except IntegrityError:
            raise StalePlan(SafetyPlan.objects.get(partnership=couple.partnership)) from None
    else:
        saved = compare_and_set(
            SafetyPlan.objects.filter(partnership=couple.partnership),
            {"version": expected_version},
            **values,
            version=F("version") + 1,
            updated_at=now,
            updated_by=couple.user,
        )
        if not saved:
            raise StalePlan(plan_for(couple.partnership))
        plan = SafetyPlan.objects.get(partnership=couple.partnership)
    notify(
        couple,
        couple.supporting_user,
        kind=Notice.Kind.SAFETY_PLAN,
        message=f"{couple.in_treatment_user.name} updated the safety plan",
        link=reverse("safety_plan"),
        email=False,
    )
    return plan


def _plan_for_update(couple: Couple) -> SafetyPlan:
    """The plan row, created if needed, locked for the rest of the transaction."""
    try:
        with transaction.atomic():
            SafetyPlan.objects.get_or_create(
                partnership=couple.partnership, defaults={"owner": couple.in_treatment_user}
            )
    except IntegrityError:
        pass  # the other partner's request created it a moment ago
    return SafetyPlan.objects.select_for_update().get(partnership=couple.partnership)


CONSENT_FIELDS = ("alert_on_unsafe_now", "alert_on_self_harm")


def set_alert_consents(couple: Couple, choices: Mapping[str, bool]) -> list[str]:
    """Only the partner in treatment calls this; the supporter hears what changed, in words.

    `choices` maps each of CONSENT_FIELDS to True or False. Returns the fields that changed.
    """
    with transaction.atomic():
        plan = _plan_for_update(couple)
        changed = [name for name in CONSENT_FIELDS if getattr(plan, name) != choices[name]]
        if not changed:
            return []
        for name in changed:
            setattr(plan, name, choices[name])
        plan.save(update_fields=changed)
    supporter = couple.supporting
    if supporter is None:  # nobody to tell yet (the door lets only complete couples here)
        return changed
    notify(
        couple,
        supporter.user,
        kind=Notice.Kind.SAFETY_PLAN,
        message=consent_summary(plan, couple, supporter),
        link=reverse("safety_plan") + "#consent-heading",
    )
    return changed


def consent_summary(plan: SafetyPlan, couple: Couple, reader: Membership) -> str:
    """One plain sentence, for `reader` (a Membership), saying which alerts are on."""
    person = couple.in_treatment_user.name
    partner = couple.supporting_user.name
    triggers = []
    if plan.alert_on_unsafe_now:
        triggers.append("tick “Right now I don't feel safe”")
    if plan.alert_on_self_harm:
        triggers.append("answer the self-harm question above “Not at all”")
    when = " or ".join(triggers)
    if reader.is_in_treatment:
        if not triggers:
            return f"Your check-in does not alert {partner}. You can tell them yourself."
        return f"You asked Alongside to alert {partner} at once when you {when}."
    if not triggers:
        return (
            f"{person}'s check-in does not alert you. That is their choice; they can tell you "
            "themselves."
        )
    return f"{person} asked Alongside to alert you at once when they {when}."


def suggest(
    couple: Couple, *, part: str, text: str, submission_key: UUID | None
) -> tuple[SafetyPlanSuggestion, bool]:
    """The supporter's suggestion; a resubmitted form returns the first one."""
    suggestion, created = create_once(
        SafetyPlanSuggestion(
            partnership=couple.partnership,
            author=couple.user,
            part=part,
            text=text,
            submission_key=submission_key,
        ),
        unique=("partnership", "submission_key"),
    )
    if not created:
        return suggestion, False
    notify(
        couple,
        couple.in_treatment_user,
        kind=Notice.Kind.SAFETY_PLAN,
        message=f"{couple.user.name} suggested an addition to your safety plan",
        link=reverse("safety_plan") + "#suggestions",
    )
    return suggestion, True


def accept(couple: Couple, suggestion: SafetyPlanSuggestion) -> bool:
    """Add the suggestion to its part of the plan. False if it was already decided."""
    with transaction.atomic():
        claimed = compare_and_set(
            suggestion,
            {"state": SafetyPlanSuggestion.State.PENDING},
            state=SafetyPlanSuggestion.State.ACCEPTED,
            decided_at=timezone.now(),
        )
        if not claimed:
            return False
        plan = _plan_for_update(couple)
        current = shown_text(plan, suggestion.part).rstrip()
        setattr(
            plan, suggestion.part, f"{current}\n{suggestion.text}" if current else suggestion.text
        )
        plan.version += 1
        plan.updated_at = timezone.now()
        plan.updated_by = couple.user
        plan.save(update_fields=[suggestion.part, "version", "updated_at", "updated_by"])
    _clear_when_all_decided(couple)
    notify(
        couple,
        couple.supporting_user,
        kind=Notice.Kind.SAFETY_PLAN,
        message=f"{couple.user.name} added your suggestion to the safety plan",
        link=reverse("safety_plan"),
        email=False,
    )
    return True


def dismiss(couple: Couple, suggestion: SafetyPlanSuggestion) -> bool:
    dismissed = compare_and_set(
        suggestion,
        {"state": SafetyPlanSuggestion.State.PENDING},
        state=SafetyPlanSuggestion.State.DISMISSED,
        decided_at=timezone.now(),
    )
    if dismissed:
        _clear_when_all_decided(couple)
    return dismissed


def _clear_when_all_decided(couple: Couple) -> None:
    """ "{partner} suggested an addition" asks for a decision: once none is waiting, it clears."""
    pending = SafetyPlanSuggestion.objects.filter(partnership=couple.partnership).pending()
    if not pending.exists():
        clear(
            couple,
            couple.in_treatment_user,
            kind=Notice.Kind.SAFETY_PLAN,
            links=[reverse("safety_plan") + "#suggestions"],
        )


# --- After a partnership: the plan stays its owner's -------------------------------------


def end_alert_consents(plan: SafetyPlan) -> None:
    """A closed space alerts nobody: every consent to alert a partner ends with it."""
    off = dict.fromkeys(CONSENT_FIELDS, False)
    SafetyPlan.objects.filter(pk=plan.pk).update(**off)
    for name, value in off.items():
        setattr(plan, name, value)


def end_consents_of(partnership: Partnership) -> None:
    """Called when `partnership` closes (by either partner, or by a deleted account): no
    consent carries over, and no alert stays pinned or reads "right now"."""
    plan = SafetyPlan.objects.filter(partnership=partnership).first()
    if plan is not None:
        end_alert_consents(plan)
    crisis.end_alerts(partnership)


def carry_into(user: User, partnership: Partnership) -> None:
    """`user` is in treatment in a new `partnership`: their own plan comes with them.

    Suggestions written in the earlier space stay there (the former partner's writing);
    the new partner reads the plan from now on, as its owner keeps writing it.
    """
    plan = SafetyPlan.objects.owned_by(user).first()
    if plan is not None and plan.partnership_id != partnership.pk:
        SafetyPlan.objects.filter(pk=plan.pk).update(partnership=partnership)


def own_plan(user: User) -> SafetyPlan | None:
    """The plan this person owns (their newest), or None."""
    return SafetyPlan.objects.owned_by(user).select_related("partnership").first()


def save_own_plan(
    user: User, plan: SafetyPlan, values: Mapping[str, Any], expected_version: int
) -> SafetyPlan:
    """The owner's edit after their space closed: compare-and-set, nobody is notified."""
    now = timezone.now()
    if plan.pk is None:
        try:
            with transaction.atomic():
                return SafetyPlan.objects.create(
                    partnership=plan.partnership,
                    owner=user,
                    updated_at=now,
                    updated_by=user,
                    **values,
                )
        except IntegrityError:
            raise StalePlan(SafetyPlan.objects.get(partnership=plan.partnership)) from None
    saved = compare_and_set(
        plan,
        {"owner": user, "version": expected_version},
        **values,
        version=F("version") + 1,
        updated_at=now,
        updated_by=user,
    )
    if not saved:
        raise StalePlan(SafetyPlan.objects.get(pk=plan.pk))
    return SafetyPlan.objects.get(pk=plan.pk)
