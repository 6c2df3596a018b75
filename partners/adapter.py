"""allauth adapter: the one place where sign-in flows meet Alongside."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.signing import BadSignature

from partners.models import Invitation


class AccountAdapter(DefaultAccountAdapter):
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
