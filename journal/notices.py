"""Telling a partner that something is waiting: an in-app notice plus a detail-free email."""

from django.db import transaction

from journal.models import Notice
from partners import emails


def notify(couple, recipient, *, kind, message, link, email=True):
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
        transaction.on_commit(lambda: emails.send_something_waiting(recipient, link=link))
    return notice
