"""Visitors' library pages come from the page cache; edits show at once; signed-in
people always get a live page."""

import pytest
from django.urls import reverse

from resources import workflow
from tests.resources.builders import get_counting_queries, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return publish(title="Side effects and risks")


def _url(article):
    return reverse("library_article", args=[article.slug])


def test_a_visitors_second_view_costs_no_queries(client, article, django_assert_num_queries):
    first = client.get(_url(article))
    with django_assert_num_queries(0):
        second = client.get(_url(article))
    assert second.status_code == 200
    assert second.content == first.content


def test_library_home_is_cached_for_visitors_too(client, article, django_assert_num_queries):
    client.get(reverse("library_home"))
    with django_assert_num_queries(0):
        assert client.get(reverse("library_home")).status_code == 200


def test_an_approved_edit_shows_to_visitors_at_once(client, article, editor, reviewer):
    client.get(_url(article))
    revision = workflow.start_revision(article, editor)
    revision.title = "A NEW TITLE AFTER REVIEW"
    revision.save()
    workflow.submit(revision, editor)
    workflow.approve(revision, reviewer, kind="editorial", notes="Checked against sources")
    assert "A NEW TITLE AFTER REVIEW" in client.get(_url(article)).content.decode()


def test_signed_in_readers_get_a_live_page(client, treatment_client, article):
    client.get(_url(article))
    page = treatment_client.get(_url(article)).content.decode()
    assert "Mark as read" in page
    assert "Mark as read" not in client.get(_url(article)).content.decode()


def test_measuring_helper_bypasses_the_cache(client, article):
    client.get(_url(article))
    _, queries = get_counting_queries(client, _url(article))
    assert queries > 0
