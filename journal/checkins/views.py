"""The weekly check-in: this week, the form, one check-in, its private note and edit history."""

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal.checkins import answers as checkin_answers
from journal.checkins import hooks as checkin_hooks
from journal.checkins import rules as checkins
from journal.checkins.forms import (
    NOTE_HELP_CLINIC,
    NOTE_LABEL_TREATMENT,
    ConfirmForm,
    InTreatmentCheckInForm,
    PrivateNoteForm,
    SupportingCheckInForm,
    form_class_for,
    initial_from,
)
from journal.clinic import rules as clinic_rules
from journal.compiled import DAY, ID, ID_2, CompiledQuery
from journal.models import CheckIn, SafetyAlert
from journal.safety import crisis
from journal.safety.models import alert_consents
from partners.access import Couple, couple_required, get_couple_or_404
from partners.binding import bind
from partners.page_cache import couple_page

# A placeholder moment for compiled statements (no link expires then).
MOMENT = datetime(1901, 8, 9, 10, 11, 12, tzinfo=UTC)


def extras_display(couple, checkins_shown, *, compact=False):
    """[(section, {checkin.pk: answers})] for check-ins the viewer may already read.

    `compact` (past weeks): a section that can count its answers (`tallies`) gives only
    the counts, which the card shows there.
    """
    shown = [checkin for checkin in checkins_shown if checkin is not None]
    if not shown:
        return []
    return [
        (
            section,
            section.tallies(couple, shown)
            if compact and hasattr(section, "tallies")
            else section.answers(couple, shown),
        )
        for section in checkin_hooks.extra_sections(couple)
    ]


def card(couple, checkin, extras=()):
    """One check-in, ready for journal.checkins.cards (`{% checkin_card %}`)."""
    for_author = checkin.author_id == couple.user.pk
    return {
        "checkin": checkin,
        "mine": for_author,
        "author_name": couple.user.name if for_author else couple.partner_user.name,
        "extras": [
            (section, answers[checkin.pk]) for section, answers in extras if checkin.pk in answers
        ],
        **checkin_answers.present(checkin, for_author=for_author),
    }


def crisis_card(couple, signals, checkin=None, *, saved=None):
    """What templates/journal/checkins/_crisis.html shows, fitted to what was answered.

    `checkin` is the saved check-in (the week page), or None on the form before saving;
    on the form, `saved` is this week's check-in as saved so far, if any.
    """
    if not signals:
        return None
    card = {
        "unsafe_now": crisis.Signal.UNSAFE_NOW in signals,
        "self_harm": crisis.Signal.SELF_HARM in signals,
        "at_home": crisis.Signal.AT_HOME in signals,
        "saved": checkin is not None,
        "checkin": checkin,
        "alert_lines": [],
        "can_tell": False,
        "will_alert": False,
        "held_back": False,
    }
    if checkin is not None:
        alert = crisis.latest_for_checkin(checkin)
        if alert is not None:
            card["alert_lines"] = crisis.for_person(alert, couple.partner_user.name)
        # Offered again once the partner has seen the alert: it is no longer pinned for them.
        card["can_tell"] = (
            alert is None or not alert.is_open or alert.seen_at is not None
        ) and crisis.can_tell_partner(checkin)
        card["held_back"] = crisis.held_back(couple, checkin)
    else:
        _fit_to_the_form(card, couple, signals, saved)
    return card


def _fit_to_the_form(card, couple, signals, saved):
    """On the form: what saving will do, and what an earlier save of this week already did.

    Only an answer new in a save alerts (crisis.consented_reason), so an answer already
    saved, and alerted about then, is never promised a second alert.
    """
    if saved is not None:
        alert = crisis.latest_for_checkin(saved)
        if alert is not None:
            card["alert_lines"] = crisis.for_person(alert, couple.partner_user.name)
    if couple.me.is_in_treatment and not card["at_home"]:
        new = signals - (crisis.signals(saved) if saved is not None else frozenset())
        on_unsafe_now, on_self_harm = alert_consents(couple.partnership)
        # Not while an alert from this person is still pinned unseen: saving adds none.
        card["will_alert"] = (
            (on_unsafe_now and crisis.Signal.UNSAFE_NOW in new)
            or (on_self_harm and crisis.Signal.SELF_HARM in new)
        ) and not crisis.has_unseen_alert(couple)


