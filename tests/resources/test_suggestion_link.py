"""The address a suggestion's notice and email point to: it leads to the article."""

import pytest

from partners.access import load_couple
from resources.suggestions import suggest
from tests.resources.builders import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(in_treatment):
    suggestion, _ = suggest(load_couple(in_treatment), publish(), "Have a look")
    return f"/library/suggestions/{suggestion.public_id}/"


def test_signing_in_is_needed(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("partner", ["treatment_client", "supporting_client"])
def test_either_partner_is_taken_to_the_article(request, url, partner):
    response = request.getfixturevalue(partner).get(url)
    assert response.status_code == 302
    assert response["Location"] == "/library/an-article/"


def test_following_the_notice_opens_the_article_for_the_partner(supporting_client, supporting, url):
    from journal.models import Notice

    notice = Notice.objects.get(recipient=supporting)
    response = supporting_client.post(f"/notices/{notice.public_id}/open/", follow=True)
    assert response.redirect_chain[-1][0] == "/library/an-article/"
    assert "Sam suggested this for you" in response.content.decode()


def test_a_stranger_gets_404(stranger_client, url):
    assert stranger_client.get(url).status_code == 404


def test_someone_without_a_partnership_gets_404(loner_client, url):
    assert loner_client.get(url).status_code == 404
