"""The security log: sign-ins, MFA changes, pairing, export and deletion.

Each person can read their own events (Account → Security log). Events say who, what and
when, never anything a couple wrote. Signals from allauth and Django feed it.
"""

import logging

from allauth.account import signals as account_signals
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.dispatch import receiver

from partners.models import SecurityEvent

logger = logging.getLogger("alongside.security")
Kind = SecurityEvent.Kind


def client_address(request):
    """The client's address as allauth's rate limits see it (the trusted proxy settings)."""
    try:
        return get_account_adapter().get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No usable address (or a proxy chain shorter than configured): log none rather
        # than fail the sign-in that is being recorded.
        return None


def record(user, kind, request=None):
    ip, agent = None, ""
    if request is not None:
        ip = client_address(request)
        agent = request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:200]
    event = SecurityEvent.objects.create(user=user, kind=kind, ip_address=ip, user_agent=agent)
    logger.info("security event=%s user=%s", kind, getattr(user, "public_id", None))
    return event


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(user, Kind.SIGNED_IN, request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, Kind.SIGNED_OUT, request)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only attempts on an existing account are shown, and only to that account's owner.
    email = (credentials or {}).get("email") or (credentials or {}).get("username")
    if not isinstance(email, str) or "\x00" in email:
        return
    user = get_user_model().objects.filter(email__iexact=email).first()
    record(user, Kind.SIGN_IN_FAILED, request)


@receiver(account_signals.email_changed)
def _email_changed(sender, request, user, from_email_address=None, **kwargs):
    """allauth says "changed" when a new person confirms their first address too: with no
    address before it, nothing changed; the address was confirmed."""
    kind = Kind.EMAIL_CHANGED if from_email_address is not None else Kind.EMAIL_CONFIRMED
    record(user, kind, request)


def _is_recovery_codes(authenticator):
    return authenticator is not None and authenticator.type == Authenticator.Type.RECOVERY_CODES


@receiver(mfa_signals.authenticator_added)
def _authenticator_added(sender, request, user, authenticator=None, **kwargs):
    # Turning on the first method also makes recovery codes, announced as a second
    # "added": one action, one row.
    if not _is_recovery_codes(authenticator):
        record(user, Kind.MFA_ADDED, request)


@receiver(mfa_signals.authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator=None, **kwargs):
    # Removing the last method also deletes the recovery codes left behind: one row.
    if not _is_recovery_codes(authenticator):
        record(user, Kind.MFA_REMOVED, request)


# allauth signals that all send (request, user) and map one-to-one to an event kind.
ACCOUNT_EVENTS = {
    account_signals.password_changed: Kind.PASSWORD_CHANGED,
    account_signals.password_set: Kind.PASSWORD_CHANGED,
    account_signals.password_reset: Kind.PASSWORD_RESET,
    account_signals.email_added: Kind.EMAIL_CHANGE_ASKED,
    account_signals.email_removed: Kind.EMAIL_REMOVED,
    mfa_signals.authenticator_reset: Kind.RECOVERY_CODES_RESET,
}


def _recorder(kind):
    def receive(sender, request, user, **kwargs):
        record(user, kind, request)

    return receive


# Strong references: Django holds receivers weakly by default, and these are closures.
_RECEIVERS = []
for signal, kind in ACCOUNT_EVENTS.items():
    receiver_function = _recorder(kind)
    _RECEIVERS.append(receiver_function)
    signal.connect(receiver_function, dispatch_uid=f"security_log:{id(signal)}:{kind}")
