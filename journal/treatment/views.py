"""The treatment log: both partners read it; only the partner in treatment writes it."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal.treatment import rules as treatment
from journal.treatment.forms import (
    ChangeForm,
    DeleteForm,
    KindFilterForm,
    RideForm,
    SessionForm,
    StatusForm,
)
from journal.treatment.models import Status, TreatmentEntry
from partners.access import couple_required, get_couple_or_404
from partners.binding import bind, misses_answers
from partners.models import Role
from partners.page_cache import couple_page

PER_PAGE = 20


def _entry_or_404(couple, public_id, *, role=None):
    # The entry before the role: another couple's id is a 404 whoever asks.
    entry = couple.get_object_or_404(TreatmentEntry.objects.all(), public_id=public_id)
    if role is not None:
        couple.require_role(role)
    return entry


@couple_required
@couple_page
@require_GET
def log(request):
    couple = get_couple_or_404(request)
    filter_form = KindFilterForm(request.GET or None)
    entries = filter_form.filter(
        TreatmentEntry.objects.for_partnership(couple.partnership).newest_first()
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    kind = filter_form.cleaned_data.get("kind", "") if filter_form.is_valid() else ""
    return render(
        request,
        "journal/treatment/log.html",
        {
            "couple": couple,
            "page": page,
            "filter_form": filter_form,
            "filter_field": _filter_field(filter_form),
            "kind": kind,
            "today": couple.partnership.today(),
        },
    )


# The log's filter, as partials/field.html shows it, for each choice it can show (a dozen):
# the <select> and its options went through Django's widget templates, ~15% of the log's
# CPU, for markup that only changes with the choice. A value that is not a choice (it has an
# error to show) is rendered every time, and never kept.
_filter_fields: dict[tuple[str | None, str | None], SafeString] = {}


@receiver(setting_changed, dispatch_uid="treatment_forget_filter_fields")
@receiver(file_changed, dispatch_uid="treatment_forget_filter_fields_on_edit")
def _forget_filter_fields(**kwargs: object) -> None:
    """Render them again: a setting changed (tests), or a template was edited (runserver)."""
    _filter_fields.clear()


def _filter_field(filter_form: KindFilterForm) -> SafeString:
    field = filter_form["kind"]
    if filter_form.is_bound and not filter_form.is_valid():
        return render_to_string("partials/field.html", {"field": field})
    value = field.value()
    key = (None if value is None else str(value), get_language())
    shown = _filter_fields.get(key)
    if shown is None:
        shown = _filter_fields[key] = render_to_string("partials/field.html", {"field": field})
    return shown


@couple_required
@require_GET
def entry_detail(request, public_id):
    couple = get_couple_or_404(request)
    return _entry_page(request, couple, _entry_or_404(couple, public_id))


def _entry_page(request, couple, entry, status=200):
    """The entry with its buttons; 400 when a button's POST came back without its answer."""
    return render(
        request,
        "journal/treatment/entry.html",
        {"couple": couple, "entry": entry, "today": couple.partnership.today()},
        status=status,
    )


def _new(request, form_class, template_heading):
    couple = get_couple_or_404(request)
    extra = {"partner_name": couple.supporting.user.name} if form_class is SessionForm else {}
    form = bind(request, form_class, partnership=couple.partnership, **extra)
    if request.method == "POST":
        if form.is_valid():
            entry, _created = treatment.log_entry(couple, form)
            # Also when a double click found the entry already saved: the browser shows
            # the second response, so it is the one that must confirm.
            messages.success(request, _saved_message(couple, entry))
            return redirect("treatment_entry", entry.public_id)
        status = 400
    else:
        status = 200
    return render(
        request,
        "journal/treatment/form.html",
        {"couple": couple, "form": form, "heading": template_heading},
        status=status,
    )


def _saved_message(couple, entry):
    partner = couple.supporting.user.name
    if entry.is_change:
        return f"Saved. {partner} will see a notice about this change."
    if entry.is_upcoming(couple.partnership.today()):
        return f"Saved. {partner} will see a notice, and it shows on both your home pages."
    return "Saved to the log."


