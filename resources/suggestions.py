"""Suggesting an article to your partner, and reading marks: the couple's side of the library."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from journal.models import Notice
from journal.notices.notify import notify
from resources.models import ReadingMark, Suggestion


def suggest(couple, article, note):
    """Suggest `article` to the partner; returns (suggestion, created).

    Suggesting it again before the partner has opened it updates the note instead of
    adding a second suggestion and a second notice.
    """
    me, partner = couple.user, couple.partner_user
    with transaction.atomic():
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
                suggestion = Suggestion.objects.create(
                    partnership=couple.partnership,
                    article=article,
                    suggested_by=me,
                    suggested_to=partner,
                    note=note,
                )
        except IntegrityError:
            # The same form sent twice at once: the first one won.
            return Suggestion.objects.pending().get(
                partnership=couple.partnership, article=article, suggested_by=me
            ), False
        notify(
            couple,
            partner,
            kind=Notice.Kind.ARTICLE_SUGGESTED,
            message=f"{me.name} suggested an article for you: {article.title}",
            link=reverse("library_suggestion", args=[suggestion.public_id]),
        )
    return suggestion, True


def mark_opened(couple, article):
    """The person has opened what their partner suggested: clear it and its notice."""
    now = timezone.now()
    Suggestion.objects.pending().filter(
        partnership=couple.partnership, article=article, suggested_to=couple.user
    ).update(opened_at=now)
    opened = Suggestion.objects.filter(
        partnership=couple.partnership, article=article, suggested_to=couple.user
    ).values_list("public_id", flat=True)
    links = [reverse("library_suggestion", args=[public_id]) for public_id in opened]
    Notice.objects.for_user(couple.user, couple.partnership).unread().filter(
        kind=Notice.Kind.ARTICLE_SUGGESTED, link__in=links
    ).update(read_at=now)


def mark_read(couple, article):
    try:
        with transaction.atomic():
            ReadingMark.objects.get_or_create(
                partnership=couple.partnership, user=couple.user, article=article
            )
    except IntegrityError:
        pass  # a double click: the other request already marked it
    mark_opened(couple, article)


def mark_unread(couple, article):
    ReadingMark.objects.filter(
        partnership=couple.partnership, user=couple.user, article=article
    ).delete()
