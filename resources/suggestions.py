"""Suggesting an article to your partner, and reading marks: the couple's side of the library."""

import uuid

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, TextField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from journal.models import Notice
from journal.notices.notify import notify
from resources.models import ReadingMark, Suggestion

# Suggesting writes the suggestion, or updates the note of the one still unopened, in one
# statement: the unique index on pending suggestions (one_pending_suggestion_per_article)
# decides which, so a double submit (two at once) still leaves one row and one notice.
# `xmax = 0` holds for a row this statement inserted, not for one it updated.
# Written as Django writes an INSERT (the table's name quoted, first thing in the statement),
# so what watches for one (tests/failures/test_concurrent_submits.py) sees this one too.
_UPSERT = """INSERT INTO "resources_suggestion"
        (public_id, partnership_id, article_id, suggested_by_id, suggested_to_id, note,
         created_at, opened_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s, NULL)
    ON CONFLICT (partnership_id, article_id, suggested_by_id) WHERE opened_at IS NULL
    DO UPDATE SET note = EXCLUDED.note
    RETURNING {columns}, (xmax = 0)
"""
_COLUMNS = [field.attname for field in Suggestion._meta.concrete_fields]


def suggest(couple, article, note):
    """Suggest `article` to the partner; returns (suggestion, created).

    Suggesting it again before the partner has opened it updates the note instead of
    adding a second suggestion and a second notice.
    """
    me, partner = couple.user, couple.partner_user
    with transaction.atomic():
        if connection.vendor == "postgresql":
            suggestion, created = _upsert(couple, article, me, partner, note)
        else:
            suggestion, created = _get_or_create(couple, article, me, partner, note)
        if not created:
            return suggestion, False
        notify(
            couple,
            partner,
            kind=Notice.Kind.ARTICLE_SUGGESTED,
            message=f"{me.name} suggested an article for you: {article.title}",
            link=reverse("library_suggestion", args=[suggestion.public_id]),
        )
    return suggestion, True


def _upsert(couple, article, me, partner, note):
    columns = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT.format(columns=columns),
            [
                uuid.uuid4(),
                couple.partnership.pk,
                article.pk,
                me.pk,
                partner.pk,
                note,
                timezone.now(),
            ],
        )
        *values, created = cursor.fetchone()
    return Suggestion.from_db(connection.alias, _COLUMNS, values), created


def _get_or_create(couple, article, me, partner, note):
    """The same in three statements, where there is no ON CONFLICT ... WHERE (SQLite)."""
    pending = (
        Suggestion.objects.select_for_update()
        .pending()
        .filter(partnership=couple.partnership, article=article, suggested_by=me)
        .first()
    )
    if pending:
        pending.note = note
        pending.save(update_fields=["note"])
        return pending, False
    try:
        with transaction.atomic():
            return Suggestion.objects.create(
                partnership=couple.partnership,
                article=article,
                suggested_by=me,
                suggested_to=partner,
                note=note,
            ), True
    except IntegrityError:
        # The same form sent twice at once: the first one won.
        return Suggestion.objects.pending().get(
            partnership=couple.partnership, article=article, suggested_by=me
        ), False


def _suggestion_link_parts():
    """The suggestion link (`library_suggestion`) before and after its public id."""
    marker = uuid.UUID(int=0)
    return reverse("library_suggestion", args=[marker]).split(str(marker))


def mark_opened(couple, article):
    """The person has opened what their partner suggested: clear it and its notice."""
    now = timezone.now()
    Suggestion.objects.pending().filter(
        partnership=couple.partnership, article=article, suggested_to=couple.user
    ).update(opened_at=now)
    to_me = Suggestion.objects.filter(
        partnership=couple.partnership, article=article, suggested_to=couple.user
    )
    notices = Notice.objects.for_user(couple.user, couple.partnership).unread()
    notices = notices.filter(kind=Notice.Kind.ARTICLE_SUGGESTED)
    if connection.vendor == "postgresql":
        # The notices' links worked out in the same statement (PostgreSQL writes a uuid as
        # str() does): no round trip to read the suggestions' ids first.
        before, after = _suggestion_link_parts()
        links = to_me.annotate(
            link=Concat(
                Value(before),
                Cast("public_id", TextField()),
                Value(after),
                output_field=CharField(),
            )
        ).values("link")
        notices.filter(link__in=links).update(read_at=now)
        return
    opened = to_me.values_list("public_id", flat=True)
    links = [reverse("library_suggestion", args=[public_id]) for public_id in opened]
    notices.filter(link__in=links).update(read_at=now)


_MARK = """INSERT INTO "resources_readingmark" (partnership_id, user_id, article_id, read_at)
    VALUES (%s, %s, %s, %s)
    ON CONFLICT DO NOTHING
"""


def mark_read(couple, article):
    # A second mark (a double click, or two at once) meets one_reading_mark_per_article and
    # leaves the first as it was. The mark and the suggestion it opens are one commit: all
    # or nothing, and one wait for the disk instead of three.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _MARK,
            [
                couple.partnership.pk,
                couple.user.pk,
                article.pk,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        mark_opened(couple, article)


def mark_unread(couple, article):
    ReadingMark.objects.filter(
        partnership=couple.partnership, user=couple.user, article=article
    ).delete()
