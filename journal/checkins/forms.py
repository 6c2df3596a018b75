"""The weekly check-in forms, one per role, and the small forms around them.

Every question is optional except overall mood. Optional radio groups end with a "No answer"
choice, because a radio button cannot be un-ticked without JavaScript.
"""

import datetime
import html as html_module

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import SafeString, mark_safe

from journal.checkins import questionnaires
from journal.checkins.models import ANSWER_FIELDS, AfterEffect, AsPrescribed, Openness, SelfCare


def escape(value: object) -> str:
    """django.utils.html.escape's output (html.escape, quotes too), without its lazy-string
    wrapper: the form writes hundreds of values a render."""
    return html_module.escape(str(value))


TEXT_LIMIT = 2000
NOTE_LIMIT = 5000
MAX_SESSIONS = 21
NO_ANSWER = ("", "No answer")
# The hidden input a folded questionnaire (answered this week, not opened) leaves in the form:
# saving keeps that questionnaire's saved answers instead of taking it as cleared.
FOLDED = "folded"
SCALE = [(value, str(value)) for value in range(11)]


def scale(label, help_text, *, required=False):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCALE if required else [*SCALE, NO_ANSWER],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={
            "invalid_choice": "Choose a number from 0 to 10.",
            "required": "Choose a number from 0 to 10. This is the one question we ask every week.",
        },
    )


def choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=[*choices, NO_ANSWER],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers listed."},
    )


def text(label, help_text="", *, limit=TEXT_LIMIT, rows=3):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": (
                "Please keep this to %(limit_value)d characters or fewer; it has %(show_value)d. "
                "Everything you wrote is still here."
            ),
            "null_characters_not_allowed": (
                "This text contains a character that cannot be saved (a null byte). "
                "Please retype or paste it again."
            ),
        },
    )


def questionnaire_fields(instrument):
    """One radio group per item, plus the unscored difficulty question if it has one."""
    fields = {}
    for number, item in enumerate(instrument.items, start=1):
        fields[f"{instrument.code}_{number}"] = forms.TypedChoiceField(
            label=f"{number}. {item}",
            choices=[*instrument.options, NO_ANSWER],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "questionnaire-options"}),
            error_messages={"invalid_choice": "Choose one of the answers listed."},
        )
    if instrument.difficulty_question:
        fields[f"{instrument.code}_difficulty"] = forms.TypedChoiceField(
            label=instrument.difficulty_question,
            choices=[*questionnaires.DIFFICULTY, NO_ANSWER],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "questionnaire-options"}),
            error_messages={"invalid_choice": "Choose one of the answers listed."},
        )
    return fields


# Built once: 23 radio questions cost ~1 ms to build for every form. Nothing changes them
# per form (their labels and choices are the published ones, with no partner name in them),
# so each form shares them; the fields a form does change (help naming the partner, the
# note's label) are Django's usual per-form copies.
SHARED_QUESTIONNAIRE_FIELDS = {
    code: questionnaire_fields(instrument)
    for code, instrument in questionnaires.INSTRUMENTS.items()
}


