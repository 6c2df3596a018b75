"""Telling a partner that something is waiting: an in-app notice plus a detail-free email
(queued, sent by a task after the commit: see partners.deliveries)."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from journal.models import Notice
from partners import emails
from partners.access import Couple
from partners.models import User


def notify(
    couple: Couple,
    recipient: User | None,
    *,
    kind: Notice.Kind,
    message: str,
    link: str,
    email: bool = True,
) -> Notice | None:
    """Leave `recipient` (a User in `couple`) a notice; email them after the commit."""
    if recipient is None or couple.member_for(recipient) is None:
        return None
    notice = Notice.objects.create(
        partnership=couple.partnership,
        recipient=recipient,
        kind=kind,
        message=message[:200],
        link=link,
    )
    if email:
        # Queued with the notice, in its transaction: the notice stands whatever becomes
        # of the email, and the email is about this notice only (its delivery key).
        emails.send_something_waiting(recipient, link=link, key=f"notice:{notice.public_id}")
    return notice


def clear(
    couple: Couple,
    user: User,
    *,
    kind: str,
    links: Iterable[str] | None = None,
    asking: Iterable[str] | None = None,
) -> int:
    """`user` has done what their unread notices of `kind` (about `links`) asked: mark them read.

    Called where the action happens (checking in, answering a boundary, deciding on a
    suggestion, saying "I'll drive"), so a notice never goes on asking for something already
    done. `asking` keeps it to notices whose words ask for it: news of the same kind about
    the same thing stays new. Safety notices are never cleared this way: only opening them
    does.
    """
    if kind == Notice.Kind.CHECKIN_SAFETY:
        return 0
    notices = Notice.objects.for_user(user, couple.partnership).unread().filter(kind=kind)
    if links is not None:
        notices = notices.filter(link__in=list(links))
    if asking is not None:
        words = Q()
        for phrase in asking:
            words |= Q(message__contains=phrase)
        notices = notices.filter(words)
    return notices.update(read_at=timezone.now())
