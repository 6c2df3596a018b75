"""The eight articles issue 14 added: each a real article of the library, linked to the
glossary where one of its words first appears, and the triage page short enough to print."""

import re

import pytest

from tests.resources.test_citations import CITATION
from tests.resources.test_shipped_content import ARTICLES_DIR, split_article, word_count

NEW_ARTICLES = [
    "at-home-ketamine",
    "who-to-call-when",
    "when-it-fades-fails-or-ends",
    "an-esketamine-session-step-by-step",
    "cost-insurance-and-access",
    "your-own-mental-health-and-the-relationship",
    "after-care-and-integration",
    "words-youll-hear",
]
GLOSSARY = "words-youll-hear"
GLOSSARY_URL = f"/library/{GLOSSARY}/"
# Each glossary word as it appears in running text.
TERMS = {
    "course": r"courses?",
    "induction": r"induction",
    "maintenance": r"maintenance",
    "booster": r"boosters?",
    "response": r"response",
    "remission": r"remission",
    "TRD": r"TRD|treatment-resistant depression",
    "off-label": r"off-label",
    "REMS": r"REMS",
}
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def body(slug):
    return split_article((ARTICLES_DIR / f"{slug}.md").read_text(encoding="utf-8"))[1]


def unlinked_first_uses(markdown):
    """Glossary words whose first use in the text is not a link to the glossary."""
    text = CITATION.sub("", markdown)
    # Headings and the standard crisis box are not where a reader meets a word in a sentence.
    text = re.sub(r"^(?:>|#).*$", "", text, flags=re.MULTILINE)
    problems = []
    for term, pattern in TERMS.items():
        found = re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)
        if not found:
            continue
        inside = [m for m in LINK.finditer(text) if m.start(1) <= found.start() < m.end(1)]
        if not inside or inside[0].group(2) != GLOSSARY_URL:
            problems.append(term)
    return problems


def test_all_eight_ship():
    for slug in NEW_ARTICLES:
        assert (ARTICLES_DIR / f"{slug}.md").is_file(), slug


@pytest.mark.parametrize("slug", [s for s in NEW_ARTICLES if s != GLOSSARY])
def test_glossary_words_link_to_the_glossary_where_they_first_appear(slug):
    assert unlinked_first_uses(body(slug)) == []


def test_the_glossary_explains_every_word():
    headings = re.findall(r"^## (.+)$", body(GLOSSARY), re.MULTILINE)
    for term in TERMS:
        assert any(heading.lower().startswith(term.lower()) for heading in headings), term


def test_the_link_check_can_fail():
    assert unlinked_first_uses("After the course, a [course](/library/x/).") == ["course"]
    assert unlinked_first_uses("Your [remission](/library/words-youll-hear/) and REMS.") == ["REMS"]
    assert unlinked_first_uses("A [course](/library/words-youll-hear/) of REMS") == ["REMS"]


def test_who_to_call_stays_short_enough_for_one_page():
    text = body("who-to-call-when")
    assert word_count(text) <= 450
    assert "|" not in text  # no tables: they break badly across a printed page


def test_at_home_article_covers_the_other_adults_job():
    text = body("at-home-ketamine").lower()
    for needed in ("recovery position", "cannot wake", "locked", "count", "children", "pets"):
        assert needed in text, needed
    assert re.search(r"vomit", text)
