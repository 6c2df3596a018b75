"""allauth adapter: the one place where sign-in flows meet Alongside."""

import logging
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.core.signing import BadSignature

from partners.deliveries import deliver
from partners.models import Invitation, User

logger = logging.getLogger(__name__)


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
                "current_site": get_current_site(request),
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
