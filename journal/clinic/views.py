"""Clinic links: the person's own management pages, the partner's answer, and the public,
read-only summary a clinician opens (no sign-in; noindex, no-store, rate limited)."""

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.signing import BadSignature
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import weeks
from journal.clinic import rules
from journal.clinic import summary as clinic_summary
from journal.clinic.forms import CodeForm, LinkForm
from journal.clinic.models import MAX_DAYS, ClinicShareLink, PartnerAnswers
from partners.access import (
    CoupleRequest,
    couple_required,
    current_couple,
    former_memberships,
    get_couple_or_404,
)
from partners.models import Role, User

# The address and code of a link just made, in the server-side session (never a cookie the
# browser could read or keep): popped by the first view of its page, so shown once.
FRESH_SESSION_KEY = "alongside_clinic_new"
FRESH_MAX_AGE = 600
CODE_COOKIE = "alongside_clinic_code"
CODE_SALT = "alongside.clinic.code-ok"
CODE_MAX_AGE = 4 * 3600
OPENINGS_SHOWN = 50
CODE_PAGE_REFERRER = "strict-origin"


# --- The person's own pages ---------------------------------------------------------------


class SignedInRequest(HttpRequest):
    """What `login_required` guarantees: the request's user is a signed-in `User`."""

    user: User


def member_required(view: Callable) -> Callable:
    """Signed in, and in a partnership now or before: links outlive the shared space, so the
    person can still see and turn off theirs once it has closed. Anyone never in one (staff,
    someone not yet paired) gets the 404 every couple page gives them."""

    @login_required
    @wraps(view)
    def wrapper(request: SignedInRequest, *args, **kwargs) -> HttpResponse:
        if current_couple(request) is None and not former_memberships(request.user).exists():
            raise Http404("No partnership.")
        return view(request, *args, **kwargs)

    return wrapper


def _own_links(user: object):
    return (
        ClinicShareLink.objects.owned_by(user)
        .select_related("partner")
        .annotate(opened=Count("openings"), last_opened=Max("openings__opened_at"))
    )


@member_required
@require_GET
def links(request: SignedInRequest) -> HttpResponse:
    """The person's links (even after the partnership ended: they can still turn them off),
    and, for the supporting partner, the requests to include their answers."""
    couple = current_couple(request)
    can_create = couple is not None and couple.me.is_in_treatment
    closed = former_memberships(request.user).first() if couple is None else None
    asked = []
    if couple is not None:
        asked = list(
            ClinicShareLink.objects.filter(partnership=couple.partnership, partner=request.user)
            .select_related("owner")
            .order_by("-created_at")
        )
    with timezone.override(weeks.zone(request.user.time_zone)):
        return render(
            request,
            "journal/clinic/links.html",
            {
                "couple": couple,
                "links": list(_own_links(request.user)),
                "asked": asked,
                "can_create": can_create,
                "closed": closed,
                "now": timezone.now(),
            },
        )


@couple_required(complete=False, role=Role.IN_TREATMENT)
@require_http_methods(["GET", "POST"])
def new(request: CoupleRequest) -> HttpResponse:
    couple = get_couple_or_404(request)
    partner_name = couple.partner_user.name if couple.partner_user else ""
    if request.method == "POST":
        form = LinkForm(request.POST, partner_name=partner_name)
        if form.is_valid():
            data = form.cleaned_data
            made = rules.create_link(
                couple,
                weeks=data["weeks"],
                days=data["days"],
                with_code=data["with_code"],
                include_private_notes=data["include_private_notes"],
                note_for_clinic=data["note_for_clinic"],
                ask_partner=data["ask_partner"] and couple.partner is not None,
                submission_key=data.get("submission_key"),
            )
            detail = reverse("clinic_link", args=[made.link.public_id])
            response = redirect(detail)
            if made.created:
                request.session[FRESH_SESSION_KEY] = {
                    "public_id": str(made.link.public_id),
                    "token": made.token,
                    "code": made.code,
                    "at": timezone.now().timestamp(),
                }
            return response
        status = 400
    else:
        form = LinkForm(partner_name=partner_name)
        status = 200
    return render(
        request,
        "journal/clinic/new.html",
        {"couple": couple, "form": form, "max_days": MAX_DAYS},
        status=status,
    )


def _fresh(request: HttpRequest, link: ClinicShareLink) -> tuple[str, str]:
    """(address, code) of a link made a moment ago in this session, else ("", "").

    Popped here, so the next view of the page (or any other link's page) shows nothing."""
    value = request.session.get(FRESH_SESSION_KEY)
    if not isinstance(value, dict) or value.get("public_id") != str(link.public_id):
        return "", ""
    request.session.pop(FRESH_SESSION_KEY, None)
    token, code = str(value.get("token") or ""), str(value.get("code") or "")
    fresh = timezone.now().timestamp() - float(value.get("at") or 0) <= FRESH_MAX_AGE
    if not token or not fresh:
        return "", ""
    return request.build_absolute_uri(rules.token_url(token)), code


@member_required
@require_GET
def detail(request: SignedInRequest, public_id: uuid.UUID) -> HttpResponse:
    link = get_object_or_404(_own_links(request.user), public_id=public_id)
    address, code = _fresh(request, link)
    openings = list(link.openings.all()[:OPENINGS_SHOWN])
    with timezone.override(weeks.zone(request.user.time_zone)):
        response = render(
            request,
            "journal/clinic/detail.html",
            {
                "link": link,
                "address": address,
                "code": code,
                "openings": openings,
                "partner_shown": rules.partner_answers_shown(link),
                "states": PartnerAnswers,
                "wrong_codes_total": rules.WRONG_CODES_TOTAL,
            },
        )
    return response


