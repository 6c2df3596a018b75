"""The mail server is slow, not down: it accepts the connection and says nothing.

Saving a check-in only enqueues the partner's email (the database task backend here), so
the page returns at once; a worker (the real `db_worker` loop, in a thread) holds the silent
connection; once the server answers the email arrives, and no later task, requeue or
second worker sends it again.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from journal.models import CheckIn, Notice
from partners import deliveries
from partners.deliveries import requeue_overdue, send_delivery
from partners.models import Delivery
from tests.factories import make_couple, make_user
from tests.failures.forms import form_data
from tests.smtp_server import SMTPServer


@pytest.fixture
def silent_mail_server(settings):
    server = SMTPServer()
    server.hold()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield server
    server.stop()


def run_worker():
    """One `db_worker --batch` in a thread: runs every ready task, then stops."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_checkin_saved_while_the_mail_server_is_silent_returns_at_once_and_mails_once(
    client, silent_mail_server
):
    server = silent_mail_server
    _, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    client.force_login(sam)
    data = form_data(client, "/checkins/this-week/")
    data.update({"mood": ["6"], "what_helped": ["A walk."]})

    started = time.monotonic()
    response = client.post("/checkins/this-week/", data)
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 0.5, f"saving took {elapsed:.2f}s"
    assert CheckIn.objects.filter(author=sam).exists()
    assert Notice.objects.filter(recipient=alex).exists()  # in the app, whatever the email does
    delivery = Delivery.objects.get(to=alex.email)
    assert delivery.status.state == "queued"
    assert server.connections == 0  # nothing was sent from the request

    worker = run_worker()
    assert server.wait_for_connection(), "the worker never connected"
    time.sleep(0.3)
    delivery.refresh_from_db()
    assert delivery.state == "sending"
    assert server.messages == []

    server.answer()
    worker.join(timeout=15)
    assert not worker.is_alive()

    assert server.sent_to() == [alex.email]
    delivery.refresh_from_db()
    assert delivery.status.sent and delivery.status.at is not None
    assert delivery.text == "" and delivery.html == ""  # not kept once sent

    # Everything that could send it again does nothing: the follow-up task made due now,
    # a second worker, the hourly requeue, the task called again by hand.
    DBTaskResult.objects.ready().update(run_after=timezone.now())
    DBTaskResult.objects.filter(run_after__gt=timezone.now()).update(run_after=timezone.now())
    run_worker().join(timeout=15)
    assert requeue_overdue(timezone.now() + timedelta(days=1)) == 0
    assert send_delivery.call(delivery.pk, 1) == "skipped"
    assert server.sent_to() == [alex.email]
    assert DBTaskResult.objects.failed().count() == 0


def test_a_queue_that_cannot_be_reached_loses_neither_the_action_nor_the_email(
    client, db, monkeypatch, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    """Redis down at the moment of saving: the check-in and the notice stand, the page is
    no error, and the email waits in its row until the hourly requeue sends it."""
    _, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    client.force_login(sam)
    data = form_data(client, "/checkins/this-week/")
    data.update({"mood": ["6"], "what_helped": ["A walk."]})

    def unreachable(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(deliveries, "_enqueue", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/checkins/this-week/", data)

    assert response.status_code == 302
    assert Notice.objects.filter(recipient=alex).exists()
    assert Delivery.objects.get(to=alex.email).state == "queued"
    assert "could not be queued" in caplog.text
    assert mailoutbox == []
    monkeypatch.undo()

    assert requeue_overdue(timezone.now() + timedelta(minutes=10)) == 1
    assert [message.to for message in mailoutbox] == [[alex.email]]
