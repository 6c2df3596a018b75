"""allauth adapter: the one place where sign-in flows meet Alongside."""

import logging
import uuid
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMultiAlternatives
from django.core.signing import BadSignature
from django.http import HttpRequest
from django.urls import reverse

from partners.deliveries import deliver
from partners.emails import absolute, render_plain
from partners.models import Invitation, User

logger = logging.getLogger(__name__)


def email_site_context() -> dict:
    """What allauth's email templates know of the site: Alongside at SITE_URL, whichever
    host name the request came in on (allauth would say "Hello from localhost:8302!")."""
    site_url = settings.SITE_URL.rstrip("/")
    return {
        "site_url": site_url,
        "current_site": SimpleNamespace(name="Alongside", domain=urlsplit(site_url).netloc),
    }


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context_data):
        """allauth's emails leave the request like ours: rendered here, sent by a task.

        Each is its own delivery (a second reset asked for is a second email). When the
        first attempt has already failed by the time the page is drawn (tasks run
        in-process), the person is told to try again rather than shown an error page.
        """
        request = context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                **email_site_context(),
                **context_data,
            },
        )
        html = {kind: body for body, kind in getattr(message, "alternatives", [])}
        is_html = message.content_subtype == "html"
        delivery = deliver(
            f"{template_prefix}:{uuid.uuid4()}",
            template=template_prefix.rsplit("/", 1)[-1],
            to=email,
            recipient=User.objects.filter(email__iexact=email).first(),
            from_email=message.from_email,
            subject=message.subject,
            text="" if is_html else message.body,
            html=message.body if is_html else html.get("text/html", ""),
        )
        delivery.refresh_from_db()
        if delivery.status.reason and request is not None and hasattr(request, "_messages"):
            messages.warning(
                request,
                "We could not send an email just now. Please try again in a few minutes.",
            )

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context_data: dict,
        headers: dict[str, str] | None = None,
    ) -> EmailMultiAlternatives:
        """allauth's emails are plain text: rendered without HTML escaping whatever the
        template says (an address like o'neil@… must not arrive as o&#x27;neil@…)."""
        subject = " ".join(
            render_plain(f"{template_prefix}_subject.txt", context_data).splitlines()
        ).strip()
        body = render_plain(f"{template_prefix}_message.txt", context_data).strip() + "\n"
        return EmailMultiAlternatives(
            self.format_email_subject(subject),
            body,
            self.get_from_email(),
            [email] if isinstance(email, str) else email,
            headers=headers,
        )

    def get_email_confirmation_url(self, request: HttpRequest | None, emailconfirmation) -> str:
        """Links in emails are built from SITE_URL, never from the request's Host header."""
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))

    def get_login_redirect_url(self, request):
        return self._pending_invitation_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self._pending_invitation_url(request) or super().get_signup_redirect_url(request)

    @staticmethod
    def _pending_invitation_url(request):
        """An invitation opened before signing up or in survives the detour (signed cookie)."""
        from partners.views.invitations import INVITE_COOKIE

        try:
            token = request.get_signed_cookie(INVITE_COOKIE, default=None)
        except BadSignature:
            return None
        invitation = Invitation.find(token) if token else None
        # A link that has since been used, withdrawn or expired would otherwise pull
        # every sign-in in this browser back to it until the cookie runs out.
        if invitation and invitation.is_pending:
            return Invitation.url_for(token)
        return None
