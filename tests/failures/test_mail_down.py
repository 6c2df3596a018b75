"""The mail server is down: the person's action completes, the failure is logged, and the
partner still finds the notice in the app.

Mail goes through Django's real SMTP backend to a port on this machine where nothing
listens, so every connection is refused at once, as with a mail server that is down.
Notification emails are sent after the commit, so each request runs with the on-commit
callbacks executed (as in production) and the test checks that sending was attempted.
(Sign-up, password reset and emailing an invitation keep their pages when mail is down:
tests/partners covers those pages; here they are checked for the logged failure.)
"""

import logging
import socket
from datetime import datetime, timedelta

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.urls import reverse
from django.utils import timezone

from journal.boundaries.models import Boundary
from journal.checkins.reminders import send_due_reminders
from journal.models import CheckIn, CheckInReminder, Notice, TreatmentEntry
from journal.safety.models import SafetyPlanSuggestion
from journal.weeks import zone
from partners import pairing
from partners.access import load_couple
from partners.deliveries import requeue_overdue
from partners.models import Delivery, Invitation, Partnership, Role, User
from resources.models import Suggestion
from tests.factories import PASSWORD, make_couple, make_user
from tests.failures.forms import form_data
from tests.partners.conftest import HEALTH_WORDS
from tests.resources.builders import publish


@pytest.fixture
def mail_server_down(settings, monkeypatch):
    """Real SMTP to a closed local port; returns the list of addresses mail was sent to."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    attempts = []
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        attempts.extend(address for message in messages for address in message.to)
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return attempts


@pytest.fixture
def couple(db):
    return make_couple(make_user(name="Sam"), make_user(name="Alex"))


def signed_in(client, user):
    client.force_login(user)
    return client


def assert_failure_logged(caplog, *, to):
    failures = [
        record
        for record in caplog.records
        if record.levelno >= logging.ERROR and "could not be sent" in record.getMessage()
    ]
    assert failures, "the failed email was not logged"
    text = "\n".join(record.getMessage() for record in failures).lower()
    # A log line is read by operators: no address, nothing about health.
    assert to.lower() not in text
    assert [word for word in HEALTH_WORDS if word in text] == []


def submit(client, page, action=None, **values):
    data = form_data(client, page, action)
    data.update({name: [value] for name, value in values.items()})
    return client.post(action or page, data, follow=True)


def assert_done(response, message):
    """The person's own page after the action: no error page, and the usual confirmation."""
    assert response.status_code == 200
    assert response.redirect_chain, "the action did not complete with its usual redirect"
    assert message in response.content.decode()


# --- actions that notify the partner ------------------------------------------------------


def test_a_checkin_is_saved_and_the_partner_notified_in_the_app(
    client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    _, sam, alex = couple
    signed_in(client, sam)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, "/checkins/this-week/", mood="6", what_helped="A walk.")

    assert_done(response, "Your check-in is saved.")
    assert CheckIn.objects.get(author=sam).what_helped == "A walk."
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.CHECKIN_WAITING).exists()
    assert mail_server_down == [alex.email]
    assert_failure_logged(caplog, to=alex.email)


def test_a_boundary_is_proposed_and_the_partner_notified_in_the_app(
    client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    partnership, sam, alex = couple
    signed_in(client, sam)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client,
            "/boundaries/new/",
            wording="Tell me the same day if a session moves.",
            category="communication",
        )

    assert_done(response, "Proposed. It is waiting for Alex")
    boundary = Boundary.objects.get(partnership=partnership)
    notice = Notice.objects.get(recipient=alex, kind=Notice.Kind.BOUNDARY)
    assert str(boundary.public_id) in notice.link
    assert mail_server_down == [alex.email]
    assert_failure_logged(caplog, to=alex.email)


def test_a_treatment_change_is_logged_and_the_supporter_notified_in_the_app(
    client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    partnership, sam, alex = couple
    signed_in(client, sam)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, "/treatment/new/change/", kind="dose", note="Up to 0.75.")

    assert_done(response, "Alex will see a notice about this change.")
    entry = TreatmentEntry.objects.get(partnership=partnership)
    assert entry.note == "Up to 0.75."
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.TREATMENT_CHANGE).exists()
    assert mail_server_down == [alex.email]
    assert_failure_logged(caplog, to=alex.email)


def test_a_planned_session_is_logged_and_the_supporter_notified_in_the_app(
    client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    partnership, sam, alex = couple
    signed_in(client, sam)
    soon = (datetime.now(tz=zone(partnership.time_zone)).date() + timedelta(days=3)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, "/treatment/new/session/", kind="iv_infusion", on_date=soon)

    assert_done(response, "Alex will see a notice")
    assert TreatmentEntry.objects.filter(partnership=partnership).count() == 1
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.SESSION).exists()
    assert mail_server_down == [alex.email]
    assert_failure_logged(caplog, to=alex.email)


