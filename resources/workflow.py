"""The review workflow, as domain functions the admin and the loader both call.

    draft -> submitted -> published (approved, with a Review record)
                       -> changes requested (with a comment) -> submitted again ...

Editing a published article starts a new draft revision; readers keep the published
one until the new one is approved, which supersedes it. Nobody reviews their own
writing: whoever created or edited a revision cannot approve it or request changes.
Each step locks the revision's row and checks its state first, so two people pressing
buttons at once cannot both succeed.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from resources.models import Article, Review, Revision, Source, WorkflowEvent
from resources.models.reviews import add_months, review_interval_months

State = Revision.State
Action = WorkflowEvent.Action
SOURCE_FIELDS = ["position", "key", "title", "publisher", "year", "accessed_year", "url"]


class WorkflowError(Exception):
    """A step that is not allowed now; the message is shown to the editor as is."""


def _event(revision, actor, action, comment=""):
    return WorkflowEvent.objects.create(
        revision=revision, actor=actor, action=action, comment=comment
    )


def writers(revision):
    """Ids of everyone who wrote any of this revision."""
    ids = set(
        revision.events.filter(action__in=[Action.CREATED, Action.EDITED]).values_list(
            "actor_id", flat=True
        )
    )
    ids.add(revision.author_id)
    ids.discard(None)
    return ids


def is_writer(revision, user):
    return user.pk in writers(revision)


def _refuse_own_writing(revision, reviewer):
    if is_writer(revision, reviewer):
        raise WorkflowError(
            "You wrote or edited this revision, so someone else must review it. "
            "Nobody approves their own writing."
        )


def _locked(revision, allowed_states, doing):
    """Lock the revision's row and check it is still in a state that allows `doing`."""
    current = Revision.objects.select_for_update().get(pk=revision.pk)
    if current.state not in allowed_states:
        raise WorkflowError(
            f"This revision is now “{current.get_state_display()}”, so it cannot be "
            f"{doing}. Someone may have acted on it while you had it open; reload the page."
        )
    return current


def _refuse_changed_text(current, seen_hash):
    """A review vouches for the text the reviewer read, never for text swapped in since."""
    if seen_hash is not None and seen_hash != current.content_hash():
        raise WorkflowError(
            "This revision has changed since you opened it (it was taken back and edited), "
            "so it was not approved. Reload the page and read the new text first."
        )


def check_review_fields(*, kind, credential, reviewer_name, reviewed_on):
    """The rules a review record must meet before anyone can see it."""
    if kind not in Review.Kind.values:
        raise WorkflowError("Choose the kind of review: editorial fact-check or clinical review.")
    if kind == Review.Kind.CLINICAL and not credential.strip():
        raise WorkflowError(
            "A clinical review needs the reviewer's credential as it is today "
            "(for example “Consultant psychiatrist, GMC 1234567”)."
        )
    if kind == Review.Kind.EDITORIAL and credential.strip():
        raise WorkflowError(
            "An editorial fact-check does not carry a clinical credential; leave it empty."
        )
    if not reviewer_name.strip():
        raise WorkflowError("Give the reviewer's name as readers should see it.")
    # One day of grace: a reviewer ahead of us in time zone may already be on tomorrow.
    if reviewed_on > timezone.localdate() + timedelta(days=1):
        raise WorkflowError("A review cannot be dated in the future.")


def _record_review(revision, reviewer, *, kind, credential, notes, reviewed_on, reviewer_name):
    check_review_fields(
        kind=kind, credential=credential, reviewer_name=reviewer_name, reviewed_on=reviewed_on
    )
    return Review.objects.create(
        revision=revision,
        reviewer=reviewer,
        reviewer_name=reviewer_name.strip(),
        kind=kind,
        credential=credential.strip(),
        notes=notes.strip(),
        reviewed_on=reviewed_on,
        next_review_due=add_months(reviewed_on, review_interval_months()),
    )


# --- Writing ---------------------------------------------------------------------------


@transaction.atomic
def create_article(*, slug, category, title, author, summary="", body="", order=0):
    """A new article with its first draft revision."""
    article = Article.objects.create(slug=slug, category=category, order=order)
    return add_first_revision(article, title=title, author=author, summary=summary, body=body)


def add_first_revision(article, *, title, author, summary="", body=""):
    revision = Revision.objects.create(
        article=article,
        title=title,
        summary=summary,
        body=body,
        author=author,
        category=article.category,
    )
    _event(revision, author, Action.CREATED)
    return revision


def start_revision(article, user):
    """The article's revision in progress, or a new draft copied from the published one."""
    existing = article.revisions.working().first()
    if existing:
        return existing
    base = article.live_revision or article.revisions.order_by("-number").first()
    try:
        with transaction.atomic():
            revision = Revision.objects.create(
                article=article,
                title=base.title if base else article.slug,
                summary=base.summary if base else "",
                body=base.body if base else "",
                talk_prompts=base.talk_prompts if base else "",
                author=user,
                category=article.category,
            )
            # The article's placement as it is now: changing it is part of the revision.
            revision.related.set(article.related.all())
            if base:
                Source.objects.bulk_create(
                    Source(revision=revision, **{f: getattr(s, f) for f in SOURCE_FIELDS})
                    for s in base.sources.all()
                )
            _event(
                revision,
                user,
                Action.CREATED,
                f"Started from revision {base.number}." if base else "",
            )
    except IntegrityError:
        # Someone else started one a moment ago: work on theirs rather than fork.
        return article.revisions.working().get()
    return revision


