"""What the clinic summary shows, gathered in a fixed number of queries whatever the history.

Only the link owner's own writing: their check-ins in the weeks the link covers, and the
treatment-log entries they wrote. The partner's "how they seemed" answers join only while
`rules.partner_answers_shown` says so, and only for weeks the owner may read them (the reveal
rule, `CheckIn.objects.visible_to`).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.dateformat import format as format_date

from journal import weeks as couple_weeks
from journal.checkins import answers as checkin_answers
from journal.checkins import chart as svg_chart
from journal.checkins import questionnaires
from journal.checkins import rules as checkins
from journal.checkins.models import AfterEffect
from journal.clinic import rules
from journal.clinic.models import ClinicShareLink
from journal.models import CheckIn, TreatmentEntry
from journal.treatment.models import Status

OWN_FIELDS = (
    "week_start",
    "mood",
    "anxiety",
    "sleep",
    "sessions",
    "treatment_changes",
    "after_effects",
    "after_effects_other",
    "as_prescribed",
    "what_helped",
    "unsafe_now",
    "phq9",
    "phq9_total",
    "gad7",
    "gad7_total",
    "who5",
    "who5_total",
)
PARTNER_FIELDS = (
    "week_start",
    "seemed_mood",
    "seemed_sleep",
    "seemed_energy",
    "seemed_openness",
    "seemed_notes",
)


@dataclass
class Week:
    start: date
    label: str
    own: CheckIn | None = None
    partner: CheckIn | None = None
    entries: list = field(default_factory=list)
    after_effects: str = ""
    scores: list = field(default_factory=list)

    @property
    def score_cells(self) -> list[str]:
        """PHQ-9, GAD-7, WHO-5: "12, moderate", or a dash when not answered that week."""
        by_code = {score.instrument.code: score for score in self.scores}
        cells = []
        for code in ("phq9", "gad7", "who5"):
            score = by_code.get(code)
            if score is None:
                cells.append("—")
            elif score.percentage is not None:
                cells.append(f"{score.total} ({score.percentage}%), {score.band}")
            else:
                cells.append(f"{score.total}, {score.band}")
        return cells


@dataclass
class SelfHarmAnswer:
    week_label: str
    answer: str


@dataclass
class Summary:
    link: ClinicShareLink
    weeks: list
    entries: list
    chart: svg_chart.Chart
    self_harm: list
    unsafe_weeks: list
    words: list  # [(week label, [(label, text)])]
    partner_shown: bool
    partner_name: str
    owner_name: str
    instruments: dict

    @property
    def last_week_running(self) -> bool:
        return couple_weeks.local_date(timezone.now(), self.link.partnership.time_zone) <= (
            self.link.covers_until
        )

    @property
    def answered_weeks(self) -> int:
        return sum(1 for week in self.weeks if week.own)

    @property
    def score_weeks(self) -> list:
        return [week for week in self.weeks if week.scores]

    @property
    def partner_weeks(self) -> list:
        return [week for week in self.weeks if week.partner]


class _CoupleView:
    """Just enough of a Couple for the reveal rule, which reads only the partnership."""

    def __init__(self, partnership) -> None:
        self.partnership = partnership


def week_starts(link: ClinicShareLink) -> list[date]:
    count = ((link.covers_until - link.covers_from).days + 1) // 7
    starts = [link.covers_from + timedelta(weeks=i) for i in range(max(count, 1))]
    return starts


def after_effects(checkin: CheckIn) -> str:
    labels = [AfterEffect(code).label for code in checkin.after_effects or []]
    if checkin.after_effects_other:
        labels = [label for label in labels if label != AfterEffect.OTHER.label]
        labels.append(f"Other: {checkin.after_effects_other}")
    return ", ".join(labels)


def build(link: ClinicShareLink) -> Summary:
    starts = week_starts(link)
    weeks = [Week(start, format_date(start, "j M Y")) for start in starts]
    _fill_own(link, starts, weeks)
    partner_shown = rules.partner_answers_shown(link)
    if partner_shown:
        _fill_partner(link, starts, weeks)
    entries = _entries(link)
    chart = _chart(starts, weeks, _markers(starts, entries))
    self_harm, unsafe_weeks, words = _what_was_said(link, weeks)
    return Summary(
        link=link,
        weeks=weeks,
        entries=entries,
        chart=chart,
        self_harm=self_harm,
        unsafe_weeks=unsafe_weeks,
        words=words,
        partner_shown=partner_shown,
        partner_name=link.partner.name if partner_shown and link.partner else "",
        owner_name=link.owner.name,
        instruments=questionnaires.INSTRUMENTS,
    )


def _fill_own(link: ClinicShareLink, starts: list, weeks: list[Week]) -> None:
    """The person's own check-ins, one per week, with their after-effects and totals."""
    fields = OWN_FIELDS + (("private_note",) if link.include_private_notes else ())
    own = (
        CheckIn.objects.filter(
            partnership_id=link.partnership_id,
            author_id=link.owner_id,
            week_start__gte=link.covers_from,
            week_start__lte=link.covers_until,
        )
        .only(*fields)
        .order_by("week_start")
    )
    for checkin in own:
        index = checkins.week_bucket(starts, checkin.week_start)
        if index is not None:
            week = weeks[index]
            week.own = checkin
            week.after_effects = after_effects(checkin)
            week.scores = checkin_answers.scores(
                {name: getattr(checkin, name) for name in OWN_FIELDS if name != "week_start"}
            )