def test_an_article_is_suggested_and_the_partner_notified_in_the_app(
    client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    partnership, sam, alex = couple
    article = publish("what-is-ketamine", title="What ketamine treatment is")
    signed_in(client, sam)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client,
            article.get_absolute_url(),
            f"/library/{article.slug}/suggest/",
            note="This helped me.",
        )

    assert_done(response, "Suggested to Alex.")
    assert Suggestion.objects.get(partnership=partnership).note == "This helped me."
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.ARTICLE_SUGGESTED).exists()
    assert mail_server_down == [alex.email]
    assert_failure_logged(caplog, to=alex.email)


def test_a_safety_plan_suggestion_is_kept_and_the_partner_notified_in_the_app(
    client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    partnership, sam, alex = couple
    signed_in(client, alex)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client, "/safety-plan/suggest/", part="warning_signs", text="Skipping meals."
        )

    assert response.status_code == 200 and response.redirect_chain
    assert SafetyPlanSuggestion.objects.get(partnership=partnership).text == "Skipping meals."
    assert Notice.objects.filter(recipient=sam, kind=Notice.Kind.SAFETY_PLAN).exists()
    assert mail_server_down == [sam.email]
    assert_failure_logged(caplog, to=sam.email)


def test_the_partner_finds_the_notice_when_they_next_sign_in(
    client, couple, mail_server_down, django_capture_on_commit_callbacks
):
    """Nothing is lost: the email never came, but the notice waits on the partner's pages."""
    _, sam, alex = couple
    signed_in(client, sam)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, "/treatment/new/change/", kind="dose", note="Up to 0.75.")

    signed_in(client, alex)
    page = client.get(reverse("notice_list")).content.decode()

    assert "Sam" in page and "change" in page.lower()


# --- account and pairing emails -----------------------------------------------------------


def test_a_password_reset_asked_for_while_mail_is_down_is_logged(
    client, db, mail_server_down, caplog
):
    jo = make_user(name="Jo")

    response = client.post(reverse("account_reset_password"), {"email": jo.email}, follow=True)

    assert response.status_code == 200
    assert "could not send" in response.content.decode()
    assert mail_server_down == [jo.email]
    assert_failure_logged(caplog, to=jo.email)


def test_signing_up_while_mail_is_down_keeps_the_account_and_logs_the_failure(
    client, db, mail_server_down, caplog
):
    data = form_data(client, reverse("account_signup"))
    data.update({"email": ["new.person@example.com"], "display_name": ["Nia"]})

    response = client.post(reverse("account_signup"), data, follow=True)

    assert response.status_code == 200
    assert User.objects.filter(email="new.person@example.com").exists()
    assert mail_server_down == ["new.person@example.com"]
    assert_failure_logged(caplog, to="new.person@example.com")


def test_emailing_an_invitation_while_mail_is_down_keeps_the_link_and_logs_the_failure(
    client, db, mail_server_down, caplog
):
    dana = make_user(name="Dana")
    pairing.start_partnership(dana, Role.IN_TREATMENT)
    signed_in(client, dana)
    client.post(reverse("invitation_new"))

    response = submit(
        client,
        reverse("invitation_manage"),
        reverse("invitation_email"),
        email="partner@example.com",
    )

    assert_done(response, "We could not send the email just now. Copy the link instead.")
    assert "/invite/" in response.content.decode()  # the link to copy is still there
    assert Invitation.objects.pending().get().sent_to == "partner@example.com"
    assert mail_server_down == ["partner@example.com"]
    assert_failure_logged(caplog, to="partner@example.com")


def test_ending_a_partnership_while_mail_is_down_still_ends_it(
    client, couple, mail_server_down, caplog
):
    partnership, sam, alex = couple
    signed_in(client, alex)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = submit(client, reverse("partnership_end"), confirm="on")

    assert response.status_code == 200 and response.redirect_chain
    assert Partnership.objects.get(pk=partnership.pk).ended_at is not None
    assert load_couple(sam) is None
    assert mail_server_down == [sam.email]
    assert_failure_logged(caplog, to=sam.email)


# --- reminders ----------------------------------------------------------------------------


def test_a_reminder_that_could_not_be_sent_goes_out_on_a_later_run(
    couple, mail_server_down, settings, caplog, mailoutbox
):
    """The reminders stay claimed (a later run asks for none again); their emails wait,
    and the hourly run's requeue sends each once when the server is back."""
    partnership, sam, alex = couple
    # The couple's check-in day (Sunday by default), at 9 in the morning UTC.
    morning = datetime(2026, 11, 22, 9, 0, tzinfo=zone("UTC"))
    assert morning.weekday() == partnership.checkin_weekday

    assert send_due_reminders(morning) == 2

    assert sorted(mail_server_down) == sorted([sam.email, alex.email])
    assert CheckInReminder.objects.count() == 2
    assert {d.status.state for d in Delivery.objects.all()} == {"queued"}
    assert_failure_logged(caplog, to=sam.email)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders(morning + timedelta(hours=1)) == 0
    assert requeue_overdue(timezone.now() + timedelta(hours=1)) == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted([sam.email, alex.email])
    assert {d.status.state for d in Delivery.objects.all()} == {"sent"}
