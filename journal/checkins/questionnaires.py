"""The optional standard questionnaires: PHQ-9, GAD-7 and WHO-5.

The wording, answer options and scoring are the published instruments' own and must not be
edited. PHQ-9 and GAD-7 were developed by Drs Robert L. Spitzer, Janet B. W. Williams, Kurt
Kroenke and colleagues, with an educational grant from Pfizer Inc.; no permission is required
to reproduce, translate, display or distribute them. The WHO-5 Well-Being Index is
© WHO Collaborating Centre in Mental Health, Psychiatric Centre North Zealand (Denmark).

Scores are self-reported screening figures to take to a clinician, not diagnoses; the pages
that show them say so.
"""

from dataclasses import dataclass

FREQUENCY = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
]

DIFFICULTY = [
    (0, "Not difficult at all"),
    (1, "Somewhat difficult"),
    (2, "Very difficult"),
    (3, "Extremely difficult"),
]

WHO5_FREQUENCY = [
    (5, "All of the time"),
    (4, "Most of the time"),
    (3, "More than half of the time"),
    (2, "Less than half of the time"),
    (1, "Some of the time"),
    (0, "At no time"),
]


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    full_name: str
    instruction: str
    items: tuple
    options: tuple
    bands: tuple
    credit: str
    difficulty_question: str = ""
    score_note: str = ""

    @property
    def item_count(self):
        return len(self.items)

    @property
    def max_total(self):
        return self.item_count * max(value for value, _ in self.options)

    def total(self, answers):
        """The total of a complete set of item answers, or None if any is missing."""
        if answers is None or len(answers) != self.item_count or None in answers:
            return None
        return sum(answers)

    def band(self, total):
        if total is None:
            return ""
        for band in self.bands:
            if band.low <= total <= band.high:
                return band.label
        return ""

    def option_label(self, value):
        return dict(self.options).get(value, "")


PHQ9 = Instrument(
    code="phq9",
    name="PHQ-9",
    full_name="Patient Health Questionnaire (PHQ-9)",
    instruction=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    options=tuple(FREQUENCY),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately severe"),
        Band(20, 27, "severe"),
    ),
    difficulty_question=(
        "If you checked off any problems, how difficult have these problems made it for you to "
        "do your work, take care of things at home, or get along with other people?"
    ),
    credit=(
        "PHQ-9: developed by Drs Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc. No permission required to "
        "reproduce, translate, display or distribute."
    ),
    score_note="Total 0-27. Severity bands: 0-4 minimal, 5-9 mild, 10-14 moderate, "
    "15-19 moderately severe, 20-27 severe.",
)

GAD7 = Instrument(
    code="gad7",
    name="GAD-7",
    full_name="Generalized Anxiety Disorder scale (GAD-7)",
    instruction=(
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    ),
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    options=tuple(FREQUENCY),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
    difficulty_question=(
        "If you checked off any problems, how difficult have these made it for you to do your "
        "work, take care of things at home, or get along with other people?"
    ),
    credit=(
        "GAD-7: developed by Drs Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc. No permission required to "
        "reproduce, translate, display or distribute."
    ),
    score_note="Total 0-21. Severity bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.",
)

WHO5 = Instrument(
    code="who5",
    name="WHO-5",
    full_name="WHO-5 Well-Being Index",
    instruction=(
        "Please indicate for each of the five statements which is closest to how you have been "
        "feeling over the last two weeks. Notice that higher numbers mean better well-being."
    ),
    items=(
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ),
    options=tuple(WHO5_FREQUENCY),
    # Raw score 0-25; the index multiplies it by 4. A raw score below 13 is the usual
    # cut-off for poor well-being and a reason to ask a clinician about depression.
    bands=(
        Band(0, 12, "low well-being"),
        Band(13, 25, "no sign of low well-being"),
    ),
    credit=(
        "WHO-5 Well-Being Index © WHO Collaborating Centre in Mental Health, Psychiatric Centre "
        "North Zealand, Denmark."
    ),
    score_note=(
        "Raw score 0-25, shown with the percentage (raw score times 4). A raw score below 13 "
        "(50% or less) suggests low well-being and is worth raising with a clinician."
    ),
)

INSTRUMENTS = {instrument.code: instrument for instrument in (PHQ9, GAD7, WHO5)}

# PHQ-9 item 9 asks about thoughts of death or self-harm; any answer above "Not at all" shows
# crisis help straight away (see journal.checkins.models.CheckIn.needs_safety_help).
PHQ9_SELF_HARM_ITEM = 8


def who5_percentage(total):
    return None if total is None else total * 4


def phq9_signals_self_harm(answers):
    return (
        bool(answers)
        and len(answers) > PHQ9_SELF_HARM_ITEM
        and (answers[PHQ9_SELF_HARM_ITEM] or 0) > 0
    )
