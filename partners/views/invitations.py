"""Invitation links: the inviter's page, and the page the invited partner opens.

The server stores only a hash of each token, nowhere the token itself. The full link
lives in a signed cookie in the inviter's browser (so they can copy or email it again)
and in the URL the partner opens.
"""

from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.signing import BadSignature
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from partners import emails, pairing
from partners.access import couple_required, get_couple_or_404
from partners.forms import ConfirmForm, EmailInvitationForm
from partners.models import Invitation

FRESH_LINK_COOKIE = "alongside_fresh_invitation"
FRESH_LINK_PATH = "/partnership/invite/"
INVITE_COOKIE = "alongside_invite"
INVITE_COOKIE_MAX_AGE = 60 * 60 * 24
# Set only when the link opened was the one we emailed (see Invitation.address_proof).
INVITE_ADDRESS_COOKIE = "alongside_invite_address"


def invitation_from_cookie(request) -> Invitation | None:
    """The still-pending invitation this browser opened before signing up or in, if any."""
    try:
        token = request.get_signed_cookie(INVITE_COOKIE, default=None)
    except BadSignature:
        return None
    invitation = Invitation.find(token) if token else None
    return invitation if invitation and invitation.is_pending else None


def emailed_address(request, invitation: Invitation | None) -> str:
    """The address to fill in on sign-up: only when this browser opened the emailed link
    (not the bare one the inviter copies), and only while the invitation is pending."""
    if invitation is None or not invitation.is_pending:
        return ""
    try:
        proof = request.get_signed_cookie(
            INVITE_ADDRESS_COOKIE, default=None, salt=INVITE_ADDRESS_COOKIE
        )
    except BadSignature:
        return ""
    return invitation.sent_to if invitation.proves_address(proof) else ""


def _fresh_link(request, invitation):
    """The inviter's own copy of the link, if their browser holds the one still pending."""
    try:
        value = request.get_signed_cookie(FRESH_LINK_COOKIE, default=None, salt=FRESH_LINK_COOKIE)
    except BadSignature:
        return None
    if not value or invitation is None:
        return None
    public_id, _, token = value.partition(":")
    if public_id != str(invitation.public_id):
        return None
    return Invitation.url_for(token)


@couple_required(complete=False)
@require_http_methods(["GET"])
def manage(request):
    couple = get_couple_or_404(request)
    if couple.is_complete:
        return redirect("dashboard")
    invitation = couple.partnership.invitations.pending().first()
    link = _fresh_link(request, invitation)
    if link:
        link = request.build_absolute_uri(link)
    return _manage_page(request, couple, invitation, link, EmailInvitationForm())


def _manage_page(request, couple, invitation, link, email_form, status=200):
    return render(
        request,
        "partners/invitation_manage.html",
        {"couple": couple, "invitation": invitation, "link": link, "email_form": email_form},
        status=status,
    )


@couple_required(complete=False)
@require_POST
def new_link(request):
    return issue_link(request, get_couple_or_404(request))


def issue_link(request, couple) -> HttpResponse:
    """Make a link and show it on the invitation page (also straight after starting)."""
    try:
        invitation, token = pairing.invite(couple, request.user)
    except pairing.PairingError as error:
        messages.error(request, str(error))
        return redirect("dashboard")
    # Kept only in this person's browser (signed, HTTP-only, sent to the invite pages
    # only) so the link can be shown and emailed; the server holds just its hash.
    response = redirect("invitation_manage")
    response.set_signed_cookie(
        FRESH_LINK_COOKIE,
        f"{invitation.public_id}:{token}",
        salt=FRESH_LINK_COOKIE,
        max_age=int((invitation.expires_at - invitation.created_at).total_seconds()),
        path=FRESH_LINK_PATH,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )
    return response


