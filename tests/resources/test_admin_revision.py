"""Editors and reviewers in the admin: write, preview, submit, approve or send back."""

from datetime import date

import pytest
from django.test import Client

from resources import workflow
from resources.models import Article, Review, Revision
from tests.resources.builders import draft, publish, staff

pytestmark = pytest.mark.django_db
State = Revision.State


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(revision):
    return f"/admin/resources/revision/{revision.pk}/change/"


def form_data(revision, **changes):
    data = {
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "talk_prompts": revision.talk_prompts,
        "category": revision.category_id or "",
        "expected_version": revision.version,
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "_continue": "1",
    }
    data.update(changes)
    return data


@pytest.fixture
def revision(editor):
    return draft(author=editor, body="First words.")


def test_the_admin_is_for_staff_only(client, treatment_client, revision):
    for browser in (client, treatment_client):
        response = browser.get(change_url(revision))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_editor_saves_a_draft_and_it_is_rendered(editor, revision):
    response = client_for(editor).post(
        change_url(revision), form_data(revision, body="## New\n\n<script>x</script>")
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.body_html == "<h2>New</h2>\n<p>&lt;script&gt;x&lt;/script&gt;</p>"
    assert revision.version == 2
    assert revision.events.filter(action="edited", actor=editor).exists()


def test_a_save_from_a_stale_page_is_refused(editor, second_editor, revision):
    stale = form_data(revision, body="Eli's version")
    client_for(editor).post(change_url(revision), form_data(revision, body="Edie's version"))
    response = client_for(second_editor).post(change_url(revision), stale)
    assert response.status_code == 200
    assert "Someone else saved this draft while you were editing it" in response.content.decode()
    revision.refresh_from_db()
    assert revision.body == "Edie's version"


def test_a_submitted_revision_is_read_only(editor, revision):
    workflow.submit(revision, editor)
    client = client_for(editor)
    page = client.get(change_url(revision)).content.decode()
    assert 'name="body"' not in page
    response = client.post(change_url(revision), form_data(revision, body="Sneaky edit"))
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.body == "First words."


def test_an_editor_submits_for_review(editor, revision):
    client = client_for(editor)
    url = f"/admin/resources/revision/{revision.pk}/submit/"
    assert client.get(url).status_code == 405
    assert "Submit for review" in client.get(change_url(revision)).content.decode()
    response = client.post(url, follow=True)
    assert "Submitted for review." in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == State.SUBMITTED


def test_an_editor_takes_a_submission_back(editor, revision):
    workflow.submit(revision, editor)
    client_for(editor).post(f"/admin/resources/revision/{revision.pk}/take-back/")
    revision.refresh_from_db()
    assert revision.state == State.DRAFT


def test_a_reviewer_cannot_submit_and_an_editor_cannot_review(editor, reviewer, revision):
    assert (
        client_for(reviewer).post(f"/admin/resources/revision/{revision.pk}/submit/").status_code
        == 403
    )
    workflow.submit(revision, editor)
    assert (
        client_for(editor).get(f"/admin/resources/revision/{revision.pk}/review/").status_code
        == 403
    )


def approve_data(revision, **changes):
    # The reviewer's name now comes from their account, and the form names the text the
    # reviewer read (issue 11): no free-text name, and the content hash.
    data = {
        "approve-kind": "editorial",
        "approve-revision_hash": revision.content_hash(),
        "approve-credential": "",
        "approve-reviewed_on": date.today().isoformat(),
        "approve-notes": "Checked each figure against the label.",
        "approve": "1",
    }
    data.update(changes)
    return data


def test_a_reviewer_approves_and_the_article_is_published(editor, reviewer, revision, client):
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    reviews = client_for(reviewer)
    assert "Approve and publish" in reviews.get(url).content.decode()
    response = reviews.post(url, approve_data(revision))
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == State.PUBLISHED
    review = Review.objects.get()
    assert (review.reviewer, review.reviewer_name, review.kind) == (
        reviewer,
        reviewer.name,
        "editorial",
    )
    assert client.get("/library/an-article/").status_code == 200


def test_review_form_rules_are_explained(editor, reviewer, revision):
    # The credential comes from the reviewer's account (set by an operator), never from a
    # box on the form (issue 11): a clinical review needs one on the account.
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    reviews = client_for(reviewer)
    response = reviews.post(url, approve_data(revision, **{"approve-kind": "clinical"}))
    assert response.status_code == 400
    assert "A clinical review needs the reviewer" in response.content.decode()
    reviewer.reviewer_credential = "Psychiatrist, GMC 1"
    reviewer.save(update_fields=["reviewer_credential"])
    response = reviews.post(
        url, approve_data(revision, **{"approve-kind": "clinical", "approve-credential": "Fake"})
    )
    assert response.status_code == 302
    assert Review.objects.get().credential == "Psychiatrist, GMC 1"


def test_an_editorial_review_carries_no_credential_even_if_the_account_has_one(
    editor, reviewer, revision
):
    reviewer.reviewer_credential = "Psychiatrist, GMC 1"
    reviewer.save(update_fields=["reviewer_credential"])
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    assert client_for(reviewer).post(url, approve_data(revision)).status_code == 302
    assert Review.objects.get().credential == ""


def test_nobody_approves_their_own_writing_in_the_admin(revision, editor):
    editor.groups.add(*staff("Reviewers").groups.all())  # an editor who is also a reviewer
    workflow.submit(revision, editor)
    client = client_for(editor)
    page = client.get(change_url(revision)).content.decode()
    assert "someone else must review it" in page
    url = f"/admin/resources/revision/{revision.pk}/review/"
    response = client.post(url, approve_data(revision))
    assert "Nobody approves their own writing" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == State.SUBMITTED
    assert not Review.objects.exists()


def test_a_reviewer_sends_it_back_with_a_comment(editor, reviewer, revision):
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    response = client_for(reviewer).post(url, {"request_changes": "1", "changes-comment": ""})
    assert response.status_code == 400
    client_for(reviewer).post(
        url, {"request_changes": "1", "changes-comment": "Cite the label for 41%."}
    )
    revision.refresh_from_db()
    assert revision.state == State.CHANGES_REQUESTED
    page = client_for(editor).get(change_url(revision)).content.decode()
    assert "Cite the label for 41%." in page
    assert 'name="body"' in page  # editable again


def test_a_published_revision_can_be_reviewed_again(reviewer):
    article = publish()
    url = f"/admin/resources/revision/{article.live_revision_id}/review/"
    response = client_for(reviewer).post(url, approve_data(article.live_revision))
    assert response.status_code == 302
    assert article.live_revision.reviews.count() == 2


def test_preview_shows_the_draft_as_readers_would_see_it(editor, revision, client):
    revision.body = "## Draft heading\n\n[bad](javascript:alert(1))"
    revision.save()
    response = client_for(editor).get(f"/admin/resources/revision/{revision.pk}/preview/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview of revision 1 (Draft)" in page
    assert "<h2>Draft heading</h2>" in page and "javascript" not in page
    assert "Not reviewed yet" in page
    assert client.get("/library/an-article/").status_code == 404


def test_staff_without_library_permissions_cannot_preview(revision):
    outsider = staff("Editors")
    outsider.groups.clear()
    response = client_for(outsider).get(f"/admin/resources/revision/{revision.pk}/preview/")
    assert response.status_code == 403


def test_revisions_and_reviews_cannot_be_deleted(editor, reviewer):
    article = publish()
    for user in (editor, reviewer):
        client = client_for(user)
        revision_url = f"/admin/resources/revision/{article.live_revision_id}/delete/"
        assert client.post(revision_url, {"post": "yes"}).status_code == 403
        review_url = f"/admin/resources/review/{article.live_revision.last_review_id}/delete/"
        assert client.post(review_url, {"post": "yes"}).status_code == 403
    assert Article.objects.published().count() == 1
