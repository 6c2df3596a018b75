"""Check-in answers as labelled rows for reading: one presenter for every page that shows them
(the week, history, a single check-in, its edit history and the printable summary).

It works on plain answer dicts (`CheckIn.answers()` or a saved revision), so earlier versions
read exactly like the current one. It never decides who may read what: callers pass only
check-ins from `CheckIn.objects.visible_to`, and only an author's own pages ask for
questionnaire items.
"""

from dataclasses import dataclass, field

from journal.checkins import meaning, questionnaires
from journal.checkins.meaning import Sense
from journal.checkins.models import (
    ANSWER_FIELDS,
    AUTHOR_ONLY_FIELDS,
    CLINIC_AFTER_EFFECTS,
    AfterEffect,
    AsPrescribed,
    Openness,
    SelfCare,
)
from partners.models import Role


@dataclass
class Row:
    label: str
    value: str
    scale: int | None = None  # 0-10 answers, so templates can draw a small bar
    sense: Sense | None = None  # which way is better (journal/checkins/meaning.py)

    @property
    def sense_words(self) -> str:
        return meaning.words(self.sense) if self.sense else ""


@dataclass
class Group:
    title: str
    rows: list


@dataclass
class Score:
    instrument: questionnaires.Instrument
    total: int
    band: str
    percentage: int | None = None
    items: list = field(default_factory=list)  # [(question, answer label, value)]
    difficulty: str = ""


def _scale(label, value, name):
    if value is None:
        return None
    return Row(label, f"{value} out of 10", scale=value, sense=meaning.SENSE[name])


def _text(label, value):
    return Row(label, value) if value else None


def _choice(label, choices, value):
    return Row(label, choices(value).label) if value else None


IN_TREATMENT_GROUPS = [
    (
        "How I have been",
        [
            lambda a: _scale("Overall mood", a["mood"], "mood"),
            lambda a: _scale("Anxiety", a["anxiety"], "anxiety"),
            lambda a: _scale("Sleep", a["sleep"], "sleep"),
        ],
    ),
    (
        "Treatment this week",
        [
            lambda a: Row("Sessions", str(a["sessions"])) if a["sessions"] is not None else None,
            lambda a: _text("Anything different", a["treatment_changes"]),
            lambda a: _text("After-effects noticed", _after_effects(a)),
            lambda a: _text("Worth telling the clinic", _clinic_after_effects(a)),
            lambda a: _choice(
                "Taken as prescribed, nothing extra", AsPrescribed, a["as_prescribed"]
            ),
        ],
    ),
    (
        "Between us",
        [
            lambda a: _text("What helped", a["what_helped"]),
            lambda a: _text("What I need from you this week", a["need"]),
            lambda a: _text("Something I appreciated", a["appreciated"]),
        ],
    ),
]

SUPPORTING_GROUPS = [
    (
        "How they seemed to me",
        [
            lambda a: _scale("Their mood", a["seemed_mood"], "seemed_mood"),
            lambda a: _scale("Their sleep", a["seemed_sleep"], "seemed_sleep"),
            lambda a: _scale("Their energy", a["seemed_energy"], "seemed_energy"),
            lambda a: _choice("More withdrawn or more open", Openness, a["seemed_openness"]),
            lambda a: _text("Anything else I noticed", a["seemed_notes"]),
        ],
    ),
    (
        "How I am doing",
        [
            lambda a: _scale("My overall mood", a["mood"], "mood"),
            lambda a: _scale("My own stress", a["stress"], "stress"),
            lambda a: _choice("Looking after myself", SelfCare, a["self_care"]),
            lambda a: _text("Anything I am worried about", a["worries"]),
        ],
    ),
    (
        "Between us",
        [
            lambda a: _text("What I need from you this week", a["need"]),
            lambda a: _text("Something I appreciated", a["appreciated"]),
        ],
    ),
]


def _after_effects(answers):
    labels = [AfterEffect(code).label for code in answers["after_effects"] or []]
    if answers["after_effects_other"]:
        labels = [label for label in labels if label != AfterEffect.OTHER.label]
        labels.append(f"Other: {answers['after_effects_other']}")
    return ", ".join(labels)


def _clinic_after_effects(answers):
    named = [
        CLINIC_AFTER_EFFECTS[c]
        for c in CLINIC_AFTER_EFFECTS
        if c in (answers["after_effects"] or [])
    ]
    if not named:
        return ""
    return (
        " and ".join(named).capitalize()
        + ": tell the clinic rather than waiting to see. If breathing is slow or shallow, or "
        "someone cannot be woken, call the emergency number."
    )


