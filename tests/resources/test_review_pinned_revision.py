"""An approval names the exact text the reviewer read (revision and content hash).

The attack: the reviewer has the review page open; the editor takes the revision back,
swaps the text and resubmits; the approval used to publish the swapped text under the
reviewer's record.
"""

import re
from datetime import date

import pytest
from django.test import Client

from resources import workflow
from resources.models import Review, Revision
from tests.resources.builders import draft

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _approve_from(page_html, reviews, url):
    seen = re.search(r'name="approve-revision_hash" value="([0-9a-f]{64})"', page_html).group(1)
    return reviews.post(
        url,
        {
            "approve-kind": "editorial",
            "approve-reviewed_on": date.today().isoformat(),
            "approve-notes": "Checked each figure against the label.",
            "approve-revision_hash": seen,
            "approve": "1",
        },
    )


def test_swapped_text_is_refused_and_nothing_is_published(editor, reviewer):
    revision = draft(author=editor, body="The text the reviewer reads.")
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    reviews = client_for(reviewer)
    page = reviews.get(url).content.decode()

    workflow.withdraw_submission(revision, editor)
    Revision.objects.filter(pk=revision.pk).update(body="Swapped text nobody reviewed.")
    workflow.submit(revision, editor)
    response = _approve_from(page, reviews, url)

    assert response.status_code == 400
    assert "changed since you opened it" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == Revision.State.SUBMITTED
    assert not Review.objects.exists()


def test_the_unchanged_text_is_approved(editor, reviewer):
    revision = draft(author=editor, body="The text the reviewer reads.")
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    reviews = client_for(reviewer)
    page = reviews.get(url).content.decode()
    assert _approve_from(page, reviews, url).status_code == 302
    revision.refresh_from_db()
    assert revision.state == Revision.State.PUBLISHED


def test_a_changed_source_changes_the_hash(editor):
    revision = draft(author=editor, body="Words.")
    before = revision.content_hash()
    revision.sources.create(title="A source", publisher="A publisher", url="https://a.example/")
    assert revision.content_hash() != before


def test_the_workflow_itself_refuses_a_stale_hash(editor, reviewer):
    revision = draft(author=editor, body="Words.")
    workflow.submit(revision, editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.approve(revision, reviewer, kind="editorial", notes="x", seen_hash="0" * 64)


def test_the_reviewers_name_comes_from_their_account(editor, reviewer):
    revision = draft(author=editor, body="Words.")
    workflow.submit(revision, editor)
    url = f"/admin/resources/revision/{revision.pk}/review/"
    reviews = client_for(reviewer)
    page = reviews.get(url).content.decode()
    assert 'name="approve-reviewer_name"' not in page
    _approve_from(page, reviews, url)
    assert Review.objects.get().reviewer_name == reviewer.name
