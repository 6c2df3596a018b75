"""Every email Alongside sends, one function each.

Emails never carry health details: only that something is waiting, and a link. A
mail server that is down must not undo or fail the person's action, so sending is
best-effort and a failure is logged, never raised.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def render_plain(name, context):
    """A plain-text template, without HTML escaping: a name shows as typed, not `&amp;`."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _send(template, to, context):
    """Render emails/<template>_subject.txt, .txt and .html and send; True if sent."""
    subject = render_plain(f"emails/{template}_subject.txt", context).strip()
    text = render_plain(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        # The action that asked for this email has already happened; losing the
        # notification is better than losing what the person wrote.
        logger.exception("email %s to user could not be sent", template)
        return False
    return True


def send_invitation(*, to, link):
    """To someone who has not joined: nothing a person typed (no name), only the link.

    Free text in an email to any address would make Alongside a relay for whatever a
    sign-up puts in their name; the invitation page says who invited them.
    """
    return _send("invitation", to, {"link": absolute(link)})


def send_something_waiting(user, *, link):
    """The one notification email: something is waiting, with no hint of what."""
    if not user.email_notifications:
        return False
    return _send("waiting", user.email, {"user": user, "link": absolute(link)})


def send_partnership_ended(user):
    return _send("partnership_ended", user.email, {"user": user})


def send_checkin_reminder(user, *, link):
    """It is check-in day: a nudge with a link, nothing about anyone's answers."""
    if not user.email_notifications:
        return False
    return _send("checkin_reminder", user.email, {"user": user, "link": absolute(link)})


def send_safety_alert(user, *, person_name):
    """The one urgent email: a partner asked to be checked on now. Nothing else is said."""
    if not user.urgent_alert_emails:
        return False
    return _send(
        "safety_alert",
        user.email,
        {"user": user, "person_name": person_name, "link": absolute(reverse("dashboard"))},
    )