class CheckInForm(forms.Form):
    """What both forms share: the week they belong to, a version for edits, and safety."""

    instruments: tuple[questionnaires.Instrument, ...] = ()
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()

    week = forms.DateField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, partner_name="your partner", saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_name = partner_name
        # This week's check-in as saved now: what a folded questionnaire keeps.
        self.saved = saved
        for instrument in self.instruments:
            self.fields.update(SHARED_QUESTIONNAIRE_FIELDS[instrument.code])
        _safety_help(self, partner_name)

    def clean(self):
        cleaned = super().clean()
        if self.has_error("week") or self.has_error("version"):
            # Only a damaged or hand-edited page gets here; the answers are still good.
            for name in ("week", "version"):
                self.errors.pop(name, None)
            self.add_error(
                None,
                "This page was out of date, so nothing was saved yet. Your answers are below: "
                "check them and press Save again.",
            )
            cleaned["week"] = None
            cleaned["version"] = None
        for instrument in self.instruments:
            self._clean_questionnaire(instrument, cleaned)
        return cleaned

    def kept(self, instrument):
        """(items, difficulty) saved for a questionnaire that was posted folded, else None.

        Folded means the page said so (the hidden `folded` input) and sent none of its
        answers; only answers saved this week are kept, so a forged or outdated marker
        invents nothing. Once opened, what is posted counts, "No answer" included.
        """
        if not self.is_bound or self.saved is None:
            return None
        code = instrument.code
        data = self.data
        folded = data.getlist(FOLDED) if hasattr(data, "getlist") else [data.get(FOLDED)]
        if code not in folded or any(name.startswith(f"{code}_") for name in data):
            return None
        items = getattr(self.saved, code)
        if not items:
            return None
        return list(items), getattr(self.saved, f"{code}_difficulty", None)

    def _clean_questionnaire(self, instrument, cleaned):
        code = instrument.code
        kept = self.kept(instrument)
        if kept is not None:
            cleaned[code], difficulty = kept
            cleaned[f"{code}_total"] = instrument.total(cleaned[code])
            if f"{code}_difficulty" in self.fields:
                cleaned[f"{code}_difficulty"] = difficulty
            return
        answers = [cleaned.get(f"{code}_{n}") for n in range(1, instrument.item_count + 1)]
        answered = [a for a in answers if a is not None]
        difficulty = cleaned.get(f"{code}_difficulty")
        if answered and len(answered) < instrument.item_count:
            self.add_error(
                f"{code}_1",
                f"Answer all {instrument.item_count} {instrument.name} questions to get a score, "
                f"or set the ones you answered back to “No answer” to leave the "
                f"{instrument.name} out this time.",
            )
            return
        cleaned[code] = answers if answered else None
        cleaned[f"{code}_total"] = instrument.total(answers) if answered else None
        if f"{code}_difficulty" in self.fields:
            cleaned[f"{code}_difficulty"] = difficulty if answered else None

    @property
    def safety_signals(self):
        """What was submitted (valid or not) says about safety: help shows even beside errors."""
        from journal.safety import crisis

        if not self.is_bound:
            return frozenset()
        found = crisis.signals_in_data(self.data)
        # A folded PHQ-9 is not posted, but its saved answers are kept: item 9 counts as if
        # its radios had been sent again.
        kept = self.kept(questionnaires.PHQ9) if questionnaires.PHQ9 in self.instruments else None
        if kept is not None:
            found |= crisis.signals_in_answers({"phq9": kept[0]})
        return found

    def answers(self):
        """cleaned_data as model values for every answer field (unasked ones left empty)."""
        from journal.checkins.models import CheckIn

        values = {}
        for name in ANSWER_FIELDS:
            if name in self.cleaned_data and name not in ("week", "version"):
                value = self.cleaned_data[name]
            else:
                value = CheckIn._meta.get_field(name).get_default()
            if name in ("after_effects",):
                value = list(value or [])
            values[name] = value
        return values

    def section_fields(self):
        """[(title, [bound fields])] in the order the form shows them."""
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def section_markup(self):
        """[(title, markup of its questions)]: see `field_markup`."""
        return [
            (title, _written("".join(field_markup(self[name]) for name in names)))
            for title, names in self.sections
        ]

    def hidden_markup(self):
        return _written("".join(field_markup(field) for field in self.hidden_fields()))

    def note_markup(self):
        return field_markup(self["private_note"])

    def instrument_fields(self):
        return [
            (
                instrument,
                [self[f"{instrument.code}_{n}"] for n in range(1, instrument.item_count + 1)],
                self[f"{instrument.code}_difficulty"]
                if f"{instrument.code}_difficulty" in self.fields
                else None,
            )
            for instrument in self.instruments
        ]


