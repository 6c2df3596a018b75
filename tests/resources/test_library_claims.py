"""What Alongside says about its library claims no more than the review records show.

The shipped articles carry editorial fact-check records only; no clinician has reviewed them.
So no page and not the README may call the library "reviewed" or "trustworthy" as if a
clinical review stood behind it.
"""

from pathlib import Path

import pytest

from tests.resources.test_shipped_content import ARTICLE_PATHS, split_article

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"
OVERCLAIMS = (
    "you can trust",
    "library of reviewed articles",
    "reviewed articles about",
    "clinically reviewed articles about",
    "medically reviewed",
    "reviewed by doctors",
    "reviewed by clinicians",
)


def overclaims(text):
    lowered = " ".join(text.lower().split())
    return [phrase for phrase in OVERCLAIMS if phrase in lowered]


def test_every_shipped_record_is_editorial_so_the_claims_must_say_so():
    kinds = {
        split_article(p.read_text(encoding="utf-8"))[0]["review"]["kind"] for p in ARTICLE_PATHS
    }
    assert kinds == {"editorial"}


@pytest.mark.parametrize("url", ["/", "/library/"])
def test_pages_make_no_claim_beyond_the_records(client, url):
    page = client.get(url).content.decode()
    assert overclaims(page) == []


def test_the_library_home_names_the_kinds_of_check(client):
    page = client.get("/library/").content.decode()
    assert "editorial fact-check or a clinical review" in page


def test_the_readme_says_the_checks_are_editorial():
    text = README.read_text(encoding="utf-8")
    assert overclaims(text) == []
    assert "not a clinical review" in text and "no clinician has reviewed" in " ".join(text.split())


def test_the_claim_check_can_fail():
    assert overclaims("A library\nyou can trust") == ["you can trust"]
    assert overclaims("read a library of reviewed articles") == ["library of reviewed articles"]
