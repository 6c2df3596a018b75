"""The crisis path: what a check-in said about safety, who is alerted, and what each is told.

Three things a check-in can say, each with its own help (templates/journal/checkins/_crisis.html):
- "Right now I don't feel safe" (`unsafe_now`);
- an answer above "Not at all" to PHQ-9 item 9, thoughts of death or self-harm (`self_harm`);
- "I don't feel safe at home" (`at_home`), which may mean "not safe with my partner".

The partner is alerted only for a trigger the partner in treatment chose in advance, each
named separately in the safety plan (`alert_on_unsafe_now`, `alert_on_self_harm`), or when
either person presses "Tell {partner} now". "Not safe at home" never raises an alert, and
while it is ticked nothing is sent automatically at all: the partner may be the danger.

An alert is a `SafetyAlert` row. Every sentence about it, to either person, is built from
that row here, so it says only what happened: the notice is waiting, the email was sent (or
not, and why), the partner saw it at a time, the person said they were safe again.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from journal.checkins import questionnaires
from journal.concurrency import compare_and_set
from journal.models import CheckIn, SafetyAlert
from journal.safety.models import alert_consents
from partners import deliveries, emails
from partners.access import Couple
from partners.models import Partnership, User

# An open alert reads in the present tense for a day at most: "right now" a day later is
# no longer known to be true, so after that it says when it was sent instead.
PRESENT_TENSE_FOR = timedelta(hours=24)


class Signal(StrEnum):
    UNSAFE_NOW = "unsafe_now"
    SELF_HARM = "self_harm"
    AT_HOME = "at_home"


class PartnerWording(TypedDict):
    heading: str
    sentences: list[str]
    present: bool


class Pinned(PartnerWording):
    alert: SafetyAlert


def signals(checkin: CheckIn) -> frozenset[Signal]:
    """The safety signals in a check-in (or in a bound form's raw data, see `signals_in_data`)."""
    return signals_in_answers(
        {name: getattr(checkin, name) for name in ("unsafe_now", "phq9", "unsafe_at_home")}
    )


def signals_in_answers(answers: Mapping[str, Any]) -> frozenset[Signal]:
    """The signals in a check-in's answers as stored (a version in its edit history too)."""
    found: set[Signal] = set()
    if answers.get("unsafe_now"):
        found.add(Signal.UNSAFE_NOW)
    if questionnaires.phq9_signals_self_harm(answers.get("phq9")):
        found.add(Signal.SELF_HARM)
    if answers.get("unsafe_at_home"):
        found.add(Signal.AT_HOME)
    return frozenset(found)


def signals_in_data(data: Mapping[str, Any]) -> frozenset[Signal]:
    """The signals in submitted form data, valid or not, so help shows even beside errors."""
    ticked = ("on", "true", "True", "1")
    found: set[Signal] = set()
    if data.get("unsafe_now") in ticked:
        found.add(Signal.UNSAFE_NOW)
    if data.get(f"phq9_{questionnaires.PHQ9_SELF_HARM_ITEM + 1}") in ("1", "2", "3"):
        found.add(Signal.SELF_HARM)
    if data.get("unsafe_at_home") in ticked:
        found.add(Signal.AT_HOME)
    return frozenset(found)


def can_tell_partner(checkin: CheckIn) -> bool:
    """Whether the "Tell {partner} now" button is offered for this check-in.

    Not while "not safe at home" is ticked: one tap must never reach someone who may be the
    danger. The person can still reach their partner themselves, when it is safe to.
    """
    found = signals(checkin)
    return Signal.AT_HOME not in found and bool(found & {Signal.UNSAFE_NOW, Signal.SELF_HARM})


def consented_reason(
    couple: Couple, checkin: CheckIn, already: frozenset[Signal] = frozenset()
) -> SafetyAlert.Reason | None:
    """The reason to alert without asking again, or None: only triggers chosen in advance.

    Only an answer given in this save counts (not one in `already`, the signals of the
    version before): an alert held back while "not safe at home" was ticked is never sent
    later by unticking it, hours after the answer, without the person choosing to.
    """
    if not checkin.is_in_treatment:
        return None
    found = signals(checkin)
    if Signal.AT_HOME in found:
        return None
    new = found - already
    on_unsafe_now, on_self_harm = alert_consents(couple.partnership)
    if on_unsafe_now and Signal.UNSAFE_NOW in new:
        return SafetyAlert.Reason.UNSAFE_NOW
    if on_self_harm and Signal.SELF_HARM in new:
        return SafetyAlert.Reason.SELF_HARM
    return None


def held_back(couple: Couple, checkin: CheckIn) -> bool:
    """Whether a chosen alert was not sent because "not safe at home" was ticked with it."""
    if not checkin.is_in_treatment or Signal.AT_HOME not in signals(checkin):
        return False
    found = signals(checkin)
    on_unsafe_now, on_self_harm = alert_consents(couple.partnership)
    return (on_unsafe_now and Signal.UNSAFE_NOW in found) or (
        on_self_harm and Signal.SELF_HARM in found
    )


def respond(
    couple: Couple,
    checkin: CheckIn,
    now: datetime | None = None,
    already: frozenset[Signal] = frozenset(),
) -> SafetyAlert | None:
    """After the person saved `checkin`: resolve what no longer applies, alert as consented.

    `already` holds the signals of the version this save replaced (none for a new check-in).
    """
    now = now or timezone.now()
    found = signals(checkin)
    if not found & {Signal.UNSAFE_NOW, Signal.SELF_HARM}:
        # Unticked, answered differently, or a newer check-in that raises nothing: the
        # partner's alert turns to the past tense, with both times.
        SafetyAlert.objects.filter(
            person=couple.user,
            partnership=couple.partnership,
            resolved_at__isnull=True,
            checkin__week_start__lte=checkin.week_start,
        ).update(resolved_at=now)
        return None
    if has_unseen_alert(couple):
        return None  # already pinned at the top of every page the partner opens
    reason = consented_reason(couple, checkin, already)
    if reason is None:
        return None
    # The partner has seen the earlier alert; this save says it again, newly chosen: a new
    # alert, and the one they saw turns to the past tense.
    _resolve_seen(
        SafetyAlert.objects.filter(person=couple.user, partnership=couple.partnership), now
    )
    return raise_alert(couple, checkin, reason, now)


def has_unseen_alert(couple: Couple) -> bool:
    """Whether an alert from this person is open and not yet marked as seen by the partner."""
    return SafetyAlert.objects.filter(
        person=couple.user,
        partnership=couple.partnership,
        resolved_at__isnull=True,
        seen_at__isnull=True,
    ).exists()


def _resolve_seen(alerts: Any, now: datetime) -> None:
    # Only alerts the partner has seen: one still unseen (a second tab's, a moment ago)
    # stays pinned, and the unique open alert per check-in refuses a duplicate.
    alerts.filter(resolved_at__isnull=True, seen_at__isnull=False).update(resolved_at=now)


def tell_partner(
    couple: Couple, checkin: CheckIn, now: datetime | None = None
) -> SafetyAlert | None:
    """The person pressed "Tell {partner} now". The alert, or None if one is already open."""
    if not can_tell_partner(checkin):
        return None
    open_alerts = SafetyAlert.objects.filter(checkin=checkin, resolved_at__isnull=True)
    if open_alerts.filter(seen_at__isnull=True).exists():
        return None  # still pinned for the partner: pressing again sends nothing more
    now = now or timezone.now()
    # Once the partner has seen it, the person can reach them again.
    _resolve_seen(open_alerts, now)
    return raise_alert(couple, checkin, SafetyAlert.Reason.TOLD, now)


def raise_alert(
    couple: Couple, checkin: CheckIn, reason: SafetyAlert.Reason, now: datetime
) -> SafetyAlert | None:
    recipient = couple.partner_user
    if recipient is None:
        return None
    wants_email = recipient.urgent_alert_emails
    try:
        with transaction.atomic():
            alert = SafetyAlert.objects.create(
                partnership=couple.partnership,
                checkin=checkin,
                person=couple.user,
                recipient=recipient,
                reason=reason,
                raised_at=now,
                email=SafetyAlert.Email.QUEUED if wants_email else SafetyAlert.Email.OFF,
            )
    except IntegrityError:
        return None  # a second click or tab: the first request's alert stands
    if wants_email:
        # Queued after the commit; its state (queued, sent at T, failed and why) lives in
        # the delivery row and is read whenever the person looks (`for_person`).
        transaction.on_commit(lambda: emails.send_safety_alert(alert))
    return alert


def mark_seen(alert: SafetyAlert, now: datetime | None = None) -> bool:
    """The partner pressed "I've seen this". True the first time only."""
    now = now or timezone.now()
    seen = compare_and_set(alert, {"seen_at__isnull": True}, seen_at=now)
    if seen:
        alert.seen_at = now
    return seen


def end_alerts(partnership: Partnership, now: datetime | None = None) -> None:
    """The partnership ended: nothing stays pinned for anyone, and nothing reads 'right now'."""
    SafetyAlert.objects.filter(partnership=partnership, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )


# --- What each person reads -------------------------------------------------------------


def when(instant: datetime, user: User) -> str:
    """'Tuesday at 21:40' in the reader's own time zone; sentences say "on" before it."""
    return format_date(timezone.localtime(instant, ZoneInfo(user.time_zone)), r"l \a\t H:i")


def is_present(alert: SafetyAlert, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return alert.resolved_at is None and now - alert.raised_at < PRESENT_TENSE_FOR


def for_partner(alert: SafetyAlert, now: datetime | None = None) -> PartnerWording:
    """Heading and sentences for the partner who was alerted, true at the moment they read."""
    name = alert.person.name
    reader = alert.recipient
    raised = when(alert.raised_at, reader)
    if is_present(alert, now):
        heading = f"{name} may not be safe right now"
        what = {
            SafetyAlert.Reason.UNSAFE_NOW: (
                f"On {raised}, {name}'s check-in said they don't feel safe right now. They "
                "asked Alongside in advance to alert you when they say this."
            ),
            SafetyAlert.Reason.SELF_HARM: (
                f"On {raised}, {name}'s check-in said they have had thoughts of self-harm or "
                "of being better off dead. They asked Alongside in advance to alert you when "
                "they say this."
            ),
            SafetyAlert.Reason.TOLD: (
                f"On {raised}, {name} chose to let you know they may not be safe and asked "
                "you to check in with them."
            ),
        }[SafetyAlert.Reason(alert.reason)]
        sentences = [
            what,
            "If you can, be with them or call them now, and ask them plainly how they are. "
            "You can call a crisis line yourself about someone you love.",
        ]
    else:
        heading = f"{name} let you know they might not be safe"
        sentences = [f"On {raised}, {name} let you know they might not be safe."]
        if alert.resolved_at:
            sentences.append(
                f"On {when(alert.resolved_at, reader)}, that answer was no longer in their "
                "latest check-in. That doesn't always mean they feel safe: ask them how they are."
            )
        else:
            sentences.append("It is a while ago now: ask them how they are today.")
    return {"heading": heading, "sentences": sentences, "present": is_present(alert, now)}


def for_person(alert: SafetyAlert, partner_name: str, now: datetime | None = None) -> list[str]:
    """What the person who raised the alert reads about it: exactly what happened."""
    reader = alert.person
    lines = [
        f"On {when(alert.raised_at, reader)}, an urgent notice was placed at the top of every "
        f"page {partner_name} opens in Alongside."
    ]
    lines.append(_email_line(alert, partner_name, reader))
    if alert.seen_at:
        lines.append(f"{partner_name} saw it on {when(alert.seen_at, reader)}.")
    else:
        lines.append(
            f"{partner_name} has not marked it as seen yet. If you need someone now, call them "
            "or one of the crisis lines on this page."
        )
    if alert.resolved_at:
        lines.append(
            f"You changed that answer on {when(alert.resolved_at, reader)}, so {partner_name}'s "
            "alert now reads in the past tense."
        )
    return lines


def _email_line(alert: SafetyAlert, partner_name: str, reader: User) -> str:
    if alert.email == SafetyAlert.Email.OFF:
        # Read later too: the setting may have changed since, so say when it held.
        return f"No email was sent: {partner_name} had turned off urgent alert emails at the time."
    if alert.email == SafetyAlert.Email.UNKNOWN:
        return "Whether an email went too was not recorded at the time."
    status = deliveries.status_of(emails.safety_alert_key(alert))
    if status is None or (status.pending and not status.reason):
        return f"The email to {partner_name} is on its way to our mail server."
    if status.sent:
        # "Sent" is when our mail server took it: whether it was opened, nobody can know.
        return (
            f"An email asking {partner_name} to check in with you was sent on "
            f"{when(status.at, reader)}."
        )
    if status.failed:
        return (
            f"The email to {partner_name} could not be sent. The notice in Alongside is "
            "still waiting for them."
        )
    return (
        f"The email to {partner_name} has not gone yet: our mail server did not take it. "
        "Alongside keeps trying, and the notice in Alongside is already waiting for them."
    )


def pinned_for(user: User, partnership: Partnership, now: datetime | None = None) -> list[Pinned]:
    """Alerts `user` has not yet said they saw, newest first, each with its wording."""
    alerts = (
        SafetyAlert.objects.unseen_by(user, partnership)
        .select_related("person", "recipient")
        .order_by("-raised_at")[:5]
    )
    return [{"alert": alert, **for_partner(alert, now)} for alert in alerts]


def latest_for_checkin(checkin: CheckIn) -> SafetyAlert | None:
    return (
        SafetyAlert.objects.filter(checkin=checkin)
        .select_related("person", "recipient")
        .order_by("-raised_at")
        .first()
    )