# --- The form's questions, written out -------------------------------------------------------
# The same markup as templates/partials/field.html around Django's own widgets (label or
# fieldset and legend, help and errors with the ids `aria-describedby` points at, the
# attributes Django gives each input: required, aria-invalid, maxlength, min, max...), built
# here without a template render per field and per option: most of the check-in page's CPU
# went into those. Each choice's input sits inside its label, so options need no ids.


def _written(html: str) -> SafeString:
    # Every value put in the markup below went through `escape`: names, labels, help, errors,
    # values and attributes; the rest is literal.
    return mark_safe(html)  # noqa: S308 - see above


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _help_and_errors(field: forms.BoundField) -> tuple[str, str]:
    help_html = (
        f'<div class="help" id="{field.auto_id}_helptext">{escape(field.help_text)}</div>'
        if field.help_text
        else ""
    )
    errors = field.errors
    errors_html = (
        f'<div class="errors" id="{field.auto_id}_error">'
        + "".join(f"<p>{escape(error)}</p>" for error in errors)
        + "</div>"
        if errors
        else ""
    )
    return help_html, errors_html


def _choices(field: forms.BoundField, widget: ChoiceWidget, described: str) -> str:
    kind = "checkbox" if widget.allow_multiple_selected else "radio"
    # Django's own rules: which options are checked, and the attributes each input gets.
    chosen = set(widget.format_value(field.value()))
    attrs = _attrs(
        {k: v for k, v in field.build_widget_attrs({}).items() if k != "aria-describedby"}
    )
    name = field.html_name
    css = widget.attrs.get("class")
    # A 0-10 scale is a row of labels (static/css/checkins.css); other choices one a line.
    start, end = ("<label>", "</label>") if css == "scale" else ("<div><label>", "</label></div>")
    options = "".join(
        f'{start}<input type="{kind}" name="{name}" value="{escape(value)}"{attrs}'
        f"{' checked' if str(value) in chosen else ''}> {escape(label)}{end}"
        for value, label in field.field.choices  # type: ignore[attr-defined]
    )
    help_html, errors_html = _help_and_errors(field)
    required = ' <span class="required">(required)</span>' if field.field.required else ""
    return (
        f'<div class="field{" field-error" if field.errors else ""}"><fieldset{described}>'
        f"<legend>{escape(field.label)}{required}</legend>{help_html}{errors_html}"
        f'<div class="choices"><div id="{field.auto_id}"{_attrs({"class": css})}>{options}'
        "</div></div></fieldset></div>"
    )


def field_markup(field: forms.BoundField) -> SafeString:
    """One question as templates/partials/field.html would show it."""
    widget = field.field.widget
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return _written(_choices(field, widget, described))
    attrs = {**widget.attrs, **field.build_widget_attrs({}), "id": field.auto_id}
    value = field.value()
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            attrs["checked"] = True
        shown = widget.format_value(value)
        control = f'<input type="checkbox" name="{field.html_name}"'
        control += f' value="{escape(shown)}"' if shown is not None else ""
        control += f"{_attrs(attrs)}>"
    elif isinstance(widget, forms.Textarea):
        shown = widget.format_value(value)
        text = escape(shown) if shown else ""
        control = f'<textarea name="{field.html_name}"{_attrs(attrs)}>\n{text}</textarea>'
    else:
        shown = widget.format_value(value)
        control = f'<input type="{widget.input_type}" name="{field.html_name}"'
        control += f' value="{escape(shown)}"' if shown is not None else ""
        control += f"{_attrs(attrs)}>"
    if widget.is_hidden:
        return _written(control)
    help_html, errors_html = _help_and_errors(field)
    label = f'<label for="{field.auto_id}">{escape(field.label)}'
    if isinstance(widget, forms.CheckboxInput):
        css = "field field-error field-checkbox" if field.errors else "field field-checkbox"
        return _written(
            f'<div class="{css}">{control}{label}</label>{help_html}{errors_html}</div>'
        )
    required = ' <span class="required">(required)</span>' if field.field.required else ""
    css = "field field-error" if field.errors else "field"
    return _written(
        f'<div class="{css}">{label}{required}</label>{help_html}{errors_html}{control}</div>'
    )


