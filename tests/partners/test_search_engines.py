"""What search engines may read: public pages describe themselves (an article by its own
summary); nothing behind sign-in is indexed (robots meta tag and X-Robots-Tag)."""

import html
import re

import pytest
from django.urls import reverse

from tests.resources.builders import publish

pytestmark = pytest.mark.django_db


def description(page):
    found = re.findall(r'<meta name="description" content="([^"]*)">', page)
    assert len(found) == 1, found
    return html.unescape(found[0])


def test_an_article_is_described_by_its_own_summary(client):
    article = publish(
        "bladder",
        title="Ketamine and the bladder",
        summary="What “bladder” risk means & when to ask.",
    )

    response = client.get(article.get_absolute_url())

    assert description(response.content.decode()) == "What “bladder” risk means & when to ask."
    assert "noindex" not in response.content.decode()
    assert "X-Robots-Tag" not in response.headers


@pytest.mark.parametrize(
    "name",
    ["landing", "account_login", "account_signup", "library_home", "library_search", "privacy"],
)
def test_public_pages_have_a_description_and_may_be_indexed(client, name):
    response = client.get(reverse(name))

    page = response.content.decode()
    assert response.status_code == 200
    assert len(description(page)) > 50
    assert 'name="robots"' not in page
    assert "X-Robots-Tag" not in response.headers


@pytest.mark.parametrize(
    "name", ["dashboard", "checkin_form", "boundary_list", "checkin_trends", "library_home"]
)
def test_signed_in_pages_are_never_indexed(treatment_client, name):
    response = treatment_client.get(reverse(name))

    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response.headers["X-Robots-Tag"] == "noindex"