@couple_required(role=Role.IN_TREATMENT)
@require_http_methods(["GET", "POST"])
def new_session(request):
    return _new(request, SessionForm, "Log a session")


@couple_required(role=Role.IN_TREATMENT)
@require_http_methods(["GET", "POST"])
def new_change(request):
    return _new(request, ChangeForm, "Log a change")


@couple_required
@require_http_methods(["GET", "POST"])
def edit(request, public_id):
    couple = get_couple_or_404(request)
    entry = _entry_or_404(couple, public_id, role=Role.IN_TREATMENT)
    form_class = SessionForm if entry.is_session else ChangeForm
    extra = {"partner_name": couple.supporting.user.name} if entry.is_session else {}
    form = bind(request, form_class, instance=entry, partnership=couple.partnership, **extra)
    context = {"couple": couple, "form": form, "entry": entry, "heading": "Edit this entry"}
    if request.method == "GET":
        return render(request, "journal/treatment/form.html", context)
    if not form.is_valid():
        return render(request, "journal/treatment/form.html", context, status=400)
    try:
        treatment.save_edit(couple, entry, form, form.cleaned_data["version"])
    except treatment.StaleEdit as stale:
        # Keep everything typed; the next save deliberately replaces the newer version.
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        # A copy: validating the form writes the typed values onto its instance, and the
        # page shows the saved version beside them.
        context["form"] = form_class(
            data, instance=copy.copy(stale.current), partnership=couple.partnership, **extra
        )
        context["form"].is_valid()
        context["conflict"] = stale.current
        return render(request, "journal/treatment/form.html", context, status=409)
    messages.success(request, "Your changes are saved.")
    return redirect("treatment_entry", entry.public_id)


@couple_required
@require_http_methods(["GET", "POST"])
def delete(request, public_id):
    couple = get_couple_or_404(request)
    entry = _entry_or_404(couple, public_id, role=Role.IN_TREATMENT)
    form = bind(request, DeleteForm)
    if request.method == "POST" and form.is_valid():
        treatment.delete_entry(couple, entry)
        messages.success(request, "The entry is deleted.")
        return redirect("treatment_log")
    return render(request, "journal/treatment/delete.html", {"couple": couple, "entry": entry})


@couple_required
@require_POST
def set_status(request, public_id):
    couple = get_couple_or_404(request)
    entry = _entry_or_404(couple, public_id, role=Role.IN_TREATMENT)
    form = bind(request, StatusForm)
    if not form.is_valid():
        messages.error(request, "Choose done or cancelled.")
        if misses_answers(form):
            return _entry_page(request, couple, entry, status=400)
    elif treatment.set_status(couple, entry, form.cleaned_data["status"]):
        messages.success(
            request,
            "Marked as done."
            if form.cleaned_data["status"] == Status.DONE
            else f"Cancelled. {couple.supporting.user.name} will see a notice.",
        )
    elif entry.status == Status.PLANNED:
        messages.error(request, "You can mark a session done on its day or after.")
    else:
        messages.info(request, "This session was already updated.")
    return redirect("treatment_entry", entry.public_id)


@couple_required
@require_POST
def ride(request, public_id):
    couple = get_couple_or_404(request)
    entry = _entry_or_404(couple, public_id, role=Role.SUPPORTING)
    form = bind(request, RideForm)
    name = couple.in_treatment.user.name
    if not form.is_valid():
        messages.error(request, "Please use one of the buttons.")
        if misses_answers(form):
            return _entry_page(request, couple, entry, status=400)
    elif form.cleaned_data["answer"] == "drive":
        if treatment.offer_to_drive(couple, entry):
            messages.success(request, f"Thank you. {name} will see that you are driving.")
        else:
            messages.info(request, "This session doesn't need a ride from you any more.")
    elif treatment.withdraw_offer(couple, entry):
        messages.success(request, f"{name} will see that you can no longer drive.")
    else:
        messages.info(request, "You were not down to drive for this session.")
    # Only two places show the button; send the person back to the one they used.
    if form.is_valid() and form.cleaned_data["back_to"] == "dashboard":
        return redirect("dashboard")
    return redirect(reverse("treatment_entry", args=[entry.public_id]))
