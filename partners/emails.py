"""Every email Alongside sends, one function each.

Emails never carry health details: only that something is waiting, and a link. Each is
rendered here, in the request that asks for it, and handed to partners.deliveries, which
records it under a key and sends it from a task after the commit: a slow or dead mail server
never holds up or undoes the person's action, and a failure is retried, then recorded.

Each function returns the email's Delivery (its `status` says queued, sent at T, or failed
and why), or None when the person turned such emails off.
"""

import uuid

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from partners.deliveries import deliver
from partners.models import Delivery, Partnership, User


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def render_plain(name, context):
    """A plain-text template, without HTML escaping: a name shows as typed, not `&amp;`."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _send(template, to, context, *, key=None, recipient=None):
    """Render emails/<template>_subject.txt, .txt and .html and deliver them under `key`.

    Without a key each call is its own email (an action a person may repeat on purpose).
    """
    subject = render_plain(f"emails/{template}_subject.txt", context).strip()
    return deliver(
        key or f"{template}:{uuid.uuid4()}",
        template=template,
        to=to,
        recipient=recipient,
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text=render_plain(f"emails/{template}.txt", context),
        html=render_to_string(f"emails/{template}.html", context),
    )


def send_invitation(*, to, link):
    """To someone who has not joined: nothing a person typed (no name), only the link.

    Free text in an email to any address would make Alongside a relay for whatever a
    sign-up puts in their name; the invitation page says who invited them.
    """
    return _send("invitation", to, {"link": absolute(link)})


def send_something_waiting(user, *, link, key=None):
    """The one notification email: something is waiting, with no hint of what.

    `key` names the notice it is about, so the notice is emailed once however often the
    task runs.
    """
    if not user.email_notifications:
        return None
    context = {"user": user, "link": absolute(link)}
    return _send("waiting", user.email, context, key=key, recipient=user)


def send_partnership_ended(user, *, partnership):
    return _send(
        "partnership_ended",
        user.email,
        {"user": user},
        key=f"partnership_ended:{partnership.public_id}:{user.public_id}",
        recipient=user,
    )


def send_partner_joined(
    user: User, *, partner_name: str, partnership: Partnership
) -> Delivery | None:
    """To the person who sent the invitation: their partner joined. Nothing more is said.

    Keyed by the partnership, so it is sent once whatever retries or double clicks happen.
    """
    if not user.email_notifications:
        return None
    context = {"user": user, "partner_name": partner_name, "link": absolute(reverse("dashboard"))}
    return _send(
        "partner_joined",
        user.email,
        context,
        key=f"partner_joined:{partnership.public_id}:{user.public_id}",
        recipient=user,
    )


def send_checkin_reminder(user, *, link, key):
    """It is check-in day: a nudge with a link, nothing about anyone's answers."""
    if not user.email_notifications:
        return None
    context = {"user": user, "link": absolute(link)}
    return _send("checkin_reminder", user.email, context, key=key, recipient=user)


def safety_alert_key(alert):
    return f"safety_alert:{alert.public_id}"


def send_safety_alert(alert):
    """The one urgent email: a partner asked to be checked on now. Nothing else is said.

    Keyed by the alert, so it is sent once however often the task runs; the alert's page
    reads its state from the delivery (journal.safety.crisis.for_person).
    """
    user = alert.recipient
    if not user.urgent_alert_emails:
        return None
    context = {
        "user": user,
        "person_name": alert.person.name,
        "link": absolute(reverse("dashboard")),
    }
    return _send("safety_alert", user.email, context, key=safety_alert_key(alert), recipient=user)
