"""PrivateCacheMiddleware: nothing a signed-in person sees may be stored by a cache.

Walks every URL the project has, so a page added later is covered without anyone
remembering to add it here.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

SAMPLE = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "sample", "str": "sample", "path": "x"}
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = str(pattern.pattern)
        if route.startswith("^") or "(?P" in route:
            continue  # regex routes (the admin's own) are covered by /admin/ below
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def every_path():
    paths = set()
    for route in _routes(get_resolver().url_patterns):
        path = CONVERTER.sub(lambda match: SAMPLE.get(match.group(1) or "str", "x"), route)
        paths.add("/" + path)
    return sorted(paths | {"/admin/", "/no-such-page/"})


def _no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", every_path())
def test_every_page_a_partner_sees_is_not_stored(treatment_client, path):
    treatment_client.raise_request_exception = False

    response = treatment_client.get(path)

    assert response.status_code < 500, f"{path} gave {response.status_code}"
    assert _no_store(response), f"{path} ({response.status_code}): {response.get('Cache-Control')}"
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["dashboard", "account_profile", "partnership_start", "account_email"]
)
def test_pages_of_someone_without_a_partner_are_not_stored(loner_client, name):
    response = loner_client.get(reverse(name))

    assert _no_store(response)


def test_a_redirect_after_a_post_is_not_stored(supporting_client):
    response = supporting_client.post(
        reverse("partnership_settings"), {"checkin_weekday": "1", "time_zone": "UTC"}
    )

    assert response.status_code == 302
    assert _no_store(response)


def test_the_response_that_signs_someone_in_is_not_stored(client, loner):
    from tests.factories import PASSWORD

    response = client.post(reverse("account_login"), {"login": loner.email, "password": PASSWORD})

    assert response.status_code == 302
    assert _no_store(response)


def test_public_pages_vary_on_the_cookie(client, db):
    response = client.get(reverse("landing"))

    assert "Cookie" in response["Vary"]
    assert not _no_store(response)