AT_HOME_LABEL = "I don't feel safe at home"


def _safety_help(form, partner_name):
    """Help texts that say exactly who learns what from the "Right now" answers."""
    if "unsafe_now" in form.fields:
        told = (
            "if you chose that in your safety plan, or if you press “Tell {0} now”"
            if isinstance(form, InTreatmentCheckInForm)
            else "if you press “Tell {0} now” afterwards"
        ).format(partner_name)
        form.fields["unsafe_now"].help_text = (
            f"Tick this and Alongside shows you where to get help straight away. {partner_name} "
            f"is alerted only {told}."
        )
    if "as_prescribed" in form.fields:
        # True by the reveal rule: as_prescribed is not among AUTHOR_ONLY_FIELDS.
        form.fields["as_prescribed"].help_text = (
            f"{partner_name} sees your answer. You can leave it unanswered (“No answer”). "
            "No judgement either way: it is here so the subject stays easy to talk about."
        )
    form.fields["unsafe_at_home"].help_text = (
        f"{partner_name} never sees this answer: not on any page, email, export or chart, and "
        f"it never sends an alert ({partner_name} still sees that you checked in, as every "
        "week). Alongside shows you people who can help, and a quick way to leave the page."
    )


NOTE_LABEL = "Private note (only you will ever see this)"
# The partner in treatment may include their notes in a summary link for their clinic.
NOTE_LABEL_TREATMENT = (
    "Private note (only you, and a clinic if you include your notes in a summary link)"
)
NOTE_HELP = "Not shared with your partner, in any view, ever."
NOTE_HELP_CLINIC = (
    "Not shared with your partner, in any view, ever. A summary link for your clinic that "
    "works now includes your private notes for this week: whoever opens it can read this."
)


class InTreatmentCheckInForm(CheckInForm):
    instruments = (questionnaires.PHQ9, questionnaires.GAD7, questionnaires.WHO5)
    sections = (
        ("How I have been", ("mood", "anxiety", "sleep")),
        (
            "Treatment this week",
            ("sessions", "treatment_changes", "after_effects", "after_effects_other"),
        ),
        ("Medication", ("as_prescribed",)),
        ("Between us", ("what_helped", "need", "appreciated")),
        ("Right now", ("unsafe_now", "unsafe_at_home")),
    )

    mood = scale(
        "Overall mood this week", "0 = the lowest it gets, 10 = really good.", required=True
    )
    anxiety = scale("Anxiety", "0 = none at all, 10 = the most anxious I get.")
    sleep = scale("Sleep", "0 = hardly slept, 10 = slept really well.")
    sessions = forms.IntegerField(
        label="Treatment sessions this week",
        help_text="Infusions, nasal-spray sessions or programme sessions. 0 is a fine answer.",
        required=False,
        min_value=0,
        max_value=MAX_SESSIONS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": f"Enter a whole number of sessions, from 0 to {MAX_SESSIONS}.",
            "min_value": f"Enter a whole number of sessions, from 0 to {MAX_SESSIONS}.",
            "max_value": f"Enter a whole number of sessions, from 0 to {MAX_SESSIONS}.",
        },
    )
    treatment_changes = text(
        "Anything different about treatment?",
        "A new dose or schedule, a changed medication, a missed or extra session.",
    )
    after_effects = forms.MultipleChoiceField(
        label="After-effects I noticed",
        help_text=(
            "Tick any that applied this week. Bladder pain or urgency, or dissociation that "
            "lasts past the day of a session, are worth telling the clinic about."
        ),
        choices=AfterEffect.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the after-effects listed."},
    )
    after_effects_other = forms.CharField(
        label="Other after-effects",
        required=False,
        max_length=200,
        error_messages={
            "max_length": "Please keep this to %(limit_value)d characters or fewer; "
            "it has %(show_value)d.",
        },
    )
    as_prescribed = choice(
        "Taken as prescribed, nothing extra",
        AsPrescribed.choices,
        "No judgement either way: it is here so the subject stays easy to talk about.",
    )
    what_helped = text("What helped")
    need = text("What I need from you this week")
    appreciated = text("Something I appreciated")
    unsafe_now = forms.BooleanField(label="Right now I don't feel safe", required=False)
    unsafe_at_home = forms.BooleanField(label=AT_HOME_LABEL, required=False)
    private_note = text(NOTE_LABEL_TREATMENT, NOTE_HELP, limit=NOTE_LIMIT)

    def clean_after_effects_other(self):
        return self.cleaned_data["after_effects_other"].strip()


