"""Headers every response needs, no caching of signed-in pages, and a guard on the admin's
query strings."""

import time

from allauth.mfa.utils import is_mfa_enabled
from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivateCacheMiddleware:
    """Nothing a signed-in person sees may be stored by a browser or proxy cache, or indexed
    by a search engine (X-Robots-Tag, with base.html's robots meta tag).

    One exception, which the person turns on for one device: the copy of their own safety
    plan that the service worker keeps (journal/offline; the view marks that response).
    Signing out empties the browser's caches and storage for this site (Clear-Site-Data),
    so nothing kept on the device outlives the sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(response, "kept_on_this_device", False)
        ):
            # max-age=0, no-cache, no-store, must-revalidate, private (and Expires: now).
            add_never_cache_headers(response)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("X-Robots-Tag", "noindex")
        if getattr(request, SIGNED_OUT, False):
            response["Clear-Site-Data"] = '"cache", "storage"'
        if user is None or not user.is_authenticated:
            # Read by the service worker: a device that opens Alongside signed out (its
            # session ended here, on another device, or by expiry) removes a kept plan.
            response[SIGNED_OUT_HEADER] = "1"
        patch_vary_headers(response, ["Cookie"])
        return response


# Set on the request by a sign-out (allauth's, or a session past its limits).
SIGNED_OUT = "alongside_signed_out"
# On every answer to someone signed out (journal/offline's worker reads it).
SIGNED_OUT_HEADER = "X-Alongside-Signed-Out"


@receiver(user_logged_out, dispatch_uid="clear_site_data_on_sign_out")
def _mark_signed_out(sender, request, user, **kwargs):
    if request is not None:
        setattr(request, SIGNED_OUT, True)


# Session keys: when this sign-in began, and (shared devices only) when it was last used.
SIGNED_IN_AT = "alongside_signed_in_at"
IDLE_SINCE = "alongside_idle_since"
# Without "remember me" a session ends with the browser or after 12 hours, whichever is
# first: a browser left open on a laptop does not stay signed in for days.
UNREMEMBERED_LIMIT = 12 * 3600
# On a shared device (the person ticks it at sign-in): signed out after 2 hours unused.
SHARED_DEVICE_IDLE_LIMIT = 2 * 3600
# Touch the idle clock at most this often, so a shared-device session is not written
# on every request.
IDLE_TOUCH_EVERY = 60


@receiver(user_logged_in, dispatch_uid="session_limits_signed_in_at")
def _stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()


class SessionLimitsMiddleware:
    """Ends sessions past their limits (see README, Privacy): 12 h unless remembered,
    2 h idle on a shared device. Remembered sessions end at SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _expired(request.session):
            logout(request)
        return self.get_response(request)


def _expired(session):
    now = time.time()
    signed_in_at = session.get(SIGNED_IN_AT)
    if (
        signed_in_at is not None
        and session.get_expire_at_browser_close()
        and now - signed_in_at > UNREMEMBERED_LIMIT
    ):
        return True
    idle_since = session.get(IDLE_SINCE)
    if idle_since is not None:
        if now - idle_since > SHARED_DEVICE_IDLE_LIMIT:
            return True
        if now - idle_since > IDLE_TOUCH_EVERY:
            session[IDLE_SINCE] = now
    return False


class StaffSecondFactorMiddleware:
    """Staff (editors, reviewers, operators) open the admin only with a second factor set
    up: they can publish what readers trust and see every account. Without one they are
    sent to allauth's two-step sign-in page; allauth then asks for it at every sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.admin_prefix)
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Set up two-step sign-in before you can use the admin: staff accounts "
                "need a second factor.",
            )
            return redirect("mfa_index")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set. Runs on every response, errors too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class AdminQueryGuardMiddleware:
    """An admin address with a NUL byte or a huge value in its query gets a 400 page.

    The admin's list filters compare query values straight with text columns (a review's
    kind, a revision's state, allauth's authenticator type), and PostgreSQL refuses NUL in
    text: a 500. Its search sends the whole box to LIKE, which SQLite refuses past 50 kB.
    Our own pages treat such values as junk and carry on; the admin's filters and search
    are Django's and allauth's, so they are guarded here, at the door.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix) and _unusable(request.GET):
            return render(request, "400.html", status=400)
        return self.get_response(request)


# Far beyond any search an editor types or any filter value the admin writes.
LONGEST_ADMIN_QUERY_VALUE = 1000
# Python's dates end at 9999, and the admin's date drill-down asks for year + 1: a larger
# year is a ValueError (a 500). Any whole number past a 64-bit column overflows too.
LARGEST_ADMIN_YEAR = 9998
LARGEST_ADMIN_NUMBER = 2**63 - 1


def _unusable(query):
    return any(
        "\x00" in key
        or any(
            "\x00" in value or len(value) > LONGEST_ADMIN_QUERY_VALUE or _out_of_range(key, value)
            for value in values
        )
        for key, values in query.lists()
    )


def _out_of_range(key, value):
    """A number no column or date can hold (the fuzz walk's overflow values)."""
    digits = value.strip().lstrip("+-")
    if not digits.isdigit():
        return False
    number = int(digits)
    if key.endswith("__year"):
        return not 1 <= number <= LARGEST_ADMIN_YEAR
    if key.endswith(("__month", "__day")):
        return number > 31
    return number > LARGEST_ADMIN_NUMBER


class MethodNotAllowedPageMiddleware:
    """Django's 405 is an empty page; ours says what happened and keeps the crisis lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's own policy built once per process.

    django-csp builds the header from CONTENT_SECURITY_POLICY again for every response (5%
    of an empty signed-in page's CPU). The policy is the same for every response that does
    not change it, so that string is built once. A response a view customised (django-csp's
    csp_update / csp_replace / csp_exempt / csp_override decorators), a page that used a nonce,
    a report-only or excluded-prefix policy, and DEBUG's error pages all still go through
    django-csp's own code, unchanged.
    """

    PER_RESPONSE = tuple(
        f"_csp_{part}{mode}"
        for part in ("config", "update", "replace", "exempt")
        for mode in ("", "_ro")
    )

    def process_response(self, request, response):
        policy = _site_policy()
        if (
            policy is None
            or getattr(request, "_csp_nonce", None) is not None
            or CSP_HEADER in response
            or any(hasattr(response, name) for name in self.PER_RESPONSE)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        response[CSP_HEADER] = policy
        # As django-csp does: asking for a nonce once the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


_site_policies: list[str | None] = []


def _site_policy():
    """The header for a response nobody customised, or None when django-csp must decide
    (a report-only policy, or prefixes the policy skips)."""
    if not _site_policies:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        simple = not policy.get("EXCLUDE_URL_PREFIXES") and not getattr(
            settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None
        )
        _site_policies.append(build_policy() if simple and policy else None)
    return _site_policies[0]


@receiver(setting_changed, dispatch_uid="csp_forget_site_policy")
def _forget_site_policy(**kwargs):
    _site_policies.clear()
