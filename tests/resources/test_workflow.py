"""The review workflow: every transition, who may take it, and what readers see."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from resources import workflow
from resources.models import Article, Review, Revision, WorkflowEvent
from resources.models.reviews import add_months
from tests.resources.builders import draft, publish

State = Revision.State


def approve(revision, reviewer, **fields):
    fields.setdefault("kind", "editorial")
    fields.setdefault("notes", "Checked every figure against the sources.")
    return workflow.approve(revision, reviewer, **fields)


@pytest.fixture
def written(editor):
    return draft(author=editor, body="The first text.")


@pytest.fixture
def submitted(written, editor):
    workflow.submit(written, editor)
    return written


def test_a_new_article_is_a_draft_that_readers_cannot_see(written, client):
    assert written.state == State.DRAFT
    assert not Article.objects.published().exists()
    assert client.get("/library/an-article/").status_code == 404


def test_submitting_sends_a_draft_for_review(submitted):
    assert submitted.state == State.SUBMITTED
    assert submitted.submitted_at is not None
    assert not Article.objects.published().exists()


def test_only_drafts_and_revisions_sent_back_can_be_submitted(submitted, editor):
    with pytest.raises(workflow.WorkflowError, match="Submitted for review"):
        workflow.submit(submitted, editor)


def test_the_writer_can_take_a_submission_back_to_draft(submitted, editor):
    workflow.withdraw_submission(submitted, editor)
    assert submitted.state == State.DRAFT


def test_requesting_changes_needs_a_comment(submitted, reviewer):
    with pytest.raises(workflow.WorkflowError, match="Say what needs to change"):
        workflow.request_changes(submitted, reviewer, "   ")
    assert Revision.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_changes_requested_goes_back_to_the_writer_with_the_comment(submitted, reviewer, editor):
    workflow.request_changes(submitted, reviewer, "The bladder figure needs its source.")
    assert submitted.state == State.CHANGES_REQUESTED
    event = submitted.events.get(action=WorkflowEvent.Action.CHANGES_REQUESTED)
    assert event.comment == "The bladder figure needs its source."
    assert event.actor == reviewer
    workflow.submit(submitted, editor)
    assert submitted.state == State.SUBMITTED


def test_approving_publishes_with_a_review_record(submitted, reviewer, client):
    review = approve(submitted, reviewer, reviewed_on=date(2026, 3, 31))
    article = Article.objects.get()
    assert submitted.state == State.PUBLISHED
    assert article.live_revision == submitted
    assert submitted.last_review == review
    assert review.reviewer == reviewer
    assert review.reviewer_name == "Dr Rae"
    assert review.kind == Review.Kind.EDITORIAL
    assert review.credential == ""
    assert review.next_review_due == date(2027, 3, 31)
    assert client.get("/library/an-article/").status_code == 200


def test_nobody_approves_their_own_writing(submitted, editor):
    with pytest.raises(workflow.WorkflowError, match="Nobody approves their own writing"):
        approve(submitted, editor)
    assert Revision.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not Review.objects.exists()


def test_an_editor_who_changed_the_text_cannot_approve_it(written, editor, reviewer):
    workflow.record_edit(written, reviewer)  # the reviewer fixed a typo in the draft
    workflow.submit(written, editor)
    with pytest.raises(workflow.WorkflowError, match="someone else must review it"):
        approve(written, reviewer)
    with pytest.raises(workflow.WorkflowError):
        workflow.request_changes(written, reviewer, "Looks fine to me!")


def test_a_draft_cannot_be_approved_before_it_is_submitted(written, reviewer):
    with pytest.raises(workflow.WorkflowError, match="cannot be approved"):
        approve(written, reviewer)


def test_a_revision_is_approved_once_even_if_two_reviewers_press_at_once(
    submitted, reviewer, second_editor
):
    approve(submitted, reviewer)
    stale = Revision.objects.get(pk=submitted.pk)
    stale.state = State.SUBMITTED  # as the other reviewer's page still has it
    with pytest.raises(workflow.WorkflowError, match="Published"):
        approve(stale, second_editor)
    assert Review.objects.count() == 1


def test_a_clinical_review_needs_the_reviewers_credential(submitted, reviewer):
    with pytest.raises(workflow.WorkflowError, match="credential"):
        approve(submitted, reviewer, kind="clinical", credential=" ")
    review = approve(submitted, reviewer, kind="clinical", credential="Consultant psychiatrist")
    assert review.credential == "Consultant psychiatrist"


def test_an_editorial_check_carries_no_credential(submitted, reviewer):
    with pytest.raises(workflow.WorkflowError, match="does not carry a clinical credential"):
        approve(submitted, reviewer, credential="MD")


def test_the_database_refuses_a_credential_rule_break_too(submitted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            revision=submitted,
            reviewer_name="Someone",
            kind="clinical",
            reviewed_on=date(2026, 1, 1),
            next_review_due=date(2027, 1, 1),
        )


def test_a_review_cannot_be_dated_in_the_future(submitted, reviewer):
    with pytest.raises(workflow.WorkflowError, match="future"):
        approve(submitted, reviewer, reviewed_on=date.today() + timedelta(days=5))


def test_editing_a_published_article_waits_for_review(written, editor, reviewer, client):
    workflow.submit(written, editor)
    approve(written, reviewer)
    article = written.article

    new = workflow.start_revision(article, editor)
    assert new.number == 2 and new.state == State.DRAFT
    assert new.body == "The first text."
    assert new.sources.count() == 3
    new.body = "The corrected text."
    new.save()
    workflow.submit(new, editor)

    page = client.get("/library/an-article/").content.decode()
    assert "The first text." in page and "The corrected text." not in page

    approve(new, reviewer)
    page = client.get("/library/an-article/").content.decode()
    assert "The corrected text." in page and "The first text." not in page
    written.refresh_from_db()
    assert written.state == State.SUPERSEDED
    assert article.revisions.count() == 2  # history kept
    assert written.reviews.count() == 1


def test_starting_to_edit_twice_gives_the_same_draft(written, editor, second_editor):
    assert workflow.start_revision(written.article, second_editor) == written


def test_an_article_never_has_two_revisions_in_progress(written):
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(article=written.article, title="Fork", summary="s", body="b")


def test_reviewing_again_clears_the_overdue_flag(reviewer):
    article = publish(reviewed_on=date.today() - timedelta(days=400))
    assert Article.objects.review_overdue().get() == article
    revision = article.live_revision
    workflow.review_again(revision, reviewer, kind="editorial", notes="Still accurate.")
    assert not Article.objects.review_overdue().exists()
    assert revision.reviews.count() == 2
    assert revision.last_review.reviewer == reviewer


def test_withdrawing_an_article_hides_it_and_keeps_its_history(editor, client):
    article = publish()
    with pytest.raises(workflow.WorkflowError, match="why"):
        workflow.withdraw_article(article, editor, "")
    workflow.withdraw_article(article, editor, "A figure turned out to be wrong.")
    assert client.get("/library/an-article/").status_code == 404
    revision = Revision.objects.get()
    assert revision.state == State.WITHDRAWN
    assert revision.reviews.count() == 1
    assert revision.events.filter(action=WorkflowEvent.Action.WITHDRAWN).exists()


def test_every_step_is_in_the_history(submitted, reviewer, editor):
    workflow.request_changes(submitted, reviewer, "One fix.")
    workflow.submit(submitted, editor)
    approve(submitted, reviewer)
    assert list(submitted.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "changes_requested",
        "submitted",
        "approved",
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 26), 12, date(2027, 11, 26)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_next_review_date_is_the_same_day_months_later(day, months, expected):
    assert add_months(day, months) == expected