class SupportingCheckInForm(CheckInForm):
    instruments = (questionnaires.WHO5,)

    def __init__(self, *args, partner_name="your partner", **kwargs):
        super().__init__(*args, partner_name=partner_name, **kwargs)
        self.sections = (
            (
                f"How {partner_name} seemed to me",
                ("seemed_mood", "seemed_sleep", "seemed_energy", "seemed_openness", "seemed_notes"),
            ),
            ("How I am doing", ("mood", "stress", "self_care", "worries")),
            ("Between us", ("need", "appreciated")),
            ("Right now", ("unsafe_now", "unsafe_at_home")),
        )

    seemed_mood = scale("Their mood, as it seemed to me", "0 = very low, 10 = really good.")
    seemed_sleep = scale("Their sleep, as it seemed to me", "0 = hardly slept, 10 = slept well.")
    seemed_energy = scale("Their energy", "0 = none, 10 = lots.")
    seemed_openness = choice("More withdrawn or more open?", Openness.choices)
    seemed_notes = text("Anything else I noticed")
    mood = scale(
        "My own overall mood this week",
        "0 = the lowest it gets, 10 = really good.",
        required=True,
    )
    stress = scale("My own stress", "0 = none at all, 10 = the most I can take.")
    self_care = choice("Am I looking after myself?", SelfCare.choices)
    worries = text("Anything I am worried about")
    need = text("What I need from you this week")
    appreciated = text("Something I appreciated")
    unsafe_now = forms.BooleanField(label="Right now I don't feel safe", required=False)
    unsafe_at_home = forms.BooleanField(label=AT_HOME_LABEL, required=False)
    private_note = text(NOTE_LABEL, NOTE_HELP, limit=NOTE_LIMIT)


def form_class_for(membership):
    return InTreatmentCheckInForm if membership.is_in_treatment else SupportingCheckInForm


def initial_from(checkin, week_start):
    """Form initial values: a saved check-in's answers, or a blank one for `week_start`."""
    initial = {"week": week_start.isoformat(), "version": checkin.version if checkin else 0}
    if checkin is None:
        return initial
    for name in ANSWER_FIELDS:
        initial[name] = getattr(checkin, name) if name != "private_note" else None
    # The note comes through the reveal rule's own column (see CheckIn.objects.visible_to).
    initial["private_note"] = checkin.note_for_viewer
    for instrument in questionnaires.INSTRUMENTS.values():
        items = getattr(checkin, instrument.code) or []
        for number, value in enumerate(items, start=1):
            initial[f"{instrument.code}_{number}"] = value
    return initial


class PrivateNoteForm(forms.Form):
    private_note = text(NOTE_LABEL, NOTE_HELP, limit=NOTE_LIMIT, rows=6)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConfirmForm(forms.Form):
    """A single button: the form is the CSRF-checked, POST-only way to press it."""


class SummaryRangeForm(forms.Form):
    """The date range of the printable summary; GET parameters, so checked like any input."""

    start = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, like 2025-01-31."},
    )
    end = forms.DateField(
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, like 2025-01-31."},
    )
    include_notes = forms.BooleanField(
        label="Include my private notes",
        required=False,
        help_text="Off unless you choose it: they are yours alone.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be on or after the start date.")
        if start and start < datetime.date(2000, 1, 1):
            self.add_error("start", "Choose a start date after the year 2000.")
        return cleaned
