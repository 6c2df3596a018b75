"""Email off the request path: a `Delivery` row per email, sent by a task.

    delivery = deliver(key, template="waiting", to=..., subject=..., text=..., html=...)
    delivery.status   # DeliveryStatus(state, at, reason): queued/sending, sent at T, failed and why
    status_of(key)    # the same, later, from anywhere (None if no such email was asked for)

`deliver` records the email and enqueues `send_delivery` after the commit, so a worker never
looks for a row that is not there yet, and a rolled-back action sends nothing. It is
idempotent: a key seen before returns its row and enqueues nothing.

A task sends only after claiming the row (a compare-and-set on its attempt count), so any
number of copies of a task, workers or schedulers send an email at most once per attempt.
Each claim enqueues a follow-up for when the claim runs out: if the worker died before it
sent, the follow-up (on any worker) takes over. A mail-server failure is retried after
EMAIL_RETRY_DELAYS; after the last one the row is marked failed, the task fails (so the task
backend records it too), and staff see it under Deliveries in the admin.

"Sent" means our mail server accepted the message; what happens after is not ours to know.
A worker killed after the server accepted a message but before the row says so will send it
again when its claim runs out: that gap, milliseconds wide, is the one way to a duplicate.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from partners.models import Delivery

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """Raised by the task that gives up, so the task backend records the failure too."""


def deliver(key, *, template, to, subject, text, html="", from_email=None, recipient=None):
    """Record one email under `key` and send it after the commit; returns its Delivery."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                key=key[:200],
                template=template[:100],
                recipient=recipient,
                to=to,
                from_email=from_email or settings.DEFAULT_FROM_EMAIL,
                subject=subject[:300],
                text=text,
                html=html,
            )
    except IntegrityError:
        # Asked for before (a retried request, a second scheduler): that email stands.
        return Delivery.objects.get(key=key[:200])
    after_commit(lambda: _enqueue_first(delivery.pk))
    return delivery


def status_of(key):
    """The DeliveryStatus of the email asked for under `key`, or None."""
    delivery = Delivery.objects.filter(key=key[:200]).first()
    return delivery.status if delivery else None


@task()
def send_delivery(delivery_id, attempt):
    """Make attempt number `attempt` at sending one email, unless another task has."""
    now = timezone.now()
    claim_ends = now + timedelta(seconds=settings.EMAIL_CLAIM_SECONDS)
    last = len(settings.EMAIL_RETRY_DELAYS) + 1
    claimable = Q(pk=delivery_id, attempts=attempt - 1) & (
        Q(state=Delivery.State.QUEUED) | Q(state=Delivery.State.SENDING, claimed_until__lte=now)
    )
    if attempt > last:
        # The worker on the last attempt died: nothing was heard from the mail server.
        rows = Delivery.objects.filter(claimable)
        if _give_up(rows, "The last attempt did not finish (the worker stopped)."):
            return "failed"
        return "skipped"
    claimed = Delivery.objects.filter(claimable).update(
        state=Delivery.State.SENDING, attempts=attempt, claimed_until=claim_ends
    )
    if not claimed:
        return "skipped"  # sent, given up on, or another task has this attempt
    # Before sending: if this worker dies in the middle, this takes over once the claim ends.
    _enqueue(delivery_id, attempt=attempt + 1, after=claim_ends + timedelta(seconds=1))
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        _message(delivery).send()
    except Exception as error:
        return _failed(delivery, attempt, last, error)
    Delivery.objects.filter(pk=delivery_id, attempts=attempt).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), claimed_until=None, text="", html=""
    )
    return "sent"


def requeue_overdue(now=None):
    """Enqueue every email that no task will pick up by itself; returns how many.

    Run from the hourly cron (send_checkin_reminders). It is the safety net for a Redis
    that was flushed, and how the immediate backend (no deferred tasks) retries at all.
    """
    now = now or timezone.now()
    # Claims and retries run on their own tasks; only rows well past both are orphans.
    grace = timedelta(minutes=5) if default_task_backend.supports_defer else timedelta(0)
    overdue = list(Delivery.objects.overdue(now, grace).values_list("pk", "attempts"))
    for pk, attempts in overdue:
        _enqueue(pk, attempt=attempts + 1)
    return len(overdue)


def retry_now(deliveries):
    """Staff's "send again" for emails given up on: a fresh round of attempts."""
    ids = list(deliveries.filter(state=Delivery.State.FAILED).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        state=Delivery.State.QUEUED, attempts=0, next_attempt_at=timezone.now(), failed_at=None
    )
    for pk in ids:
        after_commit(lambda pk=pk: _enqueue_first(pk))
    return len(ids)


def after_commit(callback):
    """Run `callback` once the current transaction commits (now, outside one). Tests
    replace it to look through the transaction each test runs in (tests/conftest.py)."""
    transaction.on_commit(callback)


def _enqueue_first(delivery_id):
    """Hand a new email to the queue. The person's action has committed by now: a queue
    that cannot be reached (Redis down) must not turn their page into an error, so the
    email waits in its row for the hourly requeue instead."""
    try:
        _enqueue(delivery_id, attempt=1)
    except Exception:
        logger.exception("email could not be queued; the hourly requeue will send it")


def _enqueue(delivery_id, *, attempt, after=None):
    if after is not None:
        if not default_task_backend.supports_defer:
            # In-process tasks cannot wait; the hourly requeue_overdue retries instead.
            return None
        return send_delivery.using(run_after=after).enqueue(delivery_id, attempt)
    return send_delivery.enqueue(delivery_id, attempt)


def _message(delivery):
    message = EmailMultiAlternatives(
        delivery.subject,
        delivery.text or delivery.html,
        delivery.from_email,
        [delivery.to],
    )
    if delivery.text and delivery.html:
        message.attach_alternative(delivery.html, "text/html")
    elif not delivery.text:
        message.content_subtype = "html"
    return message


def _failed(delivery, attempt, last, error):
    reason = f"{type(error).__name__}: {error}"[:300]
    # Operators read the log: the kind of email and the error's class, never the address.
    logger.error(
        "email %s could not be sent (attempt %s of %s): %s",
        delivery.template,
        attempt,
        last,
        type(error).__name__,
    )
    # A refused address will be refused again; anything else may be the server's bad minute.
    permanent = isinstance(error, smtplib.SMTPRecipientsRefused)
    mine = Delivery.objects.filter(pk=delivery.pk, attempts=attempt, state=Delivery.State.SENDING)
    if attempt >= last or permanent:
        _give_up(mine, reason)
        raise DeliveryFailed(f"gave up on a {delivery.template} email after {attempt} attempts")
    retry_at = timezone.now() + timedelta(seconds=settings.EMAIL_RETRY_DELAYS[attempt - 1])
    mine.update(
        state=Delivery.State.QUEUED,
        next_attempt_at=retry_at,
        claimed_until=None,
        last_error=reason,
    )
    _enqueue(delivery.pk, attempt=attempt + 1, after=retry_at)
    return "retrying"


def _give_up(rows, reason):
    return rows.update(
        state=Delivery.State.FAILED,
        failed_at=timezone.now(),
        claimed_until=None,
        last_error=reason[:300],
        text="",
        html="",
    )
