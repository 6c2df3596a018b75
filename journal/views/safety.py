"""The shared safety plan: both read and print it; the partner in treatment writes it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import safety_plan
from journal.forms.safety import AlertConsentForm, DecisionForm, SafetyPlanForm, SuggestionForm
from journal.models import SafetyPlanSuggestion
from partners.access import couple_required, get_couple_or_404
from partners.models import Role

RECENT_SUGGESTIONS = 10


def _posted(request):
    """The POST data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _parts(plan):
    """(name, label, text shown, is empty) per part; empty clinicians show the crisis lines."""
    return [
        (name, label, safety_plan.shown_text(plan, name), not text.strip())
        for name, label, _prompt, text in plan.parts()
    ]


@couple_required
@require_GET
def plan_view(request):
    couple = get_couple_or_404(request)
    plan = safety_plan.plan_for(couple.partnership)
    suggestions = SafetyPlanSuggestion.objects.filter(partnership=couple.partnership)
    if couple.me.is_in_treatment:
        suggestions = suggestions.pending()
    context = {
        "couple": couple,
        "plan": plan,
        "parts": _parts(plan),
        "suggestions": list(suggestions[:RECENT_SUGGESTIONS]),
    }
    if couple.me.is_in_treatment:
        context["consent_form"] = AlertConsentForm(
            initial={name: getattr(plan, name) for name in safety_plan.CONSENT_FIELDS},
            partner_name=couple.supporting.user.name,
        )
    context["consent_summary"] = safety_plan.consent_summary(plan, couple, couple.me)
    return render(request, "journal/safety/plan.html", context)


@couple_required
@require_GET
def print_view(request):
    couple = get_couple_or_404(request)
    plan = safety_plan.plan_for(couple.partnership)
    return render(
        request,
        "journal/safety/print.html",
        {"couple": couple, "plan": plan, "parts": _parts(plan)},
    )


def _initial(plan):
    initial = {name: text for name, _label, _prompt, text in plan.parts()}
    if not initial["clinicians_and_lines"].strip():
        initial["clinicians_and_lines"] = safety_plan.crisis_lines_text()
    initial["version"] = plan.version
    return initial


@couple_required(role=Role.IN_TREATMENT)
@require_http_methods(["GET", "POST"])
def edit(request):
    couple = get_couple_or_404(request)
    plan = safety_plan.plan_for(couple.partnership)
    form = SafetyPlanForm(_posted(request), initial=_initial(plan))
    context = {"couple": couple, "form": form, "plan": plan}
    if request.method == "GET":
        return render(request, "journal/safety/edit.html", context)
    if not form.is_valid():
        return render(request, "journal/safety/edit.html", context, status=400)
    try:
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
    form = AlertConsentForm(request.POST, partner_name=couple.supporting.user.name)
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
    form = SuggestionForm(
        _posted(request), initial={"part": part if part in safety_plan.PARTS else None}
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
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please use one of the buttons.")
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