@couple_required(complete=False)
@require_POST
def email_link(request):
    couple = get_couple_or_404(request)
    form = EmailInvitationForm(request.POST)
    invitation = couple.partnership.invitations.pending().first()
    link = _fresh_link(request, invitation)
    if link is None:
        messages.error(request, "Make a new link first, then email it.")
        return redirect("invitation_manage")
    if form.is_valid() and form.cleaned_data["email"].lower() == request.user.email.lower():
        form.add_error("email", "That is your own address. Enter your partner's.")
    if not form.is_valid():
        return _manage_page(
            request, couple, invitation, request.build_absolute_uri(link), form, status=400
        )
    if not ratelimit.consume(request, action="invitation_email", user=request.user):
        messages.error(
            request,
            "You have sent too many invitation emails today. Copy the link and send it "
            "to your partner yourself, or try again tomorrow.",
        )
        return redirect("invitation_manage")
    invitation.sent_to = form.cleaned_data["email"]
    invitation.save(update_fields=["sent_to"])
    emailed_link = f"{link}?{urlencode({'for': invitation.address_proof()})}"
    delivery = emails.send_invitation(to=invitation.sent_to, link=emailed_link)
    # What is true now: sent already (tasks run in-process), failed at the first try, or
    # waiting for a worker, which usually takes a second or two.
    delivery.refresh_from_db()
    status = delivery.status
    if status.sent:
        messages.success(request, f"We emailed the link to {invitation.sent_to}.")
    elif status.reason:
        messages.warning(request, "We could not send the email just now. Copy the link instead.")
    else:
        messages.success(
            request,
            f"We are emailing the link to {invitation.sent_to}. If it has not arrived in a "
            "few minutes, copy the link instead.",
        )
    return redirect("invitation_manage")


@couple_required(complete=False)
@require_POST
def revoke(request, public_id):
    couple = get_couple_or_404(request)
    invitation = couple.get_object_or_404(Invitation.objects.all(), public_id=public_id)
    pairing.revoke(invitation)
    messages.success(request, "The link no longer works.")
    response = redirect("invitation_manage")
    response.delete_cookie(FRESH_LINK_COOKIE, path=FRESH_LINK_PATH)
    return response


def _invitation_page(request, token, invitation, *, form=None, problem=None, status=200):
    return render(
        request,
        "partners/invitation.html",
        {
            "token": token,
            "invitation": invitation,
            "problem": problem,
            "form": form or ConfirmForm(),
        },
        status=status,
    )


@require_http_methods(["GET"])
def invitation(request, token):
    """What the invited partner sees; the link survives a sign-up or sign-in detour."""
    found = Invitation.find(token)
    if found is None:
        return render(request, "partners/invitation_invalid.html", status=404)
    problem = pairing.problem_with(found, request.user)
    response = _invitation_page(request, token, found, problem=problem)
    if not request.user.is_authenticated and problem is None:
        # A signed cookie, not the session: the token then never reaches the database.
        response.set_signed_cookie(
            INVITE_COOKIE,
            token,
            max_age=INVITE_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        proof = request.GET.get("for", "")
        if found.proves_address(proof):
            response.set_signed_cookie(
                INVITE_ADDRESS_COOKIE,
                proof,
                salt=INVITE_ADDRESS_COOKIE,
                max_age=INVITE_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        else:
            response.delete_cookie(INVITE_ADDRESS_COOKIE)
    return response


@require_POST
def answer(request, token):
    found = Invitation.find(token)
    if found is None:
        return render(request, "partners/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        # Back to the invitation page after signing in, not to this POST-only URL.
        return redirect_to_login(Invitation.url_for(token))
    if "accept" in request.POST:
        accepting = True
    elif "decline" in request.POST:
        accepting = False
    else:
        # Only a button the person pressed answers an invitation; anything else is a
        # malformed request, and declining by default would lose the invitation.
        form = ConfirmForm(request.POST)
        form.is_valid()
        form.add_error(None, "Choose Accept and join, or Decline.")
        return _invitation_page(request, token, found, form=form, status=400)
    form = ConfirmForm(request.POST) if accepting else ConfirmForm()
    if accepting and not form.is_valid():
        return _invitation_page(request, token, found, form=form, status=400)
    try:
        if accepting:
            pairing.accept(found, request.user)
        else:
            pairing.decline(found, request.user)
    except pairing.PairingError as error:
        return _invitation_page(request, token, found, problem=str(error), status=409)
    response = redirect("dashboard")
    response.delete_cookie(INVITE_COOKIE)
    response.delete_cookie(INVITE_ADDRESS_COOKIE)
    if accepting:
        messages.success(request, "You are paired. This is your shared space.")
    else:
        messages.info(request, "You declined the invitation. Nothing was shared.")
    return response