@couple_required
@require_GET
def week(request):
    couple = get_couple_or_404(request)
    current = checkins.this_week(couple)
    extras = extras_display(couple, [current.mine, current.partners])
    return render(
        request,
        "journal/checkins/week.html",
        {
            "couple": couple,
            "current": current,
            "mine": card(couple, current.mine, extras) if current.mine else None,
            "partners": card(couple, current.partners, extras) if current.partners else None,
            "crisis_card": crisis_card(couple, crisis.signals(current.mine), current.mine)
            if current.mine
            else None,
            "subnav": "week",
        },
    )


@couple_required
@couple_page
@require_http_methods(["GET", "POST"])
def checkin_form(request):
    couple = get_couple_or_404(request)
    current = checkins.this_week(couple)
    form_class = form_class_for(couple.me)
    partner_name = couple.partner_user.name
    sections = [
        s
        for s in checkin_hooks.extra_sections(couple, request.GET)
        if s.applies_to(couple, couple.me)
    ]
    status = 200
    notice = ""
    if request.method == "POST":
        form = bind(request, form_class, partner_name=partner_name, saved=current.mine)
        extras = [(s, s.form(couple, current.mine, request.POST)) for s in sections]
        valid = form.is_valid()
        valid = all([valid, *(section_form.is_valid() for _, section_form in extras)])
        if valid:
            try:
                saved = checkins.save_checkin(couple, form, current.week, extras)
            except checkins.WeekClosed as closed:
                notice = _closed_notice(closed.submitted_week, current)
                form = _rebound(form_class, request, partner_name, current)
                status = 409
            except checkins.EditConflict as conflict:
                notice = (
                    "You changed this week's check-in in another tab or window since opening "
                    "this page, so nothing here has been saved yet. What you typed is below: "
                    "press Save to replace the saved version with it."
                )
                form = _rebound(form_class, request, partner_name, current, conflict.checkin)
                status = 409
            else:
                for _, section_form in extras:
                    for said in getattr(section_form, "notices", ()):
                        messages.warning(request, said)
                if saved.changed and not saved.created:
                    messages.success(
                        request, "Your changes are saved; the earlier version is kept."
                    )
                else:
                    # After a double click the browser shows the second response, the
                    # one that found the check-in already saved: it confirms too.
                    messages.success(request, "Your check-in is saved.")
                if crisis.signals(saved.checkin):
                    # Straight to the help that fits what was answered, on a phone too.
                    return redirect(reverse("checkin_week") + "#crisis-now")
                return redirect("checkin_week")
        else:
            status = 400
    else:
        form = form_class(
            initial=initial_from(current.mine, current.week.start),
            partner_name=partner_name,
            saved=current.mine,
        )
        extras = [(s, s.form(couple, current.mine)) for s in sections]
    _say_if_notes_shared(form, request.user, couple, current.week.start)
    due = couple.me.is_in_treatment and checkins.questionnaires_due(couple, current.week)
    blocks = _questionnaire_blocks(form, request)
    return render(
        request,
        "journal/checkins/form.html",
        {
            "couple": couple,
            "current": current,
            "form": form,
            "extras": extras,
            "notice": notice,
            "show_questionnaires": due
            or request.GET.get("questionnaires") == "show"
            or any(
                block["open"] or block["folded"]
                for block in blocks
                if block["instrument"].code != "who5"
            ),
            "treatment_blocks": [b for b in blocks if b["instrument"].code != "who5"],
            "who5_block": next(b for b in blocks if b["instrument"].code == "who5"),
            "crisis_card": crisis_card(couple, form.safety_signals, saved=current.mine),
            "subnav": "week",
        },
        status=status,
    )


