"""Opening "Alex suggested an article for you" from the notices opens the suggestion too.

Found by a reviewer: the notice was marked read, but Sam's home still listed the article
under "Suggested for you" and Alex's still said "not opened yet"; only the home panel's
button opened it.
"""

import pytest
from django.urls import reverse

from journal.models import Notice
from resources.models import Suggestion
from tests.resources.builders import publish

pytestmark = pytest.mark.django_db


def test_opening_the_notice_opens_the_suggestion(supporting_client, treatment_client, in_treatment):
    article = publish("between-sessions")
    supporting_client.post(
        reverse("library_suggest", args=[article.slug]), {"note": "This one helped me."}
    )
    suggestion = Suggestion.objects.get()
    notice = Notice.objects.get(recipient=in_treatment, kind=Notice.Kind.ARTICLE_SUGGESTED)
    response = treatment_client.post(reverse("notice_open", args=[notice.public_id]))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.opened_at is not None
    assert "not opened yet" not in supporting_client.get("/home/").content.decode()


def test_a_notice_of_my_own_suggestion_elsewhere_opens_nothing_of_anyone_else(
    supporting_client, treatment_client, supporting, in_treatment
):
    """Only a suggestion made to the person opening the notice is opened by it."""
    article = publish("between-sessions")
    treatment_client.post(reverse("library_suggest", args=[article.slug]), {"note": ""})
    mine = Suggestion.objects.get()
    stray = Notice.objects.get(recipient=supporting)
    # A notice of Sam's pointing at the suggestion Sam made (never made by the app).
    forged = Notice.objects.create(
        partnership=stray.partnership,
        recipient=in_treatment,
        kind=Notice.Kind.ARTICLE_SUGGESTED,
        message="x",
        link=stray.link,
    )
    treatment_client.post(reverse("notice_open", args=[forged.public_id]))
    mine.refresh_from_db()
    assert mine.opened_at is None
