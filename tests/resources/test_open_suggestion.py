"""Opening a suggestion from the dashboard: it is marked opened and the article opens."""

import pytest

from journal.models import Notice
from partners.access import load_couple
from resources.models import Suggestion
from resources.suggestions import suggest
from tests.resources.builders import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(in_treatment, supporting):
    article = publish()
    suggestion, _ = suggest(load_couple(in_treatment), article, "Have a look")
    return suggestion


def url(suggestion):
    return f"/library/suggestions/{suggestion.public_id}/open/"


def test_signing_in_is_needed(client, suggestion):
    response = client.post(url(suggestion))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_a_post_opens(supporting_client, suggestion):
    assert supporting_client.get(url(suggestion)).status_code == 405


def test_the_partner_it_was_for_opens_it(supporting_client, suggestion, supporting):
    response = supporting_client.post(url(suggestion))
    assert response.status_code == 302
    assert response["Location"] == "/library/an-article/"
    suggestion.refresh_from_db()
    assert suggestion.opened_at is not None
    assert Notice.objects.get(recipient=supporting).read_at is not None


def test_the_partner_who_suggested_it_just_goes_to_the_article(treatment_client, suggestion):
    response = treatment_client.post(url(suggestion))
    assert response["Location"] == "/library/an-article/"
    suggestion.refresh_from_db()
    assert suggestion.opened_at is None


def test_a_stranger_gets_404(stranger_client, suggestion):
    assert stranger_client.post(url(suggestion)).status_code == 404
    assert Suggestion.objects.get().opened_at is None


def test_someone_without_a_partnership_gets_404(loner_client, suggestion):
    assert loner_client.post(url(suggestion)).status_code == 404


def test_an_unknown_suggestion_is_404(supporting_client, suggestion):
    response = supporting_client.post(
        "/library/suggestions/00000000-0000-0000-0000-000000000000/open/"
    )
    assert response.status_code == 404
