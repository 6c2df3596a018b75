"""A form sent just after the partner ended the partnership: what was typed is shown back.

A reviewer typed a check-in while their partner ended the partnership; Save answered
"This shared space has closed" and the text was gone, without a word about it.
"""

import pytest
from django.urls import reverse

from partners import pairing
from partners.access import load_couple

pytestmark = pytest.mark.django_db

NOTE = "Slept badly, but the walk helped <a lot> & I want Alex to know."


@pytest.fixture
def closed(couple, in_treatment):
    pairing.end_partnership(load_couple(in_treatment))


@pytest.mark.parametrize("url", ["checkin_form", "boundary_propose"])
def test_what_was_typed_comes_back_with_the_closed_page(closed, treatment_client, url):
    response = treatment_client.post(
        reverse(url),
        {"mood": "6", "note": NOTE, "wording": NOTE, "version": "3", "submission_key": "x y"},
    )
    page = response.content.decode()
    assert "This shared space has closed" in page
    assert "What you were writing was not saved" in page
    assert "Slept badly, but the walk helped &lt;a lot&gt; &amp; I want Alex to know." in page
    assert "x y" not in page  # a key, not writing


def test_a_visit_to_the_closed_page_says_nothing_about_unsaved_writing(closed, treatment_client):
    page = treatment_client.get(reverse("checkin_form")).content.decode()
    assert "This shared space has closed" in page
    assert "was not saved" not in page
