"""Suggesting an article to my partner, with an optional note."""

import pytest
from django.core import mail

from journal.models import Notice
from resources.models import Suggestion
from tests.resources.builders import draft, publish

pytestmark = pytest.mark.django_db
URL = "/library/an-article/suggest/"


@pytest.fixture
def article():
    return publish(title="Side effects and risks")


def test_signing_in_is_needed(client, article):
    response = client.post(URL, {"note": "hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Suggestion.objects.exists()


def test_only_a_post_suggests(treatment_client, article):
    assert treatment_client.get(URL).status_code == 405


def test_suggesting_reaches_my_partner_with_a_notice_and_a_detail_free_email(
    treatment_client, article, couple, in_treatment, supporting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = treatment_client.post(URL, {"note": "  Worth ten minutes.  "}, follow=True)
    assert response.redirect_chain[-1][0] == "/library/an-article/"
    assert "Suggested to Alex." in response.content.decode()
    suggestion = Suggestion.objects.get()
    assert suggestion.partnership == couple
    assert (suggestion.suggested_by, suggestion.suggested_to) == (in_treatment, supporting)
    assert suggestion.note == "Worth ten minutes."
    notice = Notice.objects.get()
    assert notice.recipient == supporting
    assert notice.kind == Notice.Kind.ARTICLE_SUGGESTED
    # The link names no article: an email or a shared screen must not reveal the topic.
    assert notice.link == f"/library/suggestions/{suggestion.public_id}/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [supporting.email]
    for detail in ["Side effects", "risks", "Worth ten minutes", "ketamine", "an-article"]:
        assert detail not in email.subject + email.body


def test_suggesting_again_updates_the_note_without_a_second_notice(treatment_client, article):
    treatment_client.post(URL, {"note": "first"})
    response = treatment_client.post(URL, {"note": "second"}, follow=True)
    assert "your note is updated" in response.content.decode()
    assert Suggestion.objects.get().note == "second"
    assert Notice.objects.count() == 1


def test_the_same_article_can_be_suggested_again_once_opened(
    treatment_client, supporting_client, article
):
    treatment_client.post(URL, {"note": "first"})
    suggestion = Suggestion.objects.get()
    supporting_client.post(f"/library/suggestions/{suggestion.public_id}/open/")
    treatment_client.post(URL, {"note": "read it again?"})
    assert Suggestion.objects.count() == 2
    assert Notice.objects.count() == 2


def test_a_too_long_note_is_refused_and_kept(treatment_client, article):
    note = "x" * 501
    response = treatment_client.post(URL, {"note": note})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please keep the note to 500 characters (it has 501)" in page
    assert note in page
    assert not Suggestion.objects.exists()


def test_a_note_with_a_nul_byte_is_refused_not_a_500(treatment_client, article):
    response = treatment_client.post(URL, {"note": "hello\x00"})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_the_note_is_optional(supporting_client, article, in_treatment):
    supporting_client.post(URL, {})
    assert Suggestion.objects.get().suggested_to == in_treatment


def test_someone_without_a_partnership_gets_404(loner_client, article):
    assert loner_client.post(URL, {"note": "x"}).status_code == 404


def test_a_stranger_can_only_suggest_within_their_own_couple(
    stranger_client, article, other_couple
):
    stranger_client.post(URL, {"note": "x"})
    suggestion = Suggestion.objects.get()
    assert suggestion.partnership == other_couple
    assert suggestion.suggested_to.display_name == "Kim"


def test_an_unpublished_article_cannot_be_suggested(treatment_client):
    draft()
    assert treatment_client.post(URL, {"note": "x"}).status_code == 404


def test_suggesting_again_returns_the_same_pending_suggestion(couple, in_treatment, article):
    from partners.access import load_couple
    from resources.suggestions import suggest

    sam = load_couple(in_treatment)
    first, created = suggest(sam, article, "first")
    again, created_again = suggest(sam, article, "second")
    assert created and not created_again
    assert again.pk == first.pk and again.public_id == first.public_id
    assert again.note == "second" and again.suggested_to == first.suggested_to
    assert again.opened_at is None


def test_suggesting_again_shows_the_new_note_to_my_partner_at_once(
    treatment_client, supporting_client, article
):
    treatment_client.post(URL, {"note": "first"})
    assert "first" in supporting_client.get("/home/").content.decode()
    treatment_client.post(URL, {"note": "second thoughts"})
    page = supporting_client.get("/home/").content.decode()
    assert "second thoughts" in page


def test_each_couple_has_its_own_pending_suggestion(
    treatment_client, stranger_client, article, couple, other_couple
):
    treatment_client.post(URL, {"note": "ours"})
    stranger_client.post(URL, {"note": "theirs"})
    assert Suggestion.objects.get(partnership=couple).note == "ours"
    assert Suggestion.objects.get(partnership=other_couple).note == "theirs"
    assert Notice.objects.count() == 2


@pytest.mark.parametrize("again", [False, True])
def test_suggesting_costs_few_queries(
    on_postgres, treatment_client, article, again, django_assert_num_queries
):
    """The person and couple, the article, the suggestion written (or its note updated)
    in one statement; a new one also leaves a notice and queues its email (its own
    savepoint); the whole in one transaction (a savepoint here, inside the test's)."""
    if again:
        treatment_client.post(URL, {"note": "first"})
    with django_assert_num_queries(5 if again else 9):
        response = treatment_client.post(URL, {"note": "second"})
    assert response.status_code == 302
    assert Suggestion.objects.get().note == "second"
    assert (
        Notice.objects.get().message == "Sam suggested an article for you: Side effects and risks"
    )