def record_edit(revision, user):
    _event(revision, user, Action.EDITED)


@transaction.atomic
def submit(revision, user):
    _locked(revision, Revision.EDITABLE_STATES, "submitted for review")
    Revision.objects.filter(pk=revision.pk).update(
        state=State.SUBMITTED, submitted_at=timezone.now()
    )
    _event(revision, user, Action.SUBMITTED)
    revision.refresh_from_db()


@transaction.atomic
def withdraw_submission(revision, user):
    """Take a submitted revision back to draft (to fix something before review)."""
    _locked(revision, [State.SUBMITTED], "taken back to draft")
    Revision.objects.filter(pk=revision.pk).update(state=State.DRAFT)
    _event(revision, user, Action.WITHDRAWN_SUBMISSION)
    revision.refresh_from_db()


# --- Reviewing -------------------------------------------------------------------------


@transaction.atomic
def request_changes(revision, reviewer, comment):
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError("Say what needs to change, so the writer knows what to do.")
    _refuse_own_writing(revision, reviewer)
    _locked(revision, [State.SUBMITTED], "sent back with changes requested")
    Revision.objects.filter(pk=revision.pk).update(state=State.CHANGES_REQUESTED)
    _event(revision, reviewer, Action.CHANGES_REQUESTED, comment)
    revision.refresh_from_db()


def _publish(revision, actor, review):
    """Make `revision` the one readers see; the previous one becomes history."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    previous_id = article.live_revision_id
    if previous_id and previous_id != revision.pk:
        Revision.objects.filter(pk=previous_id).update(state=State.SUPERSEDED)
        _event(
            Revision(pk=previous_id), actor, Action.SUPERSEDED, f"By revision {revision.number}."
        )
    Revision.objects.filter(pk=revision.pk).update(
        state=State.PUBLISHED, published_at=timezone.now(), last_review=review
    )
    article.live_revision_id = revision.pk
    fields = ["live_revision"]
    if revision.category_id is not None:
        # The placement this revision was reviewed with becomes the article's.
        article.category_id = revision.category_id
        fields.append("category")
        article.related.set(revision.related.exclude(pk=article.pk))
    article.save(update_fields=fields)
    revision.refresh_from_db()


@transaction.atomic
def approve(
    revision,
    reviewer,
    *,
    kind,
    credential="",
    notes="",
    reviewed_on=None,
    reviewer_name=None,
    seen_hash=None,
):
    """Approve a submitted revision with a review record, and publish it.

    `seen_hash` is the content hash of the text the reviewer read (the review form
    carries it); if the revision has changed since, nothing is approved.
    """
    _refuse_own_writing(revision, reviewer)
    current = _locked(revision, [State.SUBMITTED], "approved")
    _refuse_changed_text(current, seen_hash)
    review = _record_review(
        revision,
        reviewer,
        kind=kind,
        credential=credential,
        notes=notes,
        reviewed_on=reviewed_on or timezone.localdate(),
        reviewer_name=reviewer_name if reviewer_name is not None else reviewer.name,
    )
    _publish(revision, reviewer, review)
    _event(revision, reviewer, Action.APPROVED, notes.strip())
    return review


@transaction.atomic
def review_again(
    revision,
    reviewer,
    *,
    kind,
    credential="",
    notes="",
    reviewed_on=None,
    reviewer_name=None,
    seen_hash=None,
):
    """Record a fresh review of the published revision, unchanged (its regular check)."""
    _refuse_own_writing(revision, reviewer)
    current = _locked(revision, [State.PUBLISHED], "reviewed again")
    _refuse_changed_text(current, seen_hash)
    review = _record_review(
        revision,
        reviewer,
        kind=kind,
        credential=credential,
        notes=notes,
        reviewed_on=reviewed_on or timezone.localdate(),
        reviewer_name=reviewer_name if reviewer_name is not None else reviewer.name,
    )
    Revision.objects.filter(pk=revision.pk).update(last_review=review)
    _event(revision, reviewer, Action.REVIEWED_AGAIN, notes.strip())
    revision.refresh_from_db()
    return review


@transaction.atomic
def withdraw_article(article, user, reason):
    """Take an article out of the library (its history stays)."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("Say why the article is being withdrawn.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.live_revision_id is None:
        raise WorkflowError("This article is not published.")
    live = Revision(pk=article.live_revision_id)
    article.live_revision = None
    article.save(update_fields=["live_revision"])
    Revision.objects.filter(pk=live.pk).update(state=State.WITHDRAWN)
    _event(live, user, Action.WITHDRAWN, reason)


# --- Loading shipped files -------------------------------------------------------------


@transaction.atomic
def publish_loaded(revision, *, kind, reviewer_name, reviewed_on, notes, credential=""):
    """Publish a revision loaded from a file that carries its own review block.

    The review is the one written in the file by the person who did it; nothing is
    published from a file without one.
    """
    _locked(revision, Revision.WORKING_STATES, "published")
    review = _record_review(
        revision,
        None,
        kind=kind,
        credential=credential,
        notes=notes,
        reviewed_on=reviewed_on,
        reviewer_name=reviewer_name,
    )
    _publish(revision, None, review)
    _event(revision, None, Action.APPROVED, "Review recorded in the article's file.")
    return review
