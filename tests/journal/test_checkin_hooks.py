"""Extra check-in sections (issue 4's boundaries question plugs in here): shown on the form,
validated and saved with the check-in, and shown beside it only when it may be read."""

import pytest
from django import forms
from django.urls import reverse

from journal.checkins import hooks as checkin_hooks
from journal.models import CheckIn
from tests.journal.checkin_factories import make_checkin, supporting_post, treatment_post

SAVED = {}


class ColourForm(forms.Form):
    colour = forms.CharField(label="Colour of the week", max_length=20, required=False)


class ColourSection(checkin_hooks.ExtraSection):
    key = "colour"
    title = "The week in a colour"
    form_template = "partials/form_fields.html"
    answers_template = "journal/checkins/_test_colour.html"

    def form(self, couple, checkin, data=None):
        return ColourForm(data, prefix=self.key)

    def save(self, couple, checkin, form):
        SAVED[checkin.pk] = form.cleaned_data["colour"]

    def answers(self, couple, checkins):
        return {c.pk: SAVED[c.pk] for c in checkins if c.pk in SAVED}


@pytest.fixture(autouse=True)
def colour_section(monkeypatch, tmp_path, settings):
    SAVED.clear()
    folder = tmp_path / "journal" / "checkins"
    folder.mkdir(parents=True)
    (folder / "_test_colour.html").write_text("<p>Colour: {{ answers }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    monkeypatch.setattr(
        checkin_hooks, "extra_sections", lambda couple, query=None: [ColourSection()]
    )


def test_the_section_is_on_the_form(treatment_client):
    page = treatment_client.get(reverse("checkin_form")).content.decode()
    assert "The week in a colour" in page
    assert 'name="colour-colour"' in page


def test_the_section_is_saved_with_the_checkin(treatment_client, couple):
    data = {**treatment_post(couple), "colour-colour": "teal"}
    assert treatment_client.post(reverse("checkin_form"), data).status_code == 302
    assert {CheckIn.objects.get().pk: "teal"} == SAVED


def test_a_bad_section_answer_saves_nothing_and_keeps_everything(treatment_client, couple):
    data = {**treatment_post(couple, what_helped="Keep me"), "colour-colour": "x" * 50}
    response = treatment_client.post(reverse("checkin_form"), data)
    assert response.status_code == 400
    assert "Keep me" in response.content.decode()
    assert not CheckIn.objects.exists() and SAVED == {}


def test_section_answers_are_revealed_with_the_rest(treatment_client, supporting_client, couple):
    treatment_client.post(
        reverse("checkin_form"), {**treatment_post(couple), "colour-colour": "teal"}
    )
    assert "Colour: teal" in treatment_client.get(reverse("checkin_week")).content.decode()
    assert "Colour: teal" not in supporting_client.get(reverse("checkin_week")).content.decode()
    supporting_client.post(reverse("checkin_form"), supporting_post(couple))
    assert "Colour: teal" in supporting_client.get(reverse("checkin_week")).content.decode()


def test_sections_are_asked_only_for_check_ins_that_can_be_read(
    supporting_client, couple, in_treatment
):
    hidden = make_checkin(couple, in_treatment)
    SAVED[hidden.pk] = "secret"
    asked = []
    original = ColourSection.answers

    def spy(self, couple, checkins):
        asked.extend(c.pk for c in checkins)
        return original(self, couple, checkins)

    ColourSection.answers = spy
    try:
        page = supporting_client.get(reverse("checkin_history")).content.decode()
    finally:
        ColourSection.answers = original
    assert hidden.pk not in asked
    assert "secret" not in page
