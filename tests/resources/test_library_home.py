"""The library home: every category with its first articles, open to everyone."""

from datetime import date, timedelta
from unittest import mock

import pytest

from partners.access import load_couple
from resources.suggestions import mark_read
from tests.resources.builders import bulk_publish, draft, get_counting_queries, publish

pytestmark = pytest.mark.django_db
URL = "/library/"


def test_anyone_can_read_the_library_by_category(client):
    publish("side-effects", title="Side effects and risks", category="risks-and-safety")
    publish("on-a-session-day", title="On a session day", category="session-days")
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Session days and the course") < page.index("Risks and safety")
    assert "Side effects and risks" in page and "On a session day" in page
    assert "This is not medical advice" in page
    assert "In a crisis" not in page  # categories without articles are not listed


def test_drafts_and_revisions_waiting_for_review_are_not_listed(client):
    draft("unreviewed", title="Not reviewed yet")
    assert "Not reviewed yet" not in client.get(URL).content.decode()
    assert "No articles have been published yet" in client.get(URL).content.decode()


def test_an_overdue_review_is_flagged_in_the_list(client):
    publish(reviewed_on=date.today() - timedelta(days=400))
    assert "Review overdue" in client.get(URL).content.decode()


def test_a_signed_in_partner_sees_what_they_have_read(treatment_client, in_treatment):
    article = publish()
    assert "You\u2019ve read this" not in treatment_client.get(URL).content.decode()
    mark_read(load_couple(in_treatment), article)
    assert "You\u2019ve read this" in treatment_client.get(URL).content.decode()


def test_with_clinical_review_only_editorial_articles_are_hidden(client, settings):
    publish("checked", title="Fact-checked only")
    publish("clinical", title="Clinically reviewed", kind="clinical", credential="Psychiatrist")
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    page = client.get(URL).content.decode()
    assert "Clinically reviewed" in page and "Fact-checked only" not in page


def test_a_long_category_links_to_its_full_list(client):
    bulk_publish(60)
    page = client.get(URL).content.decode()
    assert "All 10 articles in Risks and safety" in page


def test_reading_the_library_never_runs_markdown_or_bleach(client):
    publish()
    with (
        mock.patch("markdown.Markdown.convert", side_effect=AssertionError("Markdown ran")),
        mock.patch("bleach.sanitizer.Cleaner.clean", side_effect=AssertionError("bleach ran")),
    ):
        assert client.get(URL).status_code == 200
        assert client.get("/library/an-article/").status_code == 200
        assert client.get("/library/search/?q=words").status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_is_the_same_for_12_and_2000_articles(
    signed_in, client, treatment_client, django_assert_max_num_queries
):
    """Guards the N+1 of loading each category's articles, reviews or read marks one by one:
    categories with counts, the first articles of every category (one windowed query), and
    for a partner their read marks. 1 more loads the signed-in person (the session itself
    comes from the cache)."""
    browser = treatment_client if signed_in else client
    expected = 2 + (1 + 1 if signed_in else 0)
    browser.get(URL)  # first-visit bookkeeping (the device list) out of the way
    bulk_publish(12)
    with django_assert_max_num_queries(expected):
        small = get_counting_queries(browser, URL)[1]
    bulk_publish(1988, start=12)
    with django_assert_max_num_queries(expected):
        response, large = get_counting_queries(browser, URL)
    assert response.status_code == 200
    assert small == large == expected