def _questionnaire_blocks(form, request):
    """Each questionnaire's fields: folded when answered this week and not opened to change
    (saving keeps its answers), open when it has answers or errors."""
    opened = request.GET.getlist("change")
    blocks = []
    for instrument, items, difficulty in form.instrument_fields():
        code = instrument.code
        fields = [*items, difficulty] if difficulty else items
        if form.is_bound:
            folded = form.kept(instrument) is not None
            answered = any(form.data.get(field.html_name) not in (None, "") for field in fields)
        else:
            answered = bool(form.initial.get(code))
            folded = answered and code not in opened
        has_errors = not folded and form.is_bound and any(field.errors for field in fields)
        blocks.append(
            {
                "instrument": instrument,
                "items": items,
                "difficulty": difficulty,
                "open": answered or has_errors,
                "folded": folded,
            }
        )
    folded = [block for block in blocks if block["folded"]]
    if folded:
        days = _answered_on(form.saved, [b["instrument"].code for b in folded], request.user)
        for block in folded:
            code = block["instrument"].code
            query = request.GET.copy()
            query.setlist("change", [*opened, code])
            block["answered"] = days[code]
            block["change_url"] = f"?{query.urlencode()}#{code}"
    return blocks


def _answered_on(checkin, codes, user):
    """{code: "Answered on Tuesday 1 December"}: the day the saved answers of each
    questionnaire were given ("Changed on ..." when other answers came before), in the
    reader's time zone. From the check-in's own edit history: one query, only once edited."""
    # Not checkin.answers(): the private note is deferred on this row (visible_to).
    names = [name for code in codes for name in (code, f"{code}_difficulty")]
    history = [(checkin.updated_at, {name: getattr(checkin, name, None) for name in names})]
    if checkin.version > 1:
        history += checkin.revisions.order_by("-version").values_list("saved_at", "answers")
    zone = ZoneInfo(user.time_zone)
    days = {}
    for code in codes:
        # The items and the difficulty question: a change to either is a change.
        answers = (history[0][1].get(code), history[0][1].get(f"{code}_difficulty"))
        since, verb = history[0][0], "Answered"
        for saved_at, earlier in history[1:]:
            before = (earlier.get(code), earlier.get(f"{code}_difficulty"))
            if before != answers:
                verb = "Changed" if before[0] else "Answered"
                break
            since = saved_at
        days[code] = f"{verb} on {format_date(timezone.localtime(since, zone), 'l j F')}"
    return days


def _rebound(form_class, request, partner_name, current, checkin=None):
    """The same answers on a form for the running week (and the latest saved version)."""
    data = request.POST.copy()
    data["week"] = current.week.start.isoformat()
    saved = checkin or current.mine
    data["version"] = str(saved.version if saved else 0)
    return form_class(data, partner_name=partner_name, saved=saved)


def _closed_notice(submitted_week, current):
    if submitted_week is None or submitted_week > current.week.start:
        return (
            "This page was out of date, so nothing was saved yet. Your answers are below: press "
            "Save to use them for this week."
        )
    already = " It will replace the check-in you already saved this week." if current.mine else ""
    closed = format_date(submitted_week, "j F")
    return (
        f"The week of {closed} closed before you saved, so these answers can no "
        f"longer be added to it. Everything you typed is below: press Save to use it for this "
        f"week ({current.week.label}), or copy what you want to keep.{already}"
    )


@couple_required
@require_GET
def detail(request, public_id):
    couple = get_couple_or_404(request)
    checkin = couple.get_object_or_404(
        CheckIn.objects.visible_to(request.user, couple), public_id=public_id
    )
    extras = extras_display(couple, [checkin])
    week = checkins.current_week(couple)
    return render(
        request,
        "journal/checkins/detail.html",
        {
            "couple": couple,
            "item": card(couple, checkin, extras),
            "is_open": checkin.week_start == week.start,
            "subnav": "history",
        },
    )


def _say_if_notes_shared(form: forms.Form, user: object, couple: Couple, week_start: date) -> None:
    """The note field's words, true for this person and week: a clinic link may include it."""
    field = form.fields.get("private_note")
    if field is None or not couple.me.is_in_treatment:
        return
    field.label = NOTE_LABEL_TREATMENT
    if NOTES_SHARED.rows(
        owner_id=couple.user.pk,
        partnership_id=couple.partnership.pk,
        week_start=week_start,
        now=timezone.now(),
    ):
        field.help_text = NOTE_HELP_CLINIC


def _notes_shared(owner_id: int, partnership_id: int, week_start: date, now: datetime) -> Any:
    """`clinic_rules.notes_shared` as a statement compiled once per process: building it cost
    the form ~10% of its CPU. The rule itself is written once, in clinic.rules."""
    return clinic_rules.links_sharing_notes(owner_id, partnership_id, week_start, now).values_list(
        "pk", flat=True
    )[:1]


