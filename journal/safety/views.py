"""The safety plan: both partners read and print it; the partner in treatment writes it.

It is the partner in treatment's own: with no partner (the space closed, or a new partner
has not joined yet) they still read, print and change it (`own_plan_or_couple`).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal.models import SafetyPlanSuggestion
from journal.offline import rules as offline_rules
from journal.safety import rules as safety_plan
from journal.safety.forms import AlertConsentForm, DecisionForm, SafetyPlanForm, SuggestionForm
from partners.access import (
    closed_space_page,
    couple_required,
    current_couple,
    former_memberships,
    get_couple_or_404,
)
from partners.binding import bind, misses_answers
from partners.models import Role
from partners.page_cache import couple_page

RECENT_SUGGESTIONS = 10


def _parts(plan):
    """(name, label, text shown, is empty) per part; empty clinicians show the crisis lines."""
    return [
        (name, label, safety_plan.shown_text(plan, name), not text.strip())
        for name, label, _prompt, text in plan.parts()
    ]


def _own_plan(user):
    """The plan of someone with no shared space now: theirs, kept from a closed space.

    Someone who was in treatment but never wrote one may start it (it is filed under their
    latest such space); anyone else has no plan of their own: None.
    """
    plan = safety_plan.own_plan(user)
    if plan is not None:
        return plan
    treated = former_memberships(user).filter(role=Role.IN_TREATMENT).first()
    if treated is None:
        return None
    return safety_plan.SafetyPlan(partnership=treated.partnership, owner=user, version=0)


def own_plan_or_couple(view_func):
    """The couple's plan pages, or, once the space has closed, its owner's own plan.

    The wrapped view gets `own_plan` (their own, for someone with no partner now) or None
    (then it reads the couple's plan as before). No plan of one's own: the calm page.
    """

    @login_required
    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        couple = current_couple(request)
        if couple is None:
            plan = _own_plan(request.user)
            if plan is None:
                page = closed_space_page(request)
                if page is None:
                    raise Http404("No partnership.")
                return page
            return view_func(request, *args, own_plan=plan, **kwargs)
        if not couple.is_complete:
            # Waiting for a new partner to join: the plan is still its owner's to use.
            if couple.me.is_in_treatment:
                plan = safety_plan.own_plan(request.user) or safety_plan.SafetyPlan(
                    partnership=couple.partnership, owner=request.user, version=0
                )
                return view_func(request, *args, own_plan=plan, **kwargs)
            return redirect("dashboard")
        return view_func(request, *args, own_plan=None, **kwargs)

    return wrapper


@own_plan_or_couple
@couple_page
@require_GET
def plan_view(request, own_plan):
    if own_plan is not None:
        return render(
            request,
            "journal/safety/own_plan.html",
            {
                "plan": own_plan,
                "parts": _parts(own_plan),
                "closed": former_memberships(request.user).first(),
                "waiting": current_couple(request) is not None,
                "shared_device": offline_rules.on_shared_device(request),
            },
        )
    return _plan_page(request, get_couple_or_404(request))


def _plan_page(request, couple, status=200):
    """The couple's plan with its forms; 400 when a button's POST came back without its answer."""
    plan = safety_plan.plan_shown_to(couple)
    suggestions = SafetyPlanSuggestion.objects.filter(partnership=couple.partnership)
    if couple.me.is_in_treatment:
        suggestions = suggestions.pending()
    context = {
        "couple": couple,
        "plan": plan,
        "parts": _parts(plan),
        "suggestions": list(suggestions[:RECENT_SUGGESTIONS]),
        "not_shared_yet": couple.me.is_in_treatment
        and safety_plan.written_before(plan, couple.partnership),
        "shared_device": offline_rules.on_shared_device(request),
    }
    if couple.me.is_in_treatment:
        context["consent_form"] = AlertConsentForm(
            initial={name: getattr(plan, name) for name in safety_plan.CONSENT_FIELDS},
            partner_name=couple.supporting.user.name,
        )
    context["consent_summary"] = safety_plan.consent_summary(plan, couple, couple.me)
    return render(request, "journal/safety/plan.html", context, status=status)


@own_plan_or_couple
@require_GET
def print_view(request, own_plan):
    if own_plan is not None:
        plan, owner_name = own_plan, request.user.name
    else:
        couple = get_couple_or_404(request)
        plan, owner_name = safety_plan.plan_shown_to(couple), couple.in_treatment.user.name
    return render(
        request,
        "journal/safety/print.html",
        {"plan": plan, "parts": _parts(plan), "owner_name": owner_name},
    )


def _initial(plan):
    initial = {name: text for name, _label, _prompt, text in plan.parts()}
    if not initial["clinicians_and_lines"].strip():
        initial["clinicians_and_lines"] = safety_plan.crisis_lines_text()
    initial["version"] = plan.version
    return initial


@own_plan_or_couple
@require_http_methods(["GET", "POST"])
def edit(request, own_plan):
    if own_plan is not None:
        couple, plan = None, own_plan
    else:
        couple = get_couple_or_404(request)
        couple.require_role(Role.IN_TREATMENT)
        plan = safety_plan.plan_for(couple.partnership)
    form = bind(request, SafetyPlanForm, initial=_initial(plan))
    context = {"couple": couple, "form": form, "plan": plan}
    if request.method == "GET":
        return render(request, "journal/safety/edit.html", context)
    if not form.is_valid():
        return render(request, "journal/safety/edit.html", context, status=400)
    try:
        if couple is None:
            safety_plan.save_own_plan(
                request.user, plan, form.plan_values(), form.cleaned_data["version"]
            )
        else:
            safety_plan.save_plan(couple, form.plan_values(), form.cleaned_data["version"])
    except safety_plan.StalePlan as stale:
        # Keep everything typed; saving again deliberately replaces the newer version.
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        context["form"] = SafetyPlanForm(data)
        context["form"].is_valid()
        context["conflict"] = stale.current
        context["conflict_parts"] = _parts(stale.current)
        return render(request, "journal/safety/edit.html", context, status=409)
    messages.success(request, "Your safety plan is saved.")
    return redirect("safety_plan")


@couple_required(role=Role.IN_TREATMENT)
@require_POST
def alert_consent(request):
    couple = get_couple_or_404(request)
    form = bind(request, AlertConsentForm, partner_name=couple.supporting.user.name)
    if form.is_valid():
        safety_plan.set_alert_consents(couple, form.cleaned_data)
        plan = safety_plan.plan_for(couple.partnership)
        messages.success(request, "Saved. " + safety_plan.consent_summary(plan, couple, couple.me))
    return redirect("safety_plan")


@couple_required(role=Role.SUPPORTING)
@require_http_methods(["GET", "POST"])
def suggest(request):
    couple = get_couple_or_404(request)
    # ?part= preselects a part from the plan page; anything else is ignored, never queried.
    part = request.GET.get("part")
    form = bind(
        request, SuggestionForm, initial={"part": part if part in safety_plan.PARTS else None}
    )
    if request.method == "POST":
        if form.is_valid():
            safety_plan.suggest(
                couple,
                part=form.cleaned_data["part"],
                text=form.cleaned_data["text"],
                submission_key=form.cleaned_data["submission_key"],
            )
            # Also when a double click found it already saved: the browser shows the
            # second response, so it is the one that must confirm.
            messages.success(
                request,
                f"Thank you. {couple.in_treatment.user.name} will see your suggestion "
                "and decide whether to add it.",
            )
            return redirect("safety_plan")
        status = 400
    else:
        status = 200
    return render(
        request, "journal/safety/suggest.html", {"couple": couple, "form": form}, status=status
    )


@couple_required
@require_POST
def decide(request, public_id):
    couple = get_couple_or_404(request)
    # The suggestion before the role: another couple's id is a 404 whoever asks.
    suggestion = couple.get_object_or_404(SafetyPlanSuggestion.objects.all(), public_id=public_id)
    couple.require_role(Role.IN_TREATMENT)
    form = bind(request, DecisionForm)
    if not form.is_valid():
        messages.error(request, "Please use one of the buttons.")
        if misses_answers(form):
            return _plan_page(request, couple, status=400)
    elif form.cleaned_data["decision"] == "accept":
        if safety_plan.accept(couple, suggestion):
            messages.success(request, f"Added to “{suggestion.get_part_display()}”.")
        else:
            messages.info(request, "You already answered this suggestion.")
    elif safety_plan.dismiss(couple, suggestion):
        messages.success(request, "Not added. The suggestion is put away.")
    else:
        messages.info(request, "You already answered this suggestion.")
    return redirect("safety_plan")