def groups(answers, role):
    """[Group] with only the questions that were answered."""
    spec = IN_TREATMENT_GROUPS if role == Role.IN_TREATMENT else SUPPORTING_GROUPS
    result = []
    for title, makers in spec:
        rows = [row for row in (make(answers) for make in makers) if row is not None]
        if rows:
            result.append(Group(title, rows))
    return result


def scores(answers, *, with_items=False):
    """[Score] for each questionnaire answered; item answers only when asked for."""
    result = []
    for instrument in questionnaires.INSTRUMENTS.values():
        items = answers.get(instrument.code)
        total = answers.get(f"{instrument.code}_total")
        if total is None:
            continue
        score = Score(
            instrument=instrument,
            total=total,
            band=instrument.band(total),
            percentage=questionnaires.who5_percentage(total)
            if instrument is questionnaires.WHO5
            else None,
        )
        if with_items and items:
            score.items = [
                (question, instrument.option_label(value), value)
                for question, value in zip(instrument.items, items, strict=True)
            ]
            difficulty = answers.get(f"{instrument.code}_difficulty")
            if difficulty is not None:
                score.difficulty = dict(questionnaires.DIFFICULTY)[difficulty]
        result.append(score)
    return result


def present(checkin, *, for_author):
    """Everything a page needs to show one check-in that the viewer is allowed to read.

    For the partner, `AUTHOR_ONLY_FIELDS` are left out: questionnaires show totals only and
    "right now I don't feel safe" not at all. The private note is never here; pages show
    `note_for_viewer`, which `visible_to` fills for the author alone.
    """
    hidden = {"private_note"} if for_author else set(AUTHOR_ONLY_FIELDS)
    # Hidden answers are never read from the row (the note is not even loaded for partners).
    answers = {name: None if name in hidden else getattr(checkin, name) for name in ANSWER_FIELDS}
    return {
        "groups": groups(answers, checkin.role),
        "scores": scores(answers, with_items=for_author),
        "unsafe_now": bool(answers["unsafe_now"]),
        "unsafe_at_home": bool(answers["unsafe_at_home"]),
    }


# --- What changed between two versions (the edit history) ------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


NO_ANSWER_TEXT = "No answer"


def _shown(field, value) -> str:
    """One answer as the form offered it: choice labels, "6 out of 10", "Yes"/"No"."""
    from django import forms

    if value in (None, "", []):
        return NO_ANSWER_TEXT
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.MultipleChoiceField):
        # Normalised to (value, label) pairs when the field is built; the stubs keep the
        # union of everything a field accepts.
        labels = dict(field.choices)  # type: ignore[arg-type]
        return ", ".join(str(labels.get(code, code)) for code in value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}  # type: ignore[union-attr,misc]
        label = str(labels.get(str(value), value))
        if "scale" in field.widget.attrs.get("class", ""):
            return f"{label} out of 10"
        return label
    return str(value)


def _comparable(form, answers: dict) -> list[tuple[str, str, bool]]:
    """[(label, shown value, answered)] for every question `form` asks, in its order."""
    result = []
    for name, question in form.fields.items():
        if question.widget.is_hidden:
            continue
        label = str(question.label)
        code, _, number = name.rpartition("_")
        if code in questionnaires.INSTRUMENTS:
            label = f"{questionnaires.INSTRUMENTS[code].name}: {label}"
        if code in questionnaires.INSTRUMENTS and number.isdigit():
            items = answers.get(code) or []
            value = items[int(number) - 1] if len(items) >= int(number) else None
        else:
            value = answers.get(name)
        result.append((label, _shown(question, value), value not in (None, "", [], False)))
    for instrument in questionnaires.INSTRUMENTS.values():
        if any(name.startswith(f"{instrument.code}_") for name in form.fields):
            total = answers.get(f"{instrument.code}_total")
            result.append(
                (
                    f"{instrument.name} total",
                    NO_ANSWER_TEXT if total is None else str(total),
                    total is not None,
                )
            )
    return result


def changes(older: dict, newer: dict, form) -> tuple[list[Change], list[str]]:
    """What changed from `older` to `newer` (answer dicts), labelled as `form` labels them,
    and the labels of what stayed the same. Unasked questions are left out; the private
    note is in it, so only its author's pages may call this."""
    changed, unchanged = [], []
    for (label, old, answered), (_, new, _) in zip(
        _comparable(form, older), _comparable(form, newer), strict=True
    ):
        if old == new:
            if answered:
                unchanged.append(label)
        else:
            changed.append(Change(label, old, new))
    return changed, unchanged
