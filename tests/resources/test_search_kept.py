"""A visitor's search is kept per query and page, and never outlives a change to the library."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.resources.builders import publish

pytestmark = pytest.mark.django_db

SEARCH = reverse("library_search")


@pytest.fixture
def library(db):
    publish("drive-home", title="Getting home after a session")
    publish("sleep", title="Sleep after treatment")


def test_the_same_search_again_is_served_without_the_database(
    client, library, django_assert_num_queries
):
    first = client.get(SEARCH, {"q": "home"})
    assert "Getting home after a session" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(SEARCH, {"q": "home"})
    assert again.content == first.content


def test_each_query_and_page_is_its_own_page(client, library):
    home = client.get(SEARCH, {"q": "home"}).content.decode()
    sleep = client.get(SEARCH, {"q": "sleep"}).content.decode()
    assert "Getting home after a session" in home and "Getting home" not in sleep
    assert "Sleep after treatment" in sleep


def test_a_change_to_the_library_shows_in_the_next_search(client, library):
    client.get(SEARCH, {"q": "sleep"})
    publish("sleep-again", title="Sleep, again")
    assert "Sleep, again" in client.get(SEARCH, {"q": "sleep"}).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"q": "home", "utm": "x"}, {"q": "home" * 100}, {"q": "ho\x00me"}],
    ids=["other parameter", "long", "NUL"],
)
def test_odd_queries_are_answered_live_and_never_kept(client, library, params):
    client.get(SEARCH, params)
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert not [key for key in cache._cache if "library:page:" in key]


def test_signed_in_searches_are_never_the_visitors_page(treatment_client, client, library):
    visitor = client.get(SEARCH, {"q": "home"}).content.decode()
    signed_in = treatment_client.get(SEARCH, {"q": "home"}).content.decode()
    assert "Sign out" in signed_in and "Sign out" not in visitor
