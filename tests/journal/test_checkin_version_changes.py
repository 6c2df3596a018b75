"""Earlier versions say what changed, field by field, in the form's own words."""

import re

from django.urls import reverse

from journal.checkins.forms import NOTE_LABEL_TREATMENT
from journal.models import CheckInRevision
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin, treatment_post


def _edited(client, couple, first, second):
    form = reverse("checkin_form")
    assert client.post(form, treatment_post(couple, **first)).status_code == 302
    assert client.post(form, treatment_post(couple, version="1", **second)).status_code == 302
    return CheckInRevision.objects.get().checkin


def _page(client, checkin):
    return client.get(reverse("checkin_revisions", args=[checkin.public_id])).content.decode()


def _changes(page):
    """[(label, before, after)] from the first 'what changed' list on the page."""
    block = page.split('class="answers changes"', 1)[1].split("</dl>", 1)[0]
    rows = re.findall(
        r"<dt>(.*?)</dt>\s*<dd>.*?class=\"was\">(?:<span[^>]*>[^<]*</span>)?(.*?)</span>"
        r".*?class=\"now\">(?:<span[^>]*>[^<]*</span>)?(.*?)</span>",
        block,
        re.S,
    )
    return [tuple(part.strip() for part in row) for row in rows]


def test_each_change_has_the_forms_label_and_old_to_new(treatment_client, couple):
    checkin = _edited(
        treatment_client,
        couple,
        {"mood": "4", "as_prescribed": "yes", "what_helped": "First try"},
        {"mood": "7", "as_prescribed": "not_sure", "what_helped": "First try"},
    )
    changes = _changes(_page(treatment_client, checkin))
    assert ("Overall mood this week", "4 out of 10", "7 out of 10") in changes
    # Choice labels, never the stored codes.
    assert ("Taken as prescribed, nothing extra", "Yes", "Not sure") in changes
    assert all("not_sure" not in part for row in changes for part in row)
    # Unchanged answers are not listed as changes.
    assert not any(label == "What helped" for label, _, _ in changes)


def test_unchanged_answers_are_folded_away(treatment_client, couple):
    checkin = _edited(treatment_client, couple, {"mood": "4"}, {"mood": "5"})
    page = _page(treatment_client, checkin)
    folded = page.split('class="version-unchanged"', 1)[1].split("</details>", 1)[0]
    assert "(7 answers unchanged)" in folded.split("</summary>", 1)[0]
    assert "A long walk on Saturday." in folded


def test_an_answer_taken_away_reads_as_no_answer(treatment_client, couple):
    checkin = _edited(
        treatment_client, couple, {"after_effects": ["nausea", "headache"]}, {"after_effects": []}
    )
    changes = _changes(_page(treatment_client, checkin))
    assert ("After-effects I noticed", "Nausea, Headache", "No answer") in changes


def test_the_private_note_change_shows_to_its_author_only(
    treatment_client, supporting_client, couple, supporting
):
    checkin = _edited(
        treatment_client, couple, {"private_note": "old words"}, {"private_note": NOTE_MARKER}
    )
    changes = _changes(_page(treatment_client, checkin))
    assert (NOTE_LABEL_TREATMENT, "old words", NOTE_MARKER) in changes
    make_checkin(couple, supporting)
    partner = supporting_client.get(reverse("checkin_revisions", args=[checkin.public_id]))
    assert partner.status_code == 404
    detail = supporting_client.get(reverse("checkin_detail", args=[checkin.public_id]))
    assert NOTE_MARKER not in detail.content.decode() and "old words" not in detail.content.decode()
