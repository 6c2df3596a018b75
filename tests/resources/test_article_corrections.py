"""The corrections of issue 14, each pinned so the old text cannot come back.

Every test here fails on the article text as it shipped before 2026-12-04 (fact sheet
section 9c lists the errors) and passes on the corrected text.
"""

import re

import pytest

from tests.resources.test_shipped_content import ARTICLES_DIR, split_article


def body(slug):
    return split_article((ARTICLES_DIR / f"{slug}.md").read_text(encoding="utf-8"))[1]


def meta(slug):
    return split_article((ARTICLES_DIR / f"{slug}.md").read_text(encoding="utf-8"))[0]


def section(text, heading):
    """The Markdown under one `## heading`, up to the next heading of that level."""
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 3)
    return text[start : end if end != -1 else len(text)]


# Slow, shallow or stopped breathing and "cannot be woken" are emergency signs (sheet §5).
@pytest.mark.parametrize(
    ("slug", "heading"),
    [
        ("on-a-session-day", "When to get help"),
        ("side-effects-and-risks", "Breathing and waking"),
        ("recognising-a-crisis", "Emergency signs after a dose"),
    ],
)
def test_emergency_lists_name_breathing_and_not_waking(slug, heading):
    text = section(body(slug), heading).lower()
    assert re.search(r"breathing (is |becomes )?slow", text), slug
    assert "stopped breathing" in text or "stops" in text or "has stopped" in text, slug
    assert re.search(r"cannot (be woken|wake)", text), slug


def test_boxed_warning_has_five_items_including_respiratory_depression():
    text = section(body("side-effects-and-risks"), "The label's strongest warning")
    assert "about four things" not in text
    assert "five things" in text and "respiratory depression" in text


def test_morgan_study_is_five_groups_of_thirty_not_150_recreational_users():
    text = body("side-effects-and-risks")
    assert "150 recreational users" not in text
    assert "five groups of 30" in text


def _url(slug, key):
    return next(s["url"] for s in meta(slug)["sources"] if s["key"] == key)


def test_primary_sources_are_restored():
    assert _url("what-the-evidence-says", "REIF-2023") == "https://doi.org/10.1056/NEJMoa2304145"
    assert _url("dependence-and-misuse", "DOJ-2024").startswith("https://www.justice.gov/")
    for slug in ("looking-after-yourself", "talking-about-treatment-as-a-couple"):
        url = _url(slug, "NAMI-F2F")
        assert url == url.lower(), "NAMI's current addresses are lower case"


def test_crisis_article_gives_every_countrys_numbers():
    text = body("recognising-a-crisis")
    assert re.search(r"HOME\W+to 741741", text)
    assert "SHOUT" in text and "85258" in text  # UK text line
    assert "50808" in text  # Ireland text line
    assert "Canada" in text
    ireland = text[text.index("Ireland emergencies") :][:80]
    assert "112" in ireland and "999" in ireland


def test_session_day_interactions_include_stimulants_maois_and_decongestant_timing():
    text = body("on-a-session-day")
    assert "Stimulants" in text or "stimulants" in text
    assert "MAOI" in text
    assert re.search(r"decongestant.{0,120}(an|one) hour before", text, re.DOTALL)


def test_what_ketamine_is_covers_the_2020_indication_and_eu_licence():
    text = body("what-ketamine-treatment-is")
    assert "August 2020" in text and "suicidal" in text
    assert "European" in text and "December 2019" in text


def test_mechanism_is_the_leading_not_a_well_supported_hypothesis():
    text = body("how-it-is-thought-to-work")
    assert "well-supported" not in text
    assert "leading hypothesis" in text


def test_side_effects_names_cystitis_in_the_label_and_home_programmes():
    text = body("side-effects-and-risks")
    assert re.search(r"label lists cystitis", text)
    assert "Most of the common effects are short-lived and happen at the clinic" not in text
    assert "at home" in section(text, "Keeping it in proportion")


def test_boundaries_article_offers_no_same_day_suicide_pact():
    text = body("boundaries-that-help")
    assert not re.search(r"thoughts of suicide, we.ll tell each other", text)
    assert "safety plan" in text and "988" in text and "116 123" in text
