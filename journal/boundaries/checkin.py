"""The weekly check-in's question "How did our agreed boundaries hold this week?".

The check-in (`journal.checkins.hooks.extra_sections`) asks it; this module knows nothing
of the check-in's hooks. The check-in decides who may read which check-in (its reveal
rule); this section only stores and shows the answers.

A couple with dozens of agreements cannot answer each one every week, so the question asks
one by one about at most `MAX_ASKED` of them: those last answered "partly" or "didn't hold",
those due for a revisit, and those changed since the person's last check-in. One answer
says that all the others held (stored as one `BoundaryCheck` without a boundary, with how
many it covers), and a link asks about every agreement one by one instead. Any agreement
already answered one by one this week, or answered in the posted form, is asked again.
"""

import html as html_module
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db import connection
from django.db.models import Count, JSONField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import JSONObject
from django.http import QueryDict
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from journal import weeks
from journal.boundaries.models import (
    Boundary,
    BoundaryCheck,
    Category,
    Held,
    State,
)
from journal.checkins.as_seen import as_seen
from journal.checkins.cards import day_month
from journal.compiled import DAY, ID, ID_2, CompiledQuery
from journal.models import CheckIn
from journal.templatetags.row_urls import row_url
from partners.access import Couple


def escape(value: object) -> str:
    """django.utils.html.escape's output (html.escape, quotes too), without its lazy-string
    wrapper: the form writes hundreds of values a render."""
    return html_module.escape(str(value))


NOTE_LIMIT = 500
# The typographic apostrophe the answers are worded with (as in "didn't hold").
APOSTROPHE = "\u2019"
# How many agreements the question asks about one by one, at most (unless the person asks
# for all of them, or has already answered more of them one by one this week).
MAX_ASKED = 8
# The query parameter of the link that asks about every agreement one by one.
ALL_PARAMETER = "boundaries"
# The prefix of the section's inputs: short, as each agreement's row names it five times.
FORM_PREFIX = "bd"


def others_wording(count: int) -> str:
    if count == 1:
        return "The other agreement held"
    return f"All the other {count} agreements held"


