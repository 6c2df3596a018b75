"""Starting, joining and ending a partnership: the rules in one place.

Views stay thin and call these; each function either succeeds or raises PairingError
with a sentence fit to show the person.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from partners import security_log
from partners.models import Invitation, Membership, Partnership, Role, SecurityEvent, User


class PairingError(Exception):
    """A pairing step that cannot happen, with a message for the person."""


def has_active_partnership(user):
    return Membership.objects.active().filter(user=user).exists()


def start_partnership(user, role):
    """Open a new partnership with `user` in `role`; their partner joins by invitation."""
    if has_active_partnership(user):
        raise PairingError("You already have a partnership. End it first to start a new one.")
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(started_by=user, time_zone=user.time_zone)
            Membership.objects.create(partnership=partnership, user=user, role=role)
            if role == Role.IN_TREATMENT:
                _carry_safety_plan(user, partnership)
    except IntegrityError:
        # A second tab or a double click raced us; the first one won.
        raise PairingError("You already have a partnership.") from None
    security_log.record(user, SecurityEvent.Kind.PARTNERSHIP_STARTED)
    return partnership


def invite(couple, invited_by):
    """A fresh invitation link for the open role; earlier unanswered links stop working."""
    if couple.is_complete:
        raise PairingError("Your partner has already joined.")
    with transaction.atomic():
        # Two tabs asking at once take turns on the partnership's row, so the second
        # withdraws the first's link and exactly one stays pending.
        Partnership.objects.select_for_update().only("pk").get(pk=couple.partnership.pk)
        couple.partnership.invitations.pending().update(revoked_at=timezone.now())
        return Invitation.issue(
            partnership=couple.partnership, invited_by=invited_by, role=Role(couple.me.role).other
        )


def revoke(invitation):
    """Withdraw the link if it is still waiting.

    A compare-and-set on the row, not on this copy: a link accepted a moment ago by the
    partner stays simply accepted.
    """
    now = timezone.now()
    if Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=now):
        invitation.revoked_at = now


def problem_with(invitation, user):
    """Why `user` cannot accept `invitation`, as a sentence, or None if they can."""
    state = invitation.state
    if state == Invitation.State.ACCEPTED:
        if user.is_authenticated and invitation.answered_by_id == user.pk:
            return "You have already accepted this invitation."
        return "This invitation has already been used. Ask your partner for a new link."
    if state == Invitation.State.DECLINED:
        return "This invitation was declined. Ask your partner for a new link if that changes."
    if state == Invitation.State.REVOKED:
        return "This invitation was withdrawn. Ask your partner for a new link."
    if state == Invitation.State.EXPIRED:
        return "This invitation has expired. Invitations last 7 days; ask for a new link."
    if user.is_authenticated:
        if invitation.invited_by_id == user.pk:
            return "This is your own invitation. Send the link to your partner instead."
        if has_active_partnership(user):
            return (
                "You are already in a partnership. A person can be in one partnership at a "
                "time; end the current one first."
            )
    return None


def accept(invitation, user):
    """Join the partnership: `user` takes the invited role. Safe against double submits."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("partnership")
            .get(pk=invitation.pk)
        )
        if _accepted_by(invitation, user):
            # The same person's second click or second tab: what they asked for is done.
            return invitation.partnership
        problem = problem_with(invitation, user)
        if problem:
            raise PairingError(problem)
        try:
            with transaction.atomic():
                Membership.objects.create(
                    partnership=invitation.partnership, user=user, role=invitation.role
                )
                if invitation.role == Role.IN_TREATMENT:
                    _carry_safety_plan(user, invitation.partnership)
        except IntegrityError:
            raise PairingError(
                "Someone has already joined this partnership, or you are in another one."
            ) from None
        invitation.accepted_at = timezone.now()
        invitation.answered_by = user
        invitation.save(update_fields=["accepted_at", "answered_by"])
        security_log.record(user, SecurityEvent.Kind.PAIRED)
        _tell_the_inviter(invitation, user)
    return invitation.partnership


def _tell_the_inviter(invitation: Invitation, joined: User) -> None:
    """The person who sent the link hears their partner joined: a notice in the app and
    an email that says only that (in this transaction, so a second click adds neither)."""
    from journal.models import Notice
    from journal.notices import notify as notices
    from partners import emails
    from partners.access import load_couple

    inviter = invitation.invited_by
    couple = load_couple(inviter)
    if couple is None or couple.partnership.pk != invitation.partnership_id:
        return
    name = joined.name
    notices.notify(
        couple,
        inviter,
        kind=Notice.Kind.PARTNERSHIP,
        message=f"{name} joined. Your shared space is ready: you can both check in this week.",
        link=reverse("dashboard"),
        email=False,
    )
    emails.send_partner_joined(inviter, partner_name=name, partnership=invitation.partnership)


def _accepted_by(invitation, user):
    return (
        invitation.accepted_at is not None
        and invitation.answered_by_id == user.pk
        and Membership.objects.active()
        .filter(partnership=invitation.partnership, user=user)
        .exists()
    )


def decline(invitation, user):
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise PairingError(problem_with(invitation, user) or "This invitation is closed.")
        invitation.declined_at = timezone.now()
        invitation.answered_by = user
        invitation.save(update_fields=["declined_at", "answered_by"])


def end_partnership(couple):
    """Close the shared space for both. Nothing is deleted (see README: ending a partnership)."""
    now = timezone.now()
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=couple.partnership.pk)
        if partnership.ended_at:
            return partnership
        partnership.ended_at = now
        partnership.save(update_fields=["ended_at"])
        partnership.members.filter(left_at__isnull=True).update(left_at=now)
        partnership.invitations.pending().update(revoked_at=now)
        _end_alert_consents(partnership)
        for membership in (couple.me, couple.partner):
            if membership and membership.user:
                security_log.record(membership.user, SecurityEvent.Kind.PARTNERSHIP_ENDED)
    return partnership


# The safety plan is the journal's; imported late so partners/ loads without journal/.
def _carry_safety_plan(user, partnership):
    from journal.safety.rules import carry_into

    carry_into(user, partnership)


def _end_alert_consents(partnership):
    from journal.safety.rules import end_consents_of

    end_consents_of(partnership)
