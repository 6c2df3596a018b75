"""allauth adapter: the one place where sign-in flows meet Alongside."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib import messages
from django.core.signing import BadSignature

from partners.models import Invitation

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context_data):
        """allauth's emails, best-effort like ours: a mail server that is down is no 500.

        The account was created or the reset asked for either way; the person is told
        to try again rather than shown an error page.
        """
        try:
            super().send_mail(template_prefix, email, context_data)
        except Exception:
            logger.exception("email %s could not be sent", template_prefix)
            request = context.request
            if request is not None and hasattr(request, "_messages"):
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
