"""The web app manifest, the service worker, the offline page and the kept safety plan.

Everything here works without JavaScript in the sense that matters: the app is unchanged. The
manifest and the worker only add an install button and an offline page; keeping the plan on a
device is a JavaScript action (the page says so when it cannot run).
"""

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from journal.models import SafetyPlan
from journal.offline import rules
from journal.safety import rules as safety_plan
from partners.access import closed_space_page, current_couple
from partners.middleware import SIGNED_OUT_HEADER

WORKER_SOURCE = (Path(__file__).parent / "service_worker.js").read_text()
BACKGROUND = "#fbf8f3"
THEME = "#22594f"


def _icon(name: str, size: int, purpose: str) -> dict:
    return {
        "src": static(f"icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """What a phone needs to install Alongside: name, colours, icons, all from this site."""
    body = {
        "id": "/",
        "name": "Alongside",
        "short_name": "Alongside",
        "description": "A private journal for two partners when one is in ketamine treatment.",
        "lang": "en",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            _icon("icon-192.png", 192, "any"),
            _icon("icon-512.png", 512, "any"),
            _icon("icon-maskable-512.png", 512, "maskable"),
        ],
    }
    response = HttpResponse(json.dumps(body, indent=2), content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


def _worker_config() -> dict:
    shell = [
        reverse("offline"),
        static("css/alongside.css"),
        static("css/treatment.css"),  # the kept plan's parts
        static("js/offline.js"),
        static("icons/alongside.svg"),
    ]
    return {
        "shell": shell,
        "offlinePage": reverse("offline"),
        "planPage": reverse("safety_plan_offline_copy"),
        "planPages": [reverse("safety_plan"), reverse("safety_plan_offline_copy")],
        "planCache": rules.PLAN_CACHE,
        "keepHeader": rules.KEEP_HEADER,
        "keepValue": rules.KEEP_VALUE,
        "refusedValue": rules.REFUSED_VALUE,
        "signedOutHeader": SIGNED_OUT_HEADER,
        "logoutPath": reverse("account_logout"),
    }


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The hand-written worker (service_worker.js), with this deployment's addresses.

    Served from the site's root so its scope is the whole site; never cached, so a changed
    worker (or a changed stylesheet address) is picked up at the next visit.
    """
    config = _worker_config()
    config["version"] = hashlib.sha256(
        (json.dumps(config, sort_keys=True) + WORKER_SOURCE).encode()
    ).hexdigest()[:12]
    body = f"const CONFIG = {json.dumps(config)};\n\n{WORKER_SOURCE}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """The page a phone shows when Alongside cannot be reached: the crisis lines.

    The same for everyone, signed in or not (it never reads the person): the worker keeps
    it, fetched without cookies, so it can hold nothing about anyone.
    """
    return render(request, "journal/offline/offline.html", {"plan_page": _plan_page()})


def _parts(plan: SafetyPlan) -> list[tuple[str, str, str, bool]]:
    """As the safety plan page shows them (an empty clinicians part shows the crisis lines)."""
    return [
        (name, label, safety_plan.shown_text(plan, name), not text.strip())
        for name, label, _prompt, text in plan.parts()
    ]


def _plan_page() -> str:
    return reverse("safety_plan_offline_copy")


@login_required
@require_safe
def this_device(request: HttpRequest) -> HttpResponse:
    """What stays on this device, and the switch for keeping one's own plan on it."""
    couple = current_couple(request)
    plan = rules.keepable_plan(request)
    return render(
        request,
        "journal/offline/this_device.html",
        {
            "plan": plan,
            "shared_device": rules.on_shared_device(request),
            "owner_name": couple.in_treatment_user.name
            if couple and couple.is_complete and not couple.me.is_in_treatment
            else "",
            "plan_cache": rules.PLAN_CACHE,
            "plan_page": _plan_page(),
        },
    )


def _refused(response: HttpResponse) -> HttpResponse:
    """An answer the worker reads as "no copy may stay here", told apart from a passing fault.

    Only such an answer removes a kept copy: a 500, a 503, a 429 or a captive portal's
    redirect leaves the saved one as it was (service_worker.js).
    """
    response[rules.KEEP_HEADER] = rules.REFUSED_VALUE
    patch_vary_headers(response, [rules.KEEP_HEADER])
    return response


def _signed_in_or_refused(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """As login_required (first, before the method is looked at), except that the worker
    asking while signed out gets a plain refusal rather than the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.headers.get(rules.KEEP_HEADER) == rules.KEEP_VALUE:
                return _refused(render(request, "403.html", status=403))
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@_signed_in_or_refused
@require_safe
def plan_copy(request: HttpRequest) -> HttpResponse:
    """The owner's plan on one plain page, made to be kept on their device.

    Asked for by the worker (with KEEP_HEADER) it may be kept; opened any other way it is an
    ordinary signed-in page that nothing stores. Refused, in so many words (KEEP_HEADER
    "refused"), to the worker when signed out (403: a session ended elsewhere or expired), on
    a device the person said is shared (403), and to anyone but the plan's owner (404: a
    supporter or someone without a plan), so the worker removes any copy it held.
    """
    asked_to_keep = request.headers.get(rules.KEEP_HEADER) == rules.KEEP_VALUE
    plan = rules.keepable_plan(request)
    if plan is None:
        # As every shared page: the calm page once one's space has closed, otherwise a 404.
        page = closed_space_page(request) if current_couple(request) is None else None
        if page is None:
            if asked_to_keep:
                return _refused(render(request, "404.html", status=404))
            raise Http404("No plan of one's own to keep.")
        return _refused(page) if asked_to_keep else page
    if asked_to_keep and rules.on_shared_device(request):
        return _refused(render(request, "403.html", status=403))
    time_zone = getattr(request.user, "time_zone", "UTC")
    saved_at = rules.saved_at_text(time_zone)
    response = render(
        request,
        "journal/offline/plan_copy.html",
        {
            "plan": plan,
            "parts": _parts(plan),
            "saved_at": saved_at,
            "changed_at": rules.saved_at_text(time_zone, plan.updated_at),
            "kept": asked_to_keep,
            "offline_page": reverse("offline"),
        },
    )
    patch_vary_headers(response, [rules.KEEP_HEADER])
    if asked_to_keep:
        # The one signed-in response a cache may hold: the worker's copy on this device
        # (it fetches with cache "no-store", so the browser's HTTP cache keeps none).
        setattr(response, "kept_on_this_device", True)  # noqa: B010 (read by the middleware)
        response["Cache-Control"] = "private, no-cache"
        response[rules.KEEP_HEADER] = rules.KEEP_VALUE
        response["X-Alongside-Saved-At"] = saved_at
    return response
