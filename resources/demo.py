"""Demo reading for `make run`: what each partner has read, and an article Alex suggested to
Sam that Sam has not opened yet. Needs the library (`make run` loads it first); without
articles it does nothing. Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from resources.models import Article, ReadingMark, Suggestion

SUGGESTION_NOTE = "This one helped me understand the day after a session."


def load(partnership, in_treatment, supporting) -> None:
    articles = list(Article.objects.published().order_by("slug")[:5])
    if len(articles) < 4:
        return
    now = timezone.now()
    with transaction.atomic():
        for days_ago, (user, article) in enumerate(
            [
                (in_treatment, articles[0]),
                (supporting, articles[0]),
                (supporting, articles[1]),
                (in_treatment, articles[2]),
            ]
        ):
            ReadingMark.objects.get_or_create(
                partnership=partnership,
                user=user,
                article=article,
                defaults={"read_at": now - timedelta(days=3 + 5 * days_ago)},
            )
        if not Suggestion.objects.filter(partnership=partnership).exists():
            Suggestion.objects.create(
                partnership=partnership,
                article=articles[3],
                suggested_by=supporting,
                suggested_to=in_treatment,
                note=SUGGESTION_NOTE,
                created_at=now - timedelta(days=1, hours=3),
            )
