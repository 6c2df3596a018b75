"""The boundaries list never cuts an agreement mid-sentence, revisit dates stay on one
line, and retiring an agreement asks first and then tells the partner."""

import html
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.urls import reverse

from journal.boundaries.models import State
from journal.boundaries.starters import STARTERS
from journal.models import Boundary, Notice
from journal.templatetags.wording import cut_at_sentence, cut_at_word
from tests.journal.boundary_factories import make_boundary, make_due

pytestmark = pytest.mark.django_db
LIST = reverse("boundary_list")
FIRST = "If the dose changes, tell me the same day, even by text."
SECOND = (
    " I would rather hear it from you than notice it myself, because then I can plan the "
    "week around it and we can talk it over properly on Sunday evening."
)


def _wordings_shown(page):
    return re.findall(r"“([^”]*)”", page)


def test_cut_keeps_whole_sentences():
    assert cut_at_sentence(FIRST + SECOND, 140) == (FIRST, True)
    assert cut_at_sentence(FIRST, 140) == (FIRST, False)
    # One sentence longer than the room: shown whole, never cut mid-sentence.
    long_one = "word " * 60
    assert cut_at_sentence(long_one, 140) == (long_one.strip(), False)
    # A first sentence longer than the room is kept whole, the rest left for the page.
    assert cut_at_sentence(long_one.strip() + ". Short.", 140) == (long_one.strip() + ".", True)


def test_list_shows_whole_sentences_with_an_ellipsis_and_a_link(
    treatment_client, in_treatment, supporting
):
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording=FIRST + SECOND)
    page = treatment_client.get(LIST).content.decode()
    shown = [w for w in _wordings_shown(page) if w.startswith("If the dose")]
    assert shown and all(w in (FIRST + " …", FIRST + SECOND) for w in shown), shown
    assert "Read all of it" in page
    # Rows link relative to the list's address (journal/boundaries/rows.py).
    hrefs = [urljoin(LIST, href) for href in re.findall(r'href="([^"]+)"', page)]
    assert hrefs.count(reverse("boundary_detail", args=[boundary.public_id])) >= 2


def test_a_proposal_waiting_for_me_is_not_cut_mid_word(supporting_client, in_treatment, supporting):
    make_boundary(in_treatment, supporting, wording=FIRST + SECOND)
    page = supporting_client.get(LIST).content.decode()
    for wording in _wordings_shown(page):
        if wording.startswith("If the dose"):
            assert wording.rstrip(" …").endswith((".", SECOND.strip())), wording


def test_revisit_dates_do_not_wrap(treatment_client, in_treatment, supporting):
    make_boundary(in_treatment, supporting, State.AGREED)
    make_due(in_treatment, supporting)
    page = treatment_client.get(LIST).content.decode()
    dates = re.findall(r'<span class="bd-date">([^<]+)</span>', page)
    assert dates and all(re.fullmatch(r"\d{1,2} \w{3} \d{4}", d) for d in dates), dates
    css = (Path(settings.BASE_DIR) / "static/css/boundaries.css").read_text()
    assert re.search(r"\.bd-date\s*\{[^}]*white-space:\s*nowrap", css)


def _retire(client, boundary, **extra):
    data = {"retire-version": str(boundary.version), "retire-note": "Course finished"}
    data.update(extra)
    return client.post(reverse("boundary_step", args=[boundary.public_id, "retire"]), data)


def test_retiring_asks_for_confirmation_first(treatment_client, in_treatment, supporting):
    agreed = make_boundary(in_treatment, supporting, State.AGREED, wording="Quiet evenings")
    response = _retire(treatment_client, agreed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Retire this agreement?" in page
    assert "Alex will get a notice" in page
    assert 'name="retire-confirmed"' in page and "Course finished" in page
    assert Boundary.objects.get(pk=agreed.pk).state == State.AGREED
    assert not Notice.objects.filter(recipient=supporting).exists()


def test_confirming_retires_it_and_tells_the_partner(treatment_client, in_treatment, supporting):
    agreed = make_boundary(in_treatment, supporting, State.AGREED, wording="Quiet evenings")
    response = _retire(treatment_client, agreed, **{"retire-confirmed": "True"})
    assert response.status_code == 302
    assert Boundary.objects.get(pk=agreed.pk).state == State.RETIRED
    notice = Notice.objects.get(recipient=supporting)
    assert "retired" in notice.message and "Quiet evenings" in notice.message


def test_a_retired_agreement_shows_no_revisit_date(treatment_client, in_treatment, supporting):
    retired = make_boundary(in_treatment, supporting, State.RETIRED, wording="Quiet evenings")
    agreed = make_boundary(in_treatment, supporting, State.AGREED, wording="Early nights")
    detail = treatment_client.get(reverse("boundary_detail", args=[retired.public_id]))
    assert "Quiet evenings" in detail.content.decode()
    assert "Revisit on" not in detail.content.decode()
    assert "bd-date" not in detail.content.decode().split("<h1", 1)[1].split("</dl>")[0]
    retired_list = treatment_client.get(reverse("boundary_retired")).content.decode()
    assert "Quiet evenings" in retired_list and "revisit" not in retired_list.lower()
    # An agreement still in force keeps its date.
    page = treatment_client.get(reverse("boundary_detail", args=[agreed.public_id]))
    assert "Revisit on" in page.content.decode()


LONG = (
    "On session days I would like some quiet time in the evening, since the after-effects "
    "can last into the night."
)


def _is_word_cut(shown: str, whole: str) -> bool:
    if shown == whole:
        return True
    head = shown.removesuffix("…").rstrip()
    return shown.endswith("…") and whole.startswith(head) and whole[len(head)] in " ,.;:"


def test_cut_at_word_never_splits_a_word():
    for limit in range(10, len(LONG) + 5):
        shown = cut_at_word(LONG, limit)
        assert len(shown) <= limit + 1 and _is_word_cut(shown, LONG), (limit, shown)
    assert cut_at_word("Supercalifragilistic", 8) == "Supercal…"


def test_the_retire_notice_cuts_the_wording_at_a_word(treatment_client, in_treatment, supporting):
    agreed = make_boundary(in_treatment, supporting, State.AGREED, wording=LONG)
    _retire(treatment_client, agreed, **{"retire-confirmed": "True"})
    message = Notice.objects.get(recipient=supporting).message
    quoted = re.search(r"“([^”]*)”", message)
    assert quoted and quoted.group(1) != LONG and _is_word_cut(quoted.group(1), LONG), message


def test_hidden_labels_on_suggestions_are_cut_at_a_word(treatment_client):
    page = html.unescape(treatment_client.get(LIST).content.decode())
    labels = re.findall(r'<span class="bd-vh">: ([^<]+)</span>', page)
    wordings = {s.wording for s in STARTERS} | {s.treated_wording for s in STARTERS}
    assert labels
    for label in labels:
        assert any(_is_word_cut(label, w) for w in wordings), label
