"""The check-in form writes its questions out in Python (journal/checkins/forms.py,
`field_markup`) instead of partials/field.html and Django's widget templates (issue 16: most
of the page's CPU). What a browser and a screen reader get must be the same: every control
with the same attributes (name, value, checked, required, aria-invalid, maxlength...), the
same accessible name, legend, and the same help and error texts tied to it."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from journal.checkins.forms import InTreatmentCheckInForm, SupportingCheckInForm, field_markup
from journal.checkins.questionnaires import PHQ9

IGNORED = {"id", "for", "class"}


class Controls(HTMLParser):
    """Each form control with what assistive technology and a form submission see of it."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.texts: dict[str, str] = {}  # id -> text, for aria-describedby
        self.labels: dict[str, str] = {}  # for -> label text
        self.open: list[dict] = []  # the elements we are inside, innermost last

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self._control(tag, attrs)
            return
        element = {"tag": tag, "attrs": attrs, "text": "", "control": None}
        if tag == "textarea":
            element["control"] = self._control(tag, attrs)
        if tag == "fieldset":
            element["legend"] = ""
        self.open.append(element)

    def _control(self, tag, attrs):
        fieldset = next((e for e in reversed(self.open) if e["tag"] == "fieldset"), None)
        control = {
            "tag": tag,
            "attrs": {k: v for k, v in attrs.items() if k not in IGNORED},
            "id": attrs.get("id"),
            "label": None,
            "fieldset": fieldset,
            "text": "",
        }
        self.controls.append(control)
        for element in self.open:
            if element["tag"] == "label" and element["control"] is None:
                element["control"] = control
        return control

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        element = self.open.pop()
        assert element["tag"] == tag, (element["tag"], tag)
        text = " ".join(element["text"].split())
        if tag == "textarea":
            element["control"]["text"] = element["text"]
        if tag == "label":
            if element["control"] is not None:
                element["control"]["label"] = text
            if element["attrs"].get("for"):
                self.labels[element["attrs"]["for"]] = text
        if tag == "legend":
            fieldset = next(e for e in reversed(self.open) if e["tag"] == "fieldset")
            fieldset["legend"] = text
        if element["attrs"].get("id"):
            self.texts[element["attrs"]["id"]] = text


def seen(html: str) -> list[tuple]:
    parser = Controls()
    parser.feed(html)
    parser.close()
    result = []
    for control in parser.controls:
        attrs = dict(control["attrs"])
        fieldset = control["fieldset"] or {"attrs": {}}
        described = (
            attrs.pop("aria-describedby", None) or fieldset["attrs"].get("aria-describedby") or ""
        )
        label = control["label"] or parser.labels.get(control["id"], "")
        result.append(
            (
                control["tag"],
                tuple(sorted(attrs.items())),
                label,
                fieldset.get("legend", ""),
                tuple(parser.texts.get(i, f"missing #{i}") for i in described.split()),
                control["text"],
            )
        )
    return result


def django_markup(field) -> str:
    if field.is_hidden:
        return str(field)
    return render_to_string("partials/field.html", {"field": field})


def _forms():
    yield InTreatmentCheckInForm(partner_name="Alex")
    yield SupportingCheckInForm(partner_name="Sam")
    yield InTreatmentCheckInForm(
        initial={
            "mood": 4,
            "sleep": 0,
            "after_effects": ["nausea", "bladder"],
            "as_prescribed": "no",
            "what_helped": "<b>walks</b> & talks",
            "unsafe_now": True,
            "sessions": 2,
            "week": "2026-11-30",
            "version": 3,
        },
        partner_name="Alex",
    )
    bad = {
        "week": "\x00nonsense",
        "version": "1",
        "mood": "11",
        "anxiety": "",
        "sleep": "seven",
        "sessions": "99",
        "after_effects": ["nausea", "hair-loss"],
        "after_effects_other": "x" * 201,
        "as_prescribed": "sometimes",
        "what_helped": "walk\x00ing",
        "need": "\n  leading newline kept",
        "unsafe_now": "on",
        "unsafe_at_home": "false",
        "private_note": "n" * 5001,
        "phq9_1": "2",
    }
    yield InTreatmentCheckInForm(bad, partner_name="Alex")
    yield SupportingCheckInForm(
        {"mood": "", "seemed_openness": "open", "self_care": "???", "stress": "3"},
        partner_name="Sam",
    )


@pytest.mark.parametrize("form", list(_forms()), ids=lambda f: f"{type(f).__name__}")
def test_written_out_questions_are_what_django_would_render(form):
    names = [name for _, names in form.sections for name in names]
    names += ["private_note", "week", "version"]
    form.is_valid()
    for name in names:
        ours, django = seen(field_markup(form[name])), seen(django_markup(form[name]))
        assert ours == django, name
        assert ours  # something was compared


def test_errors_are_tied_to_their_question_and_marked_invalid():
    form = InTreatmentCheckInForm({"mood": "11", "what_helped": "a\x00b"}, partner_name="Alex")
    form.is_valid()

    mood = field_markup(form["mood"])
    helped = field_markup(form["what_helped"])

    assert '<fieldset aria-describedby="id_mood_helptext id_mood_error">' in mood
    assert '<div class="errors" id="id_mood_error"><p>Choose a number from 0 to 10.</p>' in mood
    assert mood.count('aria-invalid="true"') == 11
    assert 'aria-invalid="true" aria-describedby="id_what_helped_error"' in helped
    assert 'class="field field-error"' in helped


def test_the_form_page_uses_the_written_out_questions(treatment_client):
    page = treatment_client.get("/checkins/this-week/").content.decode()

    assert '<label><input type="radio" name="mood" value="0" required> 0</label>' in page
    assert 'for="id_mood_0"' not in page
    assert f'name="{PHQ9.code}_1"' in page  # not answered this week: open to answer


def test_shared_questionnaire_questions_are_never_changed_by_a_form():
    """Questionnaire fields are built once and shared by every form (issue 16: ~1 ms each):
    filling, refusing and showing forms must leave them as built."""
    from journal.checkins.forms import SHARED_QUESTIONNAIRE_FIELDS, questionnaire_fields
    from journal.checkins.questionnaires import INSTRUMENTS

    def state():
        return {
            (code, name): (f.label, list(f.choices), f.required, dict(f.widget.attrs))
            for code, fields in SHARED_QUESTIONNAIRE_FIELDS.items()
            for name, f in fields.items()
        }

    before = state()
    for form in [*_forms(), InTreatmentCheckInForm({"phq9_1": "9", "who5_2": "x"})]:
        form.is_valid()
        for name in form.fields:
            str(form[name])
            field_markup(form[name])
    assert state() == before
    fresh = {
        (code, name): (f.label, list(f.choices), f.required, dict(f.widget.attrs))
        for code, instrument in INSTRUMENTS.items()
        for name, f in questionnaire_fields(instrument).items()
    }
    assert before == fresh