@member_required
@require_POST
def revoke(request: SignedInRequest, public_id: uuid.UUID) -> HttpResponse:
    link = get_object_or_404(ClinicShareLink.objects.owned_by(request.user), public_id=public_id)
    if rules.revoke(link):
        messages.success(request, "The link is off. Nobody can open the summary with it now.")
    else:
        messages.info(request, "This link was already off.")
    return redirect("clinic_link", public_id=link.public_id)


@couple_required
@require_http_methods(["GET", "POST"])
def consent(request: CoupleRequest, public_id: uuid.UUID) -> HttpResponse:
    """The supporting partner answers a request to include their answers in one link."""
    couple = get_couple_or_404(request)
    link = couple.get_object_or_404(
        ClinicShareLink.objects.filter(partner=request.user).select_related("owner"),
        public_id=public_id,
    )
    status = 200
    error = ""
    if request.method == "POST":
        if "accept" in request.POST or "decline" in request.POST:
            accept = "accept" in request.POST
            rules.answer_request(link, accept=accept)
            messages.success(
                request,
                f"Your answers are now included in {link.owner.name}'s summary for this link."
                if accept
                else f"Your answers are not included in {link.owner.name}'s summary.",
            )
            return redirect("clinic_link_consent", public_id=link.public_id)
        error = "Choose Include my answers, or Don't include them."
        status = 400
    return render(
        request,
        "journal/clinic/consent.html",
        {"couple": couple, "link": link, "states": PartnerAnswers, "error": error},
        status=status,
    )


# --- The public summary -------------------------------------------------------------------


def _private_public_page(view: Callable) -> Callable:
    """Never cached, never indexed, no referrer: the address is the key to the summary."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        response.headers["X-Robots-Tag"] = "noindex, nofollow, noarchive"
        # The code page alone says "strict-origin": with "no-referrer" Chromium sends
        # `Origin: null` with the code form, which CSRF protection rightly refuses. Only the
        # scheme and host are ever sent, never the path that holds the token.
        response.headers["Referrer-Policy"] = getattr(
            response, "clinic_referrer_policy", "no-referrer"
        )
        return response

    return wrapper


def _unavailable(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    response = render(request, "journal/clinic/unavailable.html", {"reason": reason}, status=status)
    if status == 429:
        response["Retry-After"] = str(rules.THROTTLE_WINDOW)
    return response


def _code_ok(request: HttpRequest, link: ClinicShareLink) -> bool:
    try:
        value = request.get_signed_cookie(CODE_COOKIE, salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except (KeyError, BadSignature):
        return False
    return value == str(link.public_id)


@_private_public_page
@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, token: str) -> HttpResponse:
    # Too many unknown addresses from this network: refuse everything for a while, so a
    # correct guess cannot be told from a wrong one.
    if rules.network_throttled(request):
        return _unavailable(request, "throttled", 429)
    found = rules.find(token)
    if found.link is None:
        rules.unknown_address(request, found.selector)
        return _unavailable(request, "unknown", 404)
    link = found.link
    if link.is_revoked:
        reason = "wrong-codes" if link.turned_off_by_wrong_codes else "revoked"
        return _unavailable(request, reason, 410)
    if link.is_expired:
        return _unavailable(request, "expired", 410)

    if link.has_code and not _code_ok(request, link):
        return _code_page(request, link)
    if request.method == "POST":
        return redirect(request.path)

    rules.log_opening(link, request.headers.get("User-Agent", ""))
    # Dates as the person who shared it lives them (the weeks are theirs too).
    with timezone.override(weeks.zone(link.owner.time_zone)):
        return render(
            request,
            "journal/clinic/summary.html",
            {"summary": clinic_summary.build(link), "link": link, "now": timezone.now()},
        )


def _code_page(request: HttpRequest, link: ClinicShareLink) -> HttpResponse:
    owner = link.owner.name
    if rules.code_throttled(request, link):
        response = render(
            request,
            "journal/clinic/code.html",
            {"form": None, "owner": owner, "throttled": True},
            status=429,
        )
        response["Retry-After"] = str(rules.THROTTLE_WINDOW)
        return response
    if request.method != "POST":
        return _with_form(
            render(request, "journal/clinic/code.html", {"form": CodeForm(), "owner": owner})
        )
    form = CodeForm(request.POST)
    if form.is_valid() and rules.code_matches(link, form.cleaned_data["code"]):
        response = redirect(request.path)
        response.set_signed_cookie(
            CODE_COOKIE,
            str(link.public_id),
            salt=CODE_SALT,
            max_age=CODE_MAX_AGE,
            path=request.path,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    wrong = form.is_valid()
    if wrong:
        if rules.wrong_code(request, link):
            return _unavailable(request, "wrong-codes", 410)
        form.add_error("code", f"That code is not right. Check it with {owner}.")
    return _with_form(
        render(
            request,
            "journal/clinic/code.html",
            {"form": form, "owner": owner, "wrong_code": wrong},
            status=400,
        )
    )


def _with_form(response: HttpResponse) -> HttpResponse:
    """The code page posts a form: see `_private_public_page` on its referrer policy."""
    response.clinic_referrer_policy = CODE_PAGE_REFERRER  # type: ignore[attr-defined]
    return response
