"""Boundary pages: the list, one boundary and its history, and the forms that change it.

The views stay thin: the rules live in `journal.boundaries.rules`, which raises a
`BoundaryError` (shown to the person as it is) or a `Conflict` (the page was out of date:
show both versions and keep what was typed).
"""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal.boundaries import retire, rows, rules
from journal.boundaries import starters as boundary_starters
from journal.boundaries.forms import (
    BoundaryForm,
    RetireForm,
    StepForm,
    VersionedForm,
    step_form_class,
)
from journal.boundaries.models import Boundary, BoundaryEvent, Category, State
from journal.boundaries.rules import BoundaryError, Conflict, Step
from journal.compiled import ID, CompiledQuery
from journal.templatetags.wording import cut_at_sentence
from partners.access import Couple, couple_required, get_couple_or_404
from partners.binding import bind, status_for
from partners.page_cache import couple_page

RECENT_RETIRED = 10
RETIRED_PER_PAGE = 25
# The list shows each boundary as one short line; long groups go a page at a time so the
# page stays light (the bench's 40 KB budget) however many agreements a couple keeps.
# Group -> how many a page shows; nothing is actionable in the partner's or the paused group.
LIST_PER_PAGE = {"yours": 25, "theirs": 10, "page": 25, "held": 10}


def _people(couple: Couple) -> dict[int, str]:
    """user id -> name for the two partners as loaded (a deleted account has no row)."""
    return {
        member.user.pk: member.user.name
        for member in (couple.me, couple.partner)
        if member is not None and member.user is not None
    }


def _name(names: dict[int, str], user_id: int | None) -> str:
    return names.get(user_id, "A former partner") if user_id is not None else "A former partner"


def _label(boundaries: list[Boundary], couple: Couple) -> list[Boundary]:
    """Names the people on each row from the couple already loaded: no joins per row."""
    names = _people(couple)
    for boundary in boundaries:
        boundary.proposer_name = _name(names, boundary.proposed_by_id)
        boundary.waiting_on_me = boundary.waiting_on_id == couple.me.user_id
    return boundaries


STATE_LABELS = dict(State.choices)
CATEGORY_LABELS = dict(Category.choices)


@lru_cache(maxsize=1024)
def _short_date(day: date, language: str | None) -> str:
    """ "3 Mar 2027", once per date and language: a list shows hundreds of dates."""
    return date_format(day, "j M Y")


# How long each shortened wording may be: a line of the list (rows.line), an item waiting on
# someone (rows.item) and its answer button's label.
CUTS = {"line": 90, "short": 140, "answer_label": 60}
LINE_CUTS = ("line",)
ITEM_CUTS = ("short", "answer_label")


def _for_list(
    boundaries: list[Boundary], couple: Couple, today: date, cuts: Iterable[str] = tuple(CUTS)
) -> list[Boundary]:
    """What the list's rows show, worked out once per row: names, labels, dates and the
    shortened wordings in `cuts` (journal/boundaries/rows.py writes the rows' HTML from
    them: a line needs LINE_CUTS, an item ITEM_CUTS)."""
    _label(boundaries, couple)
    language = get_language()
    for boundary in boundaries:
        boundary.due = boundary.is_due(today)
        # For the templates only (the model does not declare them): set on the instance.
        vars(boundary).update(
            state_label=STATE_LABELS.get(boundary.state, boundary.state),
            category_label=CATEGORY_LABELS.get(boundary.category, boundary.category),
            revisit_label=_short_date(boundary.revisit_on, language),
            # Wording is shortened only at a sentence end (journal/templatetags/wording.py).
            **{name: cut_at_sentence(boundary.wording, CUTS[name]) for name in cuts},
        )
    return boundaries


def _step_forms(
    boundary: Boundary,
    couple: Couple,
    today: date,
    steps: Iterable[Step],
    bound: StepForm | None = None,
) -> list[dict[str, Any]]:
    """One small form per step this person may take now, in the table's order."""
    allowed = rules.allowed_actions(boundary, couple.user, today)
    partner = couple.partner_name if couple.partner_user else ""
    forms = []
    for step in steps:
        if step.name not in allowed:
            continue
        if bound is not None and bound.prefix == step.name:
            form = bound
        else:
            form = step_form_class(step)(prefix=step.name, today=today, boundary=boundary)
        forms.append(
            {
                "step": step.name,
                "form": form,
                "url": _step_url(boundary, step),
                "button": step.button,
                "title": step.title,
                "help": step.answer_help.format(partner=partner),
                "secondary": step.secondary,
                "open": step.asks_date,
            }
        )
    return forms


