"""One category's full list of articles, a page at a time."""

import pytest

from tests.resources.builders import bulk_publish, draft, get_counting_queries, publish

pytestmark = pytest.mark.django_db
URL = "/library/category/risks-and-safety/"


def test_lists_the_published_articles_of_one_category(client):
    publish("risky", title="A risks article")
    publish("elsewhere", title="A crisis article", category="crisis")
    draft("unreviewed", title="A draft")
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Risks and safety</h1>" in page
    assert "A risks article" in page
    assert "A crisis article" not in page and "A draft" not in page


def test_an_unknown_category_is_not_found(client):
    assert client.get("/library/category/nope/").status_code == 404


def test_a_long_category_is_paged(client):
    bulk_publish(180)  # 30 per category
    first = client.get(URL).content.decode()
    assert "Page 1 of 2" in first
    assert client.get(URL, {"page": "2"}).status_code == 200
    assert client.get(URL, {"page": "\x00"}).status_code == 200


def test_query_count_is_the_same_for_12_and_2000_articles(client, django_assert_max_num_queries):
    """Guards the N+1 of each listed article's review: the category, the count, one page."""
    bulk_publish(12)
    with django_assert_max_num_queries(3):
        small = get_counting_queries(client, URL)[1]
    bulk_publish(1988, start=12)
    with django_assert_max_num_queries(3):
        large = get_counting_queries(client, URL)[1]
    assert small == large == 3