NOTES_SHARED = CompiledQuery(
    _notes_shared, owner_id=ID, partnership_id=ID_2, week_start=DAY, now=MOMENT
)


def _my_checkin_or_404(request, couple, public_id):
    # Author-only pages: the partner gets the same 404 as a stranger.
    return couple.get_object_or_404(CheckIn.objects.authored_by(request.user), public_id=public_id)


@couple_required
@require_GET
def revisions(request, public_id):
    couple = get_couple_or_404(request)
    checkin = _my_checkin_or_404(request, couple, public_id)
    versions = [
        {
            "version": checkin.version,
            "saved_at": checkin.updated_at,
            "current": True,
            "answers": checkin_answers.groups(checkin.answers(), checkin.role),
            "scores": checkin_answers.scores(checkin.answers(), with_items=True),
            "note": checkin.private_note,
        }
    ]
    earlier = list(checkin.revisions.all())
    for revision in earlier:
        versions.append(
            {
                "version": revision.version,
                "saved_at": revision.saved_at,
                "current": False,
                "answers": checkin_answers.groups(revision.answers, checkin.role),
                "scores": checkin_answers.scores(revision.answers, with_items=True),
                "note": revision.answers.get("private_note", ""),
            }
        )
    # Each version against the one before it, labelled as the form that was filled in.
    form = (InTreatmentCheckInForm if checkin.is_in_treatment else SupportingCheckInForm)(
        partner_name=couple.partner_user.name
    )
    raw = [checkin.answers(), *(revision.answers for revision in earlier)]
    for version, answers, older in zip(versions, raw, [*raw[1:], None], strict=True):
        version["changes"], version["unchanged"] = (
            checkin_answers.changes(older, answers, form) if older is not None else ([], [])
        )
        version["first"] = older is None
    return render(
        request,
        "journal/checkins/revisions.html",
        {"couple": couple, "checkin": checkin, "versions": versions, "subnav": "history"},
    )


@couple_required
@require_http_methods(["GET", "POST"])
def note(request, public_id):
    """The private note alone: readable and editable by its author at any time."""
    couple = get_couple_or_404(request)
    checkin = _my_checkin_or_404(request, couple, public_id)
    form = bind(
        request,
        PrivateNoteForm,
        initial={"private_note": checkin.private_note, "version": checkin.version},
    )
    status = 200
    notice = ""
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif checkins.save_private_note(
            checkin, form.cleaned_data["private_note"], form.cleaned_data["version"]
        ):
            messages.success(request, "Your private note is saved.")
            return redirect("checkin_note", public_id=checkin.public_id)
        else:
            notice = (
                "This check-in changed in another tab or window, so the note was not saved yet. "
                "Your text is below: press Save again to keep it."
            )
            data = request.POST.copy()
            data["version"] = str(checkin.version)
            form = PrivateNoteForm(data)
            status = 409
    _say_if_notes_shared(form, request.user, couple, checkin.week_start)
    return render(
        request,
        "journal/checkins/note.html",
        {
            "couple": couple,
            "checkin": checkin,
            "form": form,
            "notice": notice,
            "subnav": "history",
        },
        status=status,
    )


@couple_required
@require_POST
def tell_partner(request, public_id):
    couple = get_couple_or_404(request)
    checkin = _my_checkin_or_404(request, couple, public_id)
    form = bind(request, ConfirmForm)
    if form.is_valid() and crisis.tell_partner(couple, checkin):
        messages.success(
            request,
            f"An urgent notice is now waiting for {couple.partner_user.name}. Below you can see "
            "what happened to the email, and when they see it.",
        )
    return redirect(reverse("checkin_week") + "#crisis-now")


@couple_required
@require_POST
def alert_seen(request, public_id):
    """The alerted partner says they saw it; the person who sent it sees the time."""
    couple = get_couple_or_404(request)
    alert = couple.get_object_or_404(
        SafetyAlert.objects.filter(recipient=request.user).select_related("person"),
        public_id=public_id,
    )
    if bind(request, ConfirmForm).is_valid() and crisis.mark_seen(alert):
        messages.success(
            request,
            f"Thank you. {alert.person.name} can now see that you saw it, on "
            f"{crisis.when(alert.seen_at, request.user)}.",
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("checkin_week")
    return redirect(next_url)
