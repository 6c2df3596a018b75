"""Every factual paragraph of a shipped article says which source supports it.

A paragraph (or list, or table with the sentence that introduces it) holding a figure, a
percentage or a regulator's name must carry an inline citation, `[[n]](#source-n)`,
and n must be a source the article lists. Phone numbers are not figures here: they are
checked against the helpline sources by the review, not by this test.
"""

import re

import pytest

from tests.resources.test_shipped_content import ARTICLE_PATHS, split_article

CITATION = re.compile(r"\[\[(\d+)\]\]\(#source-(\d+)\)")
UNITS = (
    r"mg|kg|per ?cent|in (?:every )?100|people|patients|adults|participants|completers|"
    r"sites|infusions|sessions|hours?|minutes?|days?|weeks?|months?|years?|services|"
    r"countries|languages|groups|points|inpatients|users"
)
FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s?%"  # a percentage
    r"|\b\d+\.\d+\b"  # a decimal
    r"|\b(?:19|20)\d\d\b"  # a year
    r"|\b\d[\d,]*(?:\s?(?:to|-|\u2013)\s?\d[\d,]*)?\s(?:" + UNITS + r")\b",
    re.IGNORECASE,
)
REGULATOR = re.compile(
    r"\b(?:FDA|EMA|MHRA|NICE|HPRA|Food and Drug Administration|European Medicines Agency"
    r"|Medicines and Healthcare products Regulatory Agency|Health Products Regulatory Authority)\b"
)


def blocks(markdown):
    """The article's paragraphs, lists and blockquotes; a table joins the text before it."""
    found = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        if block.startswith("|") and found:
            found[-1] += "\n" + block
        else:
            found.append(block)
    return found


def uncited_claims(markdown, source_count):
    """Blocks with a figure or regulator and no citation, or with a citation to nothing."""
    problems = []
    for block in blocks(markdown):
        cited = CITATION.findall(block)
        for shown, target in cited:
            if shown != target or not 1 <= int(shown) <= source_count:
                problems.append(f"citation [{shown}] -> #source-{target} points at no source")
        claim = FIGURE.search(CITATION.sub("", block)) or REGULATOR.search(block)
        if claim and not cited:
            problems.append(f"{claim.group(0)!r} uncited in: {block[:90]}")
    return problems


@pytest.mark.parametrize("path", ARTICLE_PATHS, ids=[p.stem for p in ARTICLE_PATHS])
def test_every_figure_and_regulator_is_cited(path):
    meta, body = split_article(path.read_text(encoding="utf-8"))
    assert uncited_claims(body, len(meta.get("sources", []))) == []


@pytest.mark.parametrize(
    "text",
    [
        "In the trials, 41% felt detached.",
        "The FDA approved it in 2019.",
        "NICE did not recommend it.",
        "The HPRA and the MHRA license medicines.",
        "About 52 in 100 people responded.",
        "Relapse came a median of 18 days later.",
        "The dose was 0.5 mg per kilogram.",
        "- a list item from the EMA",
        "Before the table:\n\n| Effect | Share |\n| --- | --- |\n| Nausea | 28% |",
    ],
)
def test_the_check_fails_on_an_uncited_claim(text):
    assert uncited_claims(text, 3)


@pytest.mark.parametrize(
    "text",
    [
        "In the trials, 41% felt detached.[[1]](#source-1)",
        "The FDA approved it in 2019.[[2]](#source-2) [[3]](#source-3)",
        "Call or text 988, or Samaritans on 116 123.",
        "Plain words with no figure in them.",
        "> **If things feel dark right now:** call or text **988**.",
    ],
)
def test_the_check_passes_cited_claims_and_phone_numbers(text):
    assert uncited_claims(text, 3) == []


def test_a_citation_must_point_at_a_listed_source():
    assert uncited_claims("41% did.[[4]](#source-4)", 3)
    assert uncited_claims("41% did.[[1]](#source-2)", 3)
