"""partners.deliveries: one row per email, sent once, retried with backoff, failures kept.

Most tests use the dummy task backend, which records what was enqueued (with its
run_after) without running it, so each attempt is run by hand, as a worker would.
"""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from partners.deliveries import DeliveryFailed, deliver, requeue_overdue, send_delivery, status_of
from partners.models import Delivery
from tests.factories import make_user


@pytest.fixture
def queue(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_RETRY_DELAYS = [30, 120]
    settings.EMAIL_CLAIM_SECONDS = 300
    return default_task_backend


def enqueued(queue):
    """(attempt, run_after) of every send_delivery task enqueued so far."""
    return [(result.args[1], result.task.run_after) for result in queue.results]


def refuse(monkeypatch, error=None):
    def send(self, fail_silently=False):
        raise error or ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)


def ask(key="notice:1", to="alex@example.com"):
    return deliver(key, template="waiting", to=to, subject="Hello", text="Hi", html="<p>Hi</p>")


def test_the_same_key_twice_is_one_email(db, mailoutbox):
    first = ask()
    second = ask()

    assert second.pk == first.pk
    assert Delivery.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_status_says_queued_then_sent_at_a_time(queue, mailoutbox):
    delivery = ask()
    assert status_of("notice:1").state == "queued"
    assert enqueued(queue) == [(1, None)]

    before = timezone.now()
    assert send_delivery.call(delivery.pk, 1) == "sent"

    status = status_of("notice:1")
    assert status.sent and not status.pending
    assert before <= status.at <= timezone.now()
    assert [message.to for message in mailoutbox] == [["alex@example.com"]]
    assert mailoutbox[0].alternatives[0][0] == "<p>Hi</p>"
    assert status_of("no-such-key") is None


def test_a_second_run_of_the_same_attempt_sends_nothing(queue, mailoutbox):
    delivery = ask()
    send_delivery.call(delivery.pk, 1)

    assert send_delivery.call(delivery.pk, 1) == "skipped"
    assert send_delivery.call(delivery.pk, 2) == "skipped"  # the take-over, after success
    assert len(mailoutbox) == 1


def test_a_failure_is_retried_with_backoff_then_recorded_for_good(queue, monkeypatch, caplog):
    delivery = ask()
    refuse(monkeypatch)

    started = timezone.now()
    assert send_delivery.call(delivery.pk, 1) == "retrying"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("queued", 1)
    assert delivery.status.reason == "ConnectionRefusedError: mail server down"
    retry = [after for attempt, after in enqueued(queue) if attempt == 2]
    # The take-over after the claim, and the retry 30 s on.
    assert sorted(after - started for after in retry)[0] == pytest.approx(
        timedelta(seconds=30), abs=timedelta(seconds=2)
    )

    assert send_delivery.call(delivery.pk, 2) == "retrying"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - timezone.now() == pytest.approx(
        timedelta(seconds=120), abs=timedelta(seconds=2)
    )

    with pytest.raises(DeliveryFailed):  # so the task backend records the failure too
        send_delivery.call(delivery.pk, 3)
    delivery.refresh_from_db()
    assert delivery.status.failed and delivery.status.at is not None
    assert delivery.status.reason.startswith("ConnectionRefusedError")
    assert delivery.text == "" and delivery.html == ""
    assert "alex@example.com" not in caplog.text


def test_an_address_the_server_refuses_is_not_retried(queue, monkeypatch):
    delivery = ask()
    refuse(monkeypatch, smtplib.SMTPRecipientsRefused({"alex@example.com": (550, b"no")}))

    with pytest.raises(DeliveryFailed):
        send_delivery.call(delivery.pk, 1)

    assert Delivery.objects.get().state == "failed"


def test_a_worker_that_died_mid_send_is_taken_over_once_its_claim_ends(queue, mailoutbox):
    delivery = ask()
    # A worker claimed attempt 1 and died before sending: the row says so, nothing was sent.
    Delivery.objects.filter(pk=delivery.pk).update(
        state="sending", attempts=1, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    assert send_delivery.call(delivery.pk, 2) == "skipped"  # its claim still holds

    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert send_delivery.call(delivery.pk, 1) == "skipped"  # the dead worker's own task
    assert send_delivery.call(delivery.pk, 2) == "sent"
    assert send_delivery.call(delivery.pk, 2) == "skipped"
    assert len(mailoutbox) == 1


def test_the_last_attempt_left_unfinished_is_recorded_as_failed(queue, settings):
    delivery = ask()
    Delivery.objects.filter(pk=delivery.pk).update(
        state="sending", attempts=3, claimed_until=timezone.now() - timedelta(seconds=1)
    )

    assert send_delivery.call(delivery.pk, 4) == "failed"

    assert Delivery.objects.get().status.failed


def test_the_hourly_requeue_finds_only_emails_no_task_will_pick_up(queue):
    fresh = ask("a")
    lost = ask("b")
    Delivery.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1), attempts=2
    )
    queue.clear()

    assert requeue_overdue() == 1
    assert enqueued(queue) == [(3, None)]
    assert fresh.pk != lost.pk


def test_staff_see_failed_emails_and_can_send_them_again(client, db, mailoutbox):
    operator = make_user(is_staff=True, is_superuser=True)
    delivery = ask()
    mailoutbox.clear()
    Delivery.objects.filter(pk=delivery.pk).update(
        state="failed", attempts=6, failed_at=timezone.now(), last_error="SMTPException: boom"
    )
    client.force_login(operator)

    page = client.get(reverse("admin:partners_delivery_changelist") + "?state__exact=failed")
    assert page.status_code == 200
    assert "waiting" in page.content.decode()
    detail = client.get(reverse("admin:partners_delivery_change", args=[delivery.pk]))
    assert "SMTPException: boom" in detail.content.decode()

    client.post(
        reverse("admin:partners_delivery_changelist"),
        {"action": "send_again", "_selected_action": [delivery.pk]},
    )

    assert Delivery.objects.get().status.sent
    assert len(mailoutbox) == 1