class BoundariesHeldForm(forms.Form):
    """A held/partly/not choice and a note for each agreement asked about, and one box for
    "all the others held". All optional.

    Each agreement is a numbered row: `b<n>` (a hidden input) carries its public id once,
    `h<n>` its answer and `n<n>` its note, rather than the 32-character id in every name. A
    posted row keeps its number, so its answers are read back whatever else is asked now;
    a posted id that is not an agreement of this couple in force (ended since the page was
    opened, or made up) has no row: its answer is not kept, and `notices` says so.
    """

    def __init__(
        self,
        *args: Any,
        boundaries: list[Boundary],
        earlier: dict[int, tuple[str, str]],
        others: int = 0,
        others_earlier: bool = False,
        posted: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.boundaries = boundaries
        # Not `others`: a template's `form.others` would find the field of that name.
        self.others_count = others
        self.held_choices = Held.choices
        self.note_limit = NOTE_LIMIT
        self.rows = []
        posted = posted or {}
        taken = set(posted.values())
        free = (n for n in range(1, len(boundaries) + len(taken) + 1) if n not in taken)
        self.numbers: dict[int, int] = {}
        for boundary in boundaries:
            number = posted.get(boundary.public_id.hex) or next(free)
            self.numbers[boundary.pk] = number
            held, note = earlier.get(boundary.pk, (None, ""))
            self.fields[f"h{number}"] = forms.ChoiceField(
                label=f"“{boundary.wording}”",
                choices=Held.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=held,
            )
            self.fields[f"n{number}"] = forms.CharField(
                label="A note on this one (optional)",
                required=False,
                max_length=NOTE_LIMIT,
                initial=note,
                error_messages={
                    "max_length": f"Please keep the note to {NOTE_LIMIT} characters or fewer "
                    "(it has %(show_value)d)."
                },
            )
            self.rows.append((boundary, self[f"h{number}"], self[f"n{number}"]))
        if others:
            self.fields["others"] = forms.BooleanField(
                label=others_wording(others) + " this week",
                required=False,
                initial=others_earlier,
            )
        self.notices = self._unkept() if self.is_bound else []

    def _unkept(self) -> list[str]:
        """What the person is told about answers posted for rows this form does not have:
        an agreement ended or changed since the page was opened, or a made-up row."""
        on_form = set(self.numbers.values())
        start = self.add_prefix("h")
        unkept = 0
        for name in self.data:
            number = name[len(start) :]
            if (
                name.startswith(start)
                and number.isdigit()
                and int(number) not in on_form
                and str(self.data.get(name) or "").strip()
            ):
                unkept += 1
        if not unkept:
            return []
        if unkept == 1:
            return [
                "An answer about an agreement that is no longer in force (ended or changed "
                "since the page was opened) was not kept."
            ]
        return [
            f"{unkept} answers about agreements that are no longer in force (ended or changed "
            "since the page was opened) were not kept."
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        for number in self.numbers.values():
            note = (cleaned.get(f"n{number}") or "").strip()
            cleaned[f"n{number}"] = note
            if note and not cleaned.get(f"h{number}"):
                self.add_error(f"h{number}", "Choose held, partly or not, or clear the note below.")
        return cleaned

    def answers(self) -> list[tuple[Boundary, str, str]]:
        """[(boundary, held or "", note)] for every boundary on the form."""
        data = self.cleaned_data
        return [
            (
                b,
                data.get(f"h{self.numbers[b.pk]}") or "",
                data.get(f"n{self.numbers[b.pk]}") or "",
            )
            for b in self.boundaries
        ]

    def others_held(self) -> bool:
        return bool(self.others_count and self.cleaned_data.get("others"))

    def rows_markup(self) -> SafeString:
        """Each agreement's radios and note, written out rather than through partials/
        field.html and Django's widget templates: the same markup (fieldset and legend,
        errors tied to their field, each radio inside its label), at a fraction of the
        cost, for a question that may be asked about every agreement."""
        html = []
        for boundary, held, note in self.rows:
            number = self.numbers[boundary.pk]
            chosen = held.value()
            html.append(
                '<div class="bd-check">'
                f'<input type="hidden" name="{self.add_prefix(f"b{number}")}" '
                f'value="{boundary.public_id.hex}">'
            )
            described = f' aria-describedby="bd{number}-error"' if held.errors else ""
            html.append(
                f'<div class="field{" field-error" if held.errors else ""}">'
                f"<fieldset{described}><legend>{escape(held.label)}</legend>"
            )
            if held.errors:
                html.append(f'<div class="errors" id="bd{number}-error">')
                html.extend(f"<p>{escape(error)}</p>" for error in held.errors)
                html.append("</div>")
            html.append('<div class="choices"><div>')
            for value, label in self.held_choices:
                checked = " checked" if chosen == value else ""
                html.append(
                    f'<div><label><input type="radio" name="{held.html_name}" value="{value}"'
                    f"{checked}> {escape(label)}</label></div>"
                )
            html.append("</div></div></fieldset></div>")
            html.append(
                f'<div class="field{" field-error" if note.errors else ""}">'
                f'<label for="bd{number}-note">{escape(note.label)}</label>'
            )
            if note.errors:
                html.append(f'<div class="errors" id="bd{number}-note-error">')
                html.extend(f"<p>{escape(error)}</p>" for error in note.errors)
                html.append("</div>")
            value = note.value()
            html.append(
                f'<input type="text" name="{note.html_name}" maxlength="{NOTE_LIMIT}" '
                f'id="bd{number}-note"'
                + (f' value="{escape(value)}"' if value else "")
                + (
                    f' aria-invalid="true" aria-describedby="bd{number}-note-error"'
                    if note.errors
                    else ""
                )
                + "></div></div>"
            )
        # Every value above went through `escape`, or is a public id or a choice's own code.
        return mark_safe("".join(html))  # noqa: S308 - see above


@dataclass
class Asked:
    """What the question asks about for one person this week."""

    boundaries: list[Boundary]
    in_force: int

    @property
    def others(self) -> int:
        return self.in_force - len(self.boundaries)


ROW_ID = re.compile(r"[0-9a-f]{32}")


def _posted_rows(data: QueryDict | dict | None, prefix: str) -> dict[str, int]:
    """{public id (hex): row number} of the agreements on a posted form (`<prefix>-b<n>`).
    Anything else, however it came, is not a row."""
    if not data:
        return {}
    start = f"{prefix}-b"
    rows = {}
    for name in data:
        number = name[len(start) :]
        if name.startswith(start) and number.isdigit() and len(number) <= 6:
            key = data.get(name)
            if isinstance(key, str) and ROW_ID.fullmatch(key):
                rows[key] = int(number)
    return rows


def _answered(data: QueryDict | dict | None, prefix: str, rows: dict[str, int]) -> set[str]:
    """The public ids (hex) of agreements answered in a posted form."""
    if not data:
        return set()
    return {key for key, number in rows.items() if f"{prefix}-h{number}" in data}


@dataclass
class InForce:
    """How many agreements are in force, and which check-in of this person's this week (if
    any) says all the others held."""

    count: int
    others_checkin: int | None


# How many agreements are in force, and this person's latest check-in since their weeks began
# with one answer for "all the others". SQL for the reason given at ASKED_SQL (the ORM's
# aggregate over a subquery was compiled again on every request); every value a parameter.
IN_FORCE_SQL = """
SELECT
    (SELECT COUNT(*) FROM {boundary} b
     WHERE b.partnership_id = %(partnership)s AND b.state IN (%(agreed)s, %(revisit)s)),
    (SELECT c.checkin_id FROM {check} c INNER JOIN {checkin} k ON k.id = c.checkin_id
     WHERE c.boundary_id IS NULL AND k.partnership_id = %(partnership)s
         AND k.author_id = %(author)s AND k.week_start >= %(since)s
     ORDER BY k.week_start DESC LIMIT 1)
"""


def _in_force(couple: Couple) -> InForce:
    """One query, whatever the number of agreements or weeks of history."""
    partnership = couple.partnership
    sql = IN_FORCE_SQL.format(
        boundary=Boundary._meta.db_table,
        check=BoundaryCheck._meta.db_table,
        checkin=CheckIn._meta.db_table,
    )
    params: dict[str, Any] = {
        "partnership": partnership.pk,
        "author": couple.user.pk,
        "agreed": State.AGREED.value,
        "revisit": State.REVISIT_REQUESTED.value,
        "since": connection.ops.adapt_datefield_value(weeks.aligned_start(partnership)),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, others = cursor.fetchone()
    return InForce(count, others)


# The agreements in force, each with the person's answer in their previous check-in and in
# this week's, and how urgently to ask about it (0: answered this week or in the posted
# form; 1: didn't hold last time; 2: partly; 3: due for a revisit; 4: changed since the
# last check-in; 9: nothing to ask), with only the columns the question uses (the rest is
# deferred: why, who proposed it, timestamps it never shows). Written as SQL rather than
# built with the ORM: the same statement compiled by Django on every request cost ~15% of
# the check-in page's CPU
# (the ORM repeats each subquery in the WHERE clause). Standard SQL, for PostgreSQL and
# SQLite; every value is a parameter. The partnership is the filter: nothing of another
# couple's is read.
ASKED_SQL = """
SELECT * FROM (
SELECT asked.*,
    ROW_NUMBER() OVER (ORDER BY priority, created_at, id) AS position,
    SUM(CASE WHEN priority = 0 THEN 1 ELSE 0 END) OVER () AS always
FROM (
    SELECT b.id, b.public_id, b.wording, b.category, b.revisit_on, b.state, b.agreed_at,
        b.created_at, b.partnership_id,
        (SELECT c.held FROM {check} c WHERE c.checkin_id = prev.id AND c.boundary_id = b.id)
            AS last_held,
        (SELECT c.held FROM {check} c WHERE c.checkin_id = %(current)s AND c.boundary_id = b.id)
            AS this_held,
        (SELECT c.note FROM {check} c WHERE c.checkin_id = %(current)s AND c.boundary_id = b.id)
            AS this_note,
        CASE
            WHEN EXISTS (SELECT 1 FROM {check} c
                         WHERE c.checkin_id = %(current)s AND c.boundary_id = b.id)
                {explicit} THEN 0
            WHEN (SELECT c.held FROM {check} c
                  WHERE c.checkin_id = prev.id AND c.boundary_id = b.id) = %(not)s THEN 1
            WHEN (SELECT c.held FROM {check} c
                  WHERE c.checkin_id = prev.id AND c.boundary_id = b.id) = %(partly)s THEN 2
            WHEN b.state = %(revisit)s OR b.revisit_on <= %(today)s THEN 3
            WHEN b.updated_at > COALESCE(prev.updated_at, %(week_ago)s) THEN 4
            ELSE 9
        END AS priority
    FROM {boundary} b
    LEFT JOIN (
        SELECT p.id, p.updated_at FROM {checkin} p
        WHERE p.partnership_id = %(partnership)s AND p.author_id = %(author)s
            AND p.week_start < %(before)s
        ORDER BY p.week_start DESC
        LIMIT 1
    ) prev ON 1 = 1
    WHERE b.partnership_id = %(partnership)s AND b.state IN (%(agreed)s, %(revisit)s)
) asked
{where}
) ranked
{room}
ORDER BY priority, created_at, id
"""


def _asked(
    couple: Couple, checkin: CheckIn | None, explicit: set[str], everything: bool, count: int
) -> Asked:
    """The agreements to ask about one by one, with this week's answers: one query, whatever
    the number of agreements or weeks of history."""
    partnership = couple.partnership
    ops = connection.ops
    now = timezone.now()
    params: dict[str, Any] = {
        "current": checkin.pk if checkin is not None else None,
        "not": Held.NOT.value,
        "partly": Held.PARTLY.value,
        "revisit": State.REVISIT_REQUESTED.value,
        "agreed": State.AGREED.value,
        "today": ops.adapt_datefield_value(weeks.local_date(now, partnership.time_zone)),
        "week_ago": ops.adapt_datetimefield_value(now - timedelta(days=7)),
        "partnership": partnership.pk,
        "author": couple.user.pk,
        "before": ops.adapt_datefield_value(
            checkin.week_start if checkin else weeks.aligned_start(partnership)
        ),
    }
    public_id = Boundary._meta.get_field("public_id")
    keys = []
    for n, key in enumerate(sorted(explicit)):
        try:
            value = uuid.UUID(hex=key)
        except ValueError:
            continue
        params[f"key{n}"] = public_id.get_db_prep_value(value, connection)
        keys.append(f"%(key{n})s")
    sql = ASKED_SQL.format(
        check=BoundaryCheck._meta.db_table,
        checkin=CheckIn._meta.db_table,
        boundary=Boundary._meta.db_table,
        explicit=f"OR b.public_id IN ({', '.join(keys)})" if keys else "",
        where="" if everything else "WHERE priority < 9",
        # Only the rows `chosen` below can take: every "always" one, the rest up to
        # MAX_ASKED (not the dozens that may be due at once, each a model instance).
        room="" if everything else "WHERE position <= always OR position <= %(max_asked)s",
    )
    params["max_asked"] = MAX_ASKED
    found = list(Boundary.objects.raw(sql, params))
    # Answers this week or in the form are always asked; the rest up to MAX_ASKED.
    if everything:
        chosen = found
    else:
        chosen = [b for b in found if _priority(b) == 0]
        room = max(0, MAX_ASKED - len(chosen))
        chosen += [b for b in found if _priority(b) != 0][:room]
    # Shown in the order of the boundaries page: by category, then by revisit date.
    categories = {value: i for i, value in enumerate(Category.values)}
    chosen.sort(key=lambda b: (categories.get(b.category, 99), b.revisit_on, b.created_at, b.pk))
    return Asked(chosen, count)


def _priority(boundary: Boundary) -> int:
    # Set by the raw query in `_asked` (0: always asked; lower first), not a model field.
    return boundary.priority  # type: ignore[attr-defined]


def _this(boundary: Boundary, part: str) -> Any:
    # This week's answer, annotated by the raw query in `_asked` ("held" or "note").
    return getattr(boundary, f"this_{part}")


class BoundariesSection:
    """The check-in section (the shape of `journal.checkins.hooks.ExtraSection`)."""

    key = "boundaries"
    title = "How did our agreed boundaries hold this week?"
    form_template = "journal/boundaries/checkin_form.html"
    # Answers are shown by `render_answers`, written out in Python like the card itself.
    answers_template = ""

    def __init__(self, everything: bool = False) -> None:
        # True when the person asked to answer about every agreement one by one.
        self.everything = everything
        self._in_force: InForce | None = None

    def in_force(self, couple: Couple) -> InForce:
        """Read once per request whether `applies_to` or `form` asks first."""
        if self._in_force is None:
            self._in_force = _in_force(couple)
        return self._in_force

    def applies_to(self, couple: Couple, membership: Any) -> bool:
        # Nothing to ask until the couple has agreed on something.
        return bool(self.in_force(couple).count)

    def form(self, couple: Couple, checkin: CheckIn | None, data: Any = None) -> BoundariesHeldForm:
        in_force = self.in_force(couple)
        posted = _posted_rows(data, FORM_PREFIX)
        explicit = _answered(data, FORM_PREFIX, posted)
        asked = _asked(couple, checkin, explicit, self.everything, in_force.count)
        # Only this week's answers prefill the form; last week's are history.
        earlier = {
            b.pk: (_this(b, "held"), _this(b, "note"))
            for b in asked.boundaries
            if _this(b, "held") is not None
        }
        others_said = checkin is not None and in_force.others_checkin == checkin.pk
        if self.everything and checkin is not None and others_said:
            # This week's answer for them was "all the others held": asked one by one now,
            # the agreements it covered start as held, as was said, so saving keeps it.
            for b in asked.boundaries:
                agreed_at = getattr(b, "agreed_at", None)
                if b.pk not in earlier and agreed_at and agreed_at <= checkin.updated_at:
                    earlier[b.pk] = (Held.HELD, "")
        return BoundariesHeldForm(
            data,
            prefix=FORM_PREFIX,
            boundaries=asked.boundaries,
            earlier=earlier,
            others=asked.others,
            others_earlier=others_said,
            posted=posted,
        )

    def save(self, couple: Couple, checkin: CheckIn, form: BoundariesHeldForm) -> None:
        now = timezone.now()
        cleared = []
        for boundary, held, note in form.answers():
            if not held:
                cleared.append(boundary.pk)
                continue
            BoundaryCheck.objects.update_or_create(
                checkin=checkin,
                boundary=boundary,
                defaults={
                    "wording": boundary.wording,
                    "held": held,
                    "note": note,
                    "covers": 1,
                    "updated_at": now,
                },
            )
        stale = Q(boundary_id__in=cleared)
        if form.others_held():
            BoundaryCheck.objects.update_or_create(
                checkin=checkin,
                boundary=None,
                defaults={
                    "wording": others_wording(form.others_count),
                    "held": Held.HELD,
                    "covers": form.others_count,
                    "updated_at": now,
                },
            )
        else:
            stale |= Q(boundary__isnull=True)
        BoundaryCheck.objects.filter(stale, checkin=checkin).delete()

    def tallies(self, couple: Couple, checkins: Iterable[CheckIn]) -> dict[int, "Tally"]:
        """How many agreements held, partly held and didn't hold in each check-in, counted
        by the database (past weeks show only these counts: a check-in may answer about
        hundreds of agreements). One query for up to `TALLY_BATCH` check-ins, compiled once
        per process; the check-in's own reveal rule is applied again inside it."""
        ids = [checkin.pk for checkin in checkins]
        partnership = couple.partnership
        found: dict[int, Tally] = {}
        for start in range(0, len(ids), TALLY_BATCH):
            batch = ids[start : start + TALLY_BATCH]
            values: dict[str, Any] = dict(
                zip(TALLY_IDS, batch + [0] * (TALLY_BATCH - len(batch)), strict=True)
            )
            for checkin in TALLIES.rows(
                partnership_id=partnership.pk,
                user_id=couple.user.pk,
                aligned=weeks.aligned_start(partnership),
                **values,
            ):
                counts = checkin.boundary_tally
                if counts and counts["rows"]:
                    found[checkin.pk] = Tally(
                        held=counts["held"] or 0,
                        partly=counts["partly"] or 0,
                        not_held=counts["not_held"] or 0,
                    )
        return found

    def render_answers(self, answers: "Answers | Tally", *, item: dict, compact: bool) -> str:
        """One check-in's answers inside its card (journal.checkins.cards): on past weeks
        (`compact`) the tally and a link to the check-in's page, elsewhere every answer."""
        checkin = item["checkin"]
        if compact:
            html = ['<ul class="boundary-tally">']
            if answers.held:
                html.append(f"<li>{answers.held} held</li>")
            if answers.partly:
                html.append(f"<li>{answers.partly} partly</li>")
            if answers.not_held:
                html.append(f"<li>{answers.not_held} didn{APOSTROPHE}t hold</li>")
            whose = "Your" if item["mine"] else f"{escape(item['author_name'])}{APOSTROPHE}s"
            html.append(
                f'</ul><p><a href="{escape(row_url("checkin_detail", checkin.public_id))}">'
                f"{whose} answer{'' if len(answers) == 1 else 's'} about each agreement, week "
                f"of {escape(day_month(checkin.week_start))}</a></p>"
            )
            return "".join(html)
        assert isinstance(answers, Answers)
        html = []
        if answers.checks:
            html.append('<dl class="answers">')
            for check in answers.checks:
                note = f" — {linebreaksbr(check.note)}" if check.note else ""
                html.append(
                    f'<div class="answer"><dt>“{escape(check.wording)}”</dt>'
                    f"<dd><strong>{escape(check.get_held_display())}</strong>{note}</dd></div>"
                )
            html.append("</dl>")
        if answers.others:
            html.append(f"<p>{escape(answers.others.wording)}.</p>")
        return "".join(html)

    def answers(self, couple: Couple, checkins: Iterable[CheckIn]) -> dict[int, "Answers"]:
        """One query for all the check-ins shown. The check-in's own reveal rule is applied
        again inside it, so a caller that forgot to filter still shows nothing hidden."""
        ids = [checkin.pk for checkin in checkins]
        if not ids:
            return {}
        visible = CheckIn.objects.visible_to(couple.user, couple).filter(pk__in=ids)
        found: dict[int, Answers] = {}
        for check in BoundaryCheck.objects.filter(
            checkin__in=visible.values("pk"), checkin__partnership=couple.partnership
        ).order_by("checkin_id", "boundary__created_at", "boundary_id"):
            found.setdefault(check.checkin_id, Answers()).add(check)
        return found


@dataclass
class Answers:
    """One check-in's answers: each agreement's, and the one for all the others."""

    checks: list[BoundaryCheck] = field(default_factory=list)
    others: BoundaryCheck | None = None
    tally: Counter = field(default_factory=Counter)

    def add(self, check: BoundaryCheck) -> None:
        if check.boundary_id is None:
            self.others = check
        else:
            self.checks.append(check)
        self.tally[check.held] += check.covers

    def __iter__(self):
        return iter(self.checks)

    def __len__(self) -> int:
        return sum(self.tally.values())

    def __bool__(self) -> bool:
        return bool(self.checks or self.others)

    @property
    def held(self) -> int:
        return self.tally[Held.HELD]

    @property
    def partly(self) -> int:
        return self.tally[Held.PARTLY]

    @property
    def not_held(self) -> int:
        return self.tally[Held.NOT]


@dataclass
class Tally:
    """How one check-in's answers came out, counted (the `compact` answers of a past week)."""

    held: int = 0
    partly: int = 0
    not_held: int = 0

    def __len__(self) -> int:
        return self.held + self.partly + self.not_held


# Check-ins tallied in one query (history shows at most 2 x 4 on a page); ids beyond a
# batch's check-ins are 0, which no row has.
TALLY_BATCH = 8
_TALLY_PLACEHOLDERS: dict[str, Any] = {f"id{n}": -914_271_200 - n for n in range(TALLY_BATCH)}
TALLY_IDS = list(_TALLY_PLACEHOLDERS)


def _tallies(partnership_id: int, user_id: int, aligned: date, **ids: int) -> QuerySet[CheckIn]:
    def held(value: str) -> Sum:
        return Sum("covers", filter=Q(held=value))

    counts = (
        BoundaryCheck.objects.filter(checkin=OuterRef("pk"))
        .order_by()
        .values("checkin")
        .annotate(
            counts=JSONObject(
                rows=Count("pk"),
                held=held(Held.HELD),
                partly=held(Held.PARTLY),
                not_held=held(Held.NOT),
            )
        )
        .values("counts")
    )
    return (
        as_seen(partnership_id, user_id, aligned)
        .filter(pk__in=list(ids.values()))
        .only("pk")
        .annotate(boundary_tally=Subquery(counts, output_field=JSONField()))
    )


TALLIES = CompiledQuery(
    _tallies, partnership_id=ID, user_id=ID_2, aligned=DAY, **_TALLY_PLACEHOLDERS
)


def asks_everything(query: QueryDict | None) -> bool:
    """Whether the check-in form was opened with the link that asks about every agreement."""
    return query is not None and query.get(ALL_PARAMETER) == "all"