def _fill_partner(link: ClinicShareLink, starts: list, weeks: list[Week]) -> None:
    """The partner's answers, only where the weekly reveal rule would show them to the person."""
    theirs = (
        CheckIn.objects.visible_to(link.owner, _CoupleView(link.partnership))
        .filter(
            author_id=link.partner_id,
            week_start__gte=link.covers_from,
            week_start__lte=link.covers_until,
        )
        .only(*PARTNER_FIELDS)
        .order_by("week_start")
    )
    for checkin in theirs:
        index = checkins.week_bucket(starts, checkin.week_start)
        if index is not None:
            weeks[index].partner = checkin


def _entries(link: ClinicShareLink) -> list:
    return list(
        TreatmentEntry.objects.filter(
            partnership_id=link.partnership_id,
            author_id=link.owner_id,
            on_date__gte=link.covers_from,
            on_date__lte=link.covers_until,
        )
        .only("kind", "status", "on_date", "at_time", "place", "note")
        .order_by("on_date", "at_time", "created_at")
    )


def _markers(starts: list, entries: list) -> list[list[str]]:
    markers: list[list[str]] = [[] for _ in starts]
    for entry in entries:
        if entry.status == Status.CANCELLED:
            continue
        index = checkins.week_bucket(starts, entry.on_date)
        if index is not None:
            label = "Treatment session" if entry.is_session else "Treatment change"
            if label not in markers[index]:
                markers[index].append(label)
    return markers


def _chart(starts: list, weeks: list[Week], markers: list[list[str]]):
    def totals(code: str) -> list:
        return [getattr(week.own, f"{code}_total") if week.own else None for week in weeks]

    return svg_chart.line_chart(
        "clinic-scores",
        "Questionnaire totals, week by week",
        [format_date(start, "j M") for start in starts],
        [
            svg_chart.Series("PHQ-9", totals("phq9"), unit="out of 27"),
            svg_chart.Series("GAD-7", totals("gad7"), unit="out of 21"),
            svg_chart.Series("WHO-5 raw score", totals("who5"), unit="out of 25"),
        ],
        markers=markers,
        y_max=27,
        y_step=3,
    )


def _what_was_said(link: ClinicShareLink, weeks: list[Week]):
    """Safety answers first (shown plainly), then the person's own words, week by week."""
    self_harm, unsafe_weeks, words = [], [], []
    item = questionnaires.PHQ9_SELF_HARM_ITEM
    for week in weeks:
        checkin = week.own
        if checkin is None:
            continue
        if questionnaires.phq9_signals_self_harm(checkin.phq9):
            self_harm.append(
                SelfHarmAnswer(
                    week.label, questionnaires.PHQ9.option_label((checkin.phq9 or [])[item])
                )
            )
        if checkin.unsafe_now:
            unsafe_weeks.append(week.label)
        said = [
            (label, text)
            for label, text in (
                ("Anything different in treatment", checkin.treatment_changes),
                ("What helped", checkin.what_helped),
                (
                    "Private note",
                    checkin.private_note if link.include_private_notes else "",
                ),
            )
            if text
        ]
        if said:
            words.append((week.label, said))
    return self_harm, unsafe_weeks, words