def _step_url(boundary: Boundary, step: Step) -> str:
    return reverse("boundary_step", args=[boundary.public_id, step.name])


def _history(boundary: Boundary, couple: Couple) -> list[BoundaryEvent]:
    """Every step, newest first, marking what each one changed; one query."""
    names = _people(couple)
    events = list(boundary.events.all())
    previous = None
    for event in reversed(events):
        event.actor_name = _name(names, event.actor_id)
        event.show_wording = previous is None or event.wording != previous.wording
        event.changes = []
        if previous is not None:
            if event.category != previous.category:
                event.changes.append(f"About: {event.get_category_display()}")
            if event.revisit_on != previous.revisit_on:
                event.changes.append(f"Revisit on {date_format(event.revisit_on, 'j F Y')}")
            if event.why != previous.why:
                event.changes.append("Why: " + (event.why or "(removed)"))
        previous = event
    return events


def _page(
    request: HttpRequest,
    couple: Couple,
    boundary: Boundary,
    template: str,
    extra: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    today = couple.partnership.today()
    _label([boundary], couple)
    context = {
        "couple": couple,
        "boundary": boundary,
        "today": today,
        "is_due": boundary.is_due(today),
        "allowed": rules.allowed_actions(boundary, couple.user, today),
        "partner_name": couple.partner_name,
        "couple_tz": couple.partnership.time_zone,
        **extra,
    }
    return render(request, template, context, status=status)


def _render_detail(
    request: HttpRequest,
    couple: Couple,
    boundary: Boundary,
    bound: StepForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    today = couple.partnership.today()
    events = _history(boundary, couple)
    return _page(
        request,
        couple,
        boundary,
        "journal/boundaries/detail.html",
        {
            "events": events,
            "latest": events[0] if events else None,
            "step_forms": _step_forms(boundary, couple, today, rules.DETAIL_STEPS, bound),
            "page_error": error,
        },
        status=status,
    )


def _render_answer(
    request: HttpRequest,
    couple: Couple,
    boundary: Boundary,
    counter: BoundaryForm | None = None,
    bound: StepForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    today = couple.partnership.today()
    if counter is None:
        counter = BoundaryForm(prefix="counter", today=today, boundary=boundary)
    latest = boundary.events.first()
    return _page(
        request,
        couple,
        boundary,
        "journal/boundaries/answer.html",
        {
            "latest": latest,
            "latest_actor": _name(_people(couple), latest.actor_id) if latest else "",
            "counter_form": counter,
            "step_forms": _step_forms(
                boundary, couple, today, rules.answer_steps(boundary, couple.user), bound
            ),
            "page_error": error,
        },
        status=status,
    )


def _render_conflict(
    request: HttpRequest,
    couple: Couple,
    current: Boundary,
    form: VersionedForm,
    *,
    action_url: str,
    button: str,
    still_allowed: bool,
) -> HttpResponse:
    """The later save loses nothing: both versions side by side, the typed text kept.

    The form is bound again to what was typed, now carrying the current version, so
    saving it from here is a deliberate choice made after seeing the partner's change.
    """
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix("version")] = str(current.version)
    today = couple.partnership.today()
    again = type(form)(data, prefix=form.prefix, today=today, boundary=current)
    again.is_valid()
    latest = current.events.first()
    return _page(
        request,
        couple,
        current,
        "journal/boundaries/conflict.html",
        {
            "form": again,
            "latest": latest,
            "latest_actor": _name(_people(couple), latest.actor_id) if latest else "",
            "action_url": action_url,
            "button": button,
            "still_allowed": still_allowed,
            "is_wording_form": isinstance(form, BoundaryForm),
        },
        status=409,
    )


# --- pages -----------------------------------------------------------------------------

# What a row of the list shows and groups by: a couple with years of agreements has hundreds
# of rows, so the list reads no history, reasons or timestamps it does not show.
LIST_FIELDS = (
    "public_id",
    "partnership",
    "wording",
    "category",
    "state",
    "revisit_on",
    "proposed_by",
    "waiting_on",
    "starter",
)


def _live(partnership_id: int) -> QuerySet[Boundary]:
    return (
        Boundary.objects.for_partnership(partnership_id)
        .live()
        .in_category_order()
        .only(*LIST_FIELDS)
    )


def _recently_retired(partnership_id: int) -> QuerySet[Boundary]:
    # One more than shown tells whether to link to the rest, without a COUNT query.
    return (
        Boundary.objects.for_partnership(partnership_id)
        .filter(state=State.RETIRED)
        .order_by("-updated_at")
        .only(*LIST_FIELDS)[: RECENT_RETIRED + 1]
    )


# Compiled once per process (journal.compiled): the same two statements on every visit.
LIVE = CompiledQuery(_live, partnership_id=ID)
RETIRED = CompiledQuery(_recently_retired, partnership_id=ID)


@couple_required
@couple_page
@require_GET
def boundary_list(request: HttpRequest) -> HttpResponse:
    couple = get_couple_or_404(request)
    today = couple.partnership.today()
    partnership_id = couple.partnership.pk
    # Every agreement is grouped and counted; only the rows on the pages shown are dressed
    # for display below (names, labels, cut wording, dates): a couple may keep hundreds.
    live = LIVE.rows(partnership_id=partnership_id)
    me_id = couple.me.user_id
    for boundary in live:
        boundary.waiting_on_me = boundary.waiting_on_id == me_id
        boundary.due = boundary.is_due(today)
    retired = _for_list(RETIRED.rows(partnership_id=partnership_id), couple, today, LINE_CUTS)
    adopted = {boundary.starter for boundary in live if boundary.starter}
    groups: dict[str, list[Boundary]] = {
        "waiting_for_you": [],
        "waiting_for_partner": [],
        "agreed": [],
        "on_hold": [],
    }
    for boundary in live:
        if boundary.waiting_on_id is not None:
            key = "waiting_for_you" if boundary.waiting_on_me else "waiting_for_partner"
        elif boundary.state == State.AGREED:
            key = "agreed"
        else:
            key = "on_hold"
        groups[key].append(boundary)
    numbers = {param: _page_number(request, param) for param in LIST_PER_PAGE}
    pages = {
        "waiting_for_you": _list_page(groups["waiting_for_you"], "yours", numbers),
        "waiting_for_partner": _list_page(groups["waiting_for_partner"], "theirs", numbers),
        "agreed": _list_page(groups["agreed"], "page", numbers),
        "on_hold": _list_page(groups["on_hold"], "held", numbers),
    }
    for key, page in pages.items():
        # A page of a list in memory is a slice of it: the same instances.
        shown = cast(list[Boundary], page.object_list)
        _for_list(shown, couple, today, ITEM_CUTS if key.startswith("waiting") else LINE_CUTS)
    # Each shown row's HTML (journal/boundaries/rows.py). The page is the list's own path,
    # so each row links to "<public id>/": no reverse() per row, 12 bytes less a link.
    partner_name = couple.partner_name
    for key in ("waiting_for_you", "waiting_for_partner"):
        for boundary in pages[key]:
            boundary.html = rows.item(
                boundary,
                "",
                me_id=couple.user.pk,
                partner_name=partner_name,
                answer=key == "waiting_for_you",
            )
    for boundary in [*pages["agreed"], *pages["on_hold"], *retired[:RECENT_RETIRED]]:
        boundary.html = rows.line(boundary, "")
    return render(
        request,
        "journal/boundaries/list.html",
        {
            "couple": couple,
            "partner_name": partner_name,
            **pages,
            "due_count": sum(1 for boundary in groups["agreed"] if boundary.due),
            "retired": retired[:RECENT_RETIRED],
            "more_retired": len(retired) > RECENT_RETIRED,
            "starters": [
                s for s in boundary_starters.for_person(couple.me) if s.key not in adopted
            ],
            "categories": dict(Category.choices),
        },
    )


def _page_number(request: HttpRequest, param: str) -> int:
    """The page asked for, or 1 for anything but plain digits: NUL bytes, junk, huge numbers."""
    raw = request.GET.get(param, "")
    if raw.isascii() and raw.isdigit() and len(raw) <= 6:
        return max(int(raw), 1)
    return 1


class ListPage(Page):
    """A page of one group on the list, with the query strings of its neighbours."""

    previous_query: str | None = None
    next_query: str | None = None


class ListPaginator(Paginator):
    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        return ListPage(*args, **kwargs)


def _list_page(items: list[Boundary], param: str, numbers: dict[str, int]) -> ListPage:
    """One page of a group already in memory; past the end shows the last page.

    Each group pages with its own parameter, so paging one leaves the others where they
    were. Links are built from the sanitised numbers only, never from the raw query.
    """
    page = ListPaginator(items, LIST_PER_PAGE[param]).get_page(numbers[param])
    assert isinstance(page, ListPage)

    def query(number: int) -> str:
        wanted = {**numbers, param: number}
        return urlencode({key: value for key, value in wanted.items() if value != 1})

    page.previous_query = query(page.number - 1) if page.has_previous() else None
    page.next_query = query(page.number + 1) if page.has_next() else None
    return page


@couple_required
@require_GET
def boundary_retired(request: HttpRequest) -> HttpResponse:
    couple = get_couple_or_404(request)
    retired = (
        Boundary.objects.for_partnership(couple.partnership)
        .filter(state=State.RETIRED)
        .order_by("-updated_at")
    )
    page = Paginator(retired, RETIRED_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _for_list(list(page.object_list), couple, couple.partnership.today())
    detail_base = reverse("boundary_list")
    for boundary in page.object_list:
        vars(boundary)["html"] = rows.item(
            boundary,
            detail_base,
            me_id=couple.user.pk,
            partner_name=couple.partner_name,
            answer=False,
        )
    return render(request, "journal/boundaries/retired.html", {"couple": couple, "page": page})


@couple_required
@require_http_methods(["GET", "POST"])
def boundary_propose(request: HttpRequest) -> HttpResponse:
    couple = get_couple_or_404(request)
    today = couple.partnership.today()
    starter = boundary_starters.find(request.GET.get("starter"), couple.me)
    initial = {}
    if starter:
        initial = {"wording": starter.wording, "why": starter.why, "category": starter.category}
    form = bind(request, BoundaryForm, new=True, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            boundary, created = rules.propose(
                couple,
                form.details(),
                starter=starter.key if starter else "",
                submission_key=form.cleaned_data["submission_key"],
            )
        except BoundaryError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(
                    request, f"Proposed. It is waiting for {couple.partner_name}'s answer."
                )
            else:
                messages.info(request, "You had already sent this proposal; here it is.")
            return redirect("boundary_detail", boundary.public_id)
    return render(
        request,
        "journal/boundaries/propose.html",
        {
            "couple": couple,
            "form": form,
            "starter": starter,
            "starters": boundary_starters.for_person(couple.me),
            "partner_name": couple.partner_name,
        },
        status=status_for(form),
    )


@couple_required
@require_GET
def boundary_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    couple = get_couple_or_404(request)
    boundary = couple.get_object_or_404(Boundary.objects.all(), public_id=public_id)
    return _render_detail(request, couple, boundary)


@couple_required
@require_http_methods(["GET", "POST"])
def boundary_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    couple = get_couple_or_404(request)
    boundary = couple.get_object_or_404(Boundary.objects.all(), public_id=public_id)
    today = couple.partnership.today()
    if request.method == "GET" and boundary.is_retired:
        messages.error(request, rules.RETIRED_MESSAGE)
        return redirect("boundary_detail", boundary.public_id)
    form = bind(request, BoundaryForm, today=today, boundary=boundary)
    if request.method == "POST" and form.is_valid():
        try:
            event = rules.revise(
                couple,
                boundary,
                form.cleaned_data["version"],
                form.details(),
                note=form.cleaned_data["note"],
            )
        except Conflict as conflict:
            return _render_conflict(
                request,
                couple,
                conflict.current,
                form,
                action_url=reverse("boundary_edit", args=[boundary.public_id]),
                button="Save my version",
                still_allowed=not conflict.current.is_retired,
            )
        except BoundaryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _revised_message(event, couple))
            return redirect("boundary_detail", boundary.public_id)
    _label([boundary], couple)
    return _page(
        request,
        couple,
        boundary,
        "journal/boundaries/edit.html",
        {"form": form},
        status=status_for(form),
    )


def _revised_message(event: BoundaryEvent, couple: Couple) -> str:
    partner = couple.partner_name
    if event.state == State.PROPOSED:
        return f"Saved. It is waiting for {partner}'s answer."
    return f"Saved. {partner} can see what changed."


@couple_required
@require_http_methods(["GET", "POST"])
def boundary_answer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Answer a proposal (agree, other wording, decline) or a request to revisit."""
    couple = get_couple_or_404(request)
    boundary = couple.get_object_or_404(Boundary.objects.all(), public_id=public_id)
    today = couple.partnership.today()
    if request.method == "GET":
        if boundary.waiting_on_id != couple.user.pk:
            messages.info(request, "Nothing here is waiting for your answer.")
            return redirect("boundary_detail", boundary.public_id)
        return _render_answer(request, couple, boundary)
    # POST: an answer in other words (the other answers post to boundary_step).
    form = bind(request, BoundaryForm, prefix="counter", today=today, boundary=boundary)
    if form.is_valid():
        try:
            if boundary.waiting_on_id != couple.user.pk and (
                boundary.version == form.cleaned_data["version"]
            ):
                # Not stale, simply not theirs to answer (their own proposal, say).
                raise BoundaryError("Nothing here is waiting for your answer.")
            rules.revise(
                couple,
                boundary,
                form.cleaned_data["version"],
                form.details(),
                note=form.cleaned_data["note"],
            )
        except Conflict as conflict:
            return _render_conflict(
                request,
                couple,
                conflict.current,
                form,
                action_url=reverse("boundary_answer", args=[boundary.public_id]),
                button="Send my wording",
                still_allowed=conflict.current.waiting_on_id == couple.user.pk,
            )
        except BoundaryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Your wording is with {couple.partner_name} for their answer."
            )
            return redirect("boundary_detail", boundary.public_id)
    return _render_answer(request, couple, boundary, counter=form, status=400)


@couple_required
@require_POST
def boundary_step(request: HttpRequest, public_id: UUID, slug: str) -> HttpResponse:
    """One of the steps in `rules.STEPS` that move a boundary: the slug is the step's name."""
    step = rules.STEPS.get(slug)
    if step is None or not step.is_transition:
        raise Http404("No such step.")
    couple = get_couple_or_404(request)
    boundary = couple.get_object_or_404(Boundary.objects.all(), public_id=public_id)
    today = couple.partnership.today()
    form = bind(request, step_form_class(step), prefix=step.name, today=today, boundary=boundary)
    on_answer_page = step in rules.answer_steps(boundary, couple.user)
    error = None
    bound: StepForm | None = form
    if form.is_valid():
        if isinstance(form, RetireForm) and retire.needs_confirmation(
            couple, boundary, form, today
        ):
            return retire.confirm_page(request, couple, boundary, form)
        try:
            step(
                couple,
                boundary,
                form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                revisit_on=form.cleaned_data.get("revisit_on"),
            )
        except Conflict as conflict:
            current = conflict.current
            return _render_conflict(
                request,
                couple,
                current,
                form,
                action_url=_step_url(current, step),
                button=step.button,
                still_allowed=step.name in rules.allowed_actions(current, couple.user, today),
            )
        except BoundaryError as refused:
            error, bound = str(refused), None
        else:
            done = step.done.format(
                partner=couple.partner_name,
                revisit_on=date_format(boundary.revisit_on, "j F Y"),
            )
            messages.success(request, done)
            return redirect("boundary_detail", boundary.public_id)
    render_page = _render_answer if on_answer_page else _render_detail
    return render_page(request, couple, boundary, bound=bound, error=error, status=400)
