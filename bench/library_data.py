"""2,000 published articles with revisions, reviews and sources, plus the shipped ones, and
what couples did with them (reading marks, suggestions)."""

import hashlib
import random
from datetime import timedelta

from django.utils import timezone

from bench import db
from bench.dataset import ARTICLES, OTHER_COUPLES, SEED, today

# --- library --------------------------------------------------------------------------

# Paragraphs to vary the generated articles, so a search matches a realistic share of
# them rather than all 2,000.
FILLERS = [
    "Partners often find it easier to talk when they know what to expect, and when "
    "neither has to guess what the other is thinking.",
    "A session day can be long; plan the ride home, a quiet evening, and no driving "
    "until the next day after sleep.",
    "Side effects such as nausea, dizziness and a feeling of being detached usually "
    "pass within hours of a session.",
    "Heavy, frequent recreational use has been linked with bladder problems, which is "
    "one reason clinics screen and monitor.",
    "Ask the clinic what they check, how often, and who to call between appointments.",
    "Looking after yourself is part of looking after each other: sleep, friends, and "
    "time that is only yours.",
    "Write down what you agreed, and come back to it when something changes.",
]


def _shipped_bodies():
    """Bodies of the shipped articles, as realistic text to vary the generated ones."""
    import tomllib
    from pathlib import Path

    bodies = []
    folder = Path(db.ROOT) / "resources" / "content" / "articles"
    for path in sorted(folder.glob("*.md")):
        try:
            _, front, body = path.read_text().split("+++", 2)
            tomllib.loads(front)
        except (ValueError, tomllib.TOMLDecodeError):
            continue
        bodies.append(body.strip())
    return bodies or ["## What to expect\n\n" + "\n\n".join(FILLERS)]


def version():
    """Shipped articles count too: new or changed files mean the library is rebuilt."""
    from pathlib import Path

    from django.core.management import get_commands

    digest = hashlib.sha256(str("load_library" in get_commands()).encode())
    for path in sorted((Path(db.ROOT) / "resources" / "content" / "articles").glob("*.md")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def build(couples):
    from resources.models import (
        Article,
        Category,
        ReadingMark,
        Review,
        Revision,
        Source,
        Suggestion,
        WorkflowEvent,
    )
    from resources.models.articles import heading_vector_expression, search_vector_expression

    _load_shipped_articles()
    categories = list(Category.objects.order_by("order"))
    rng = random.Random(SEED + 2)
    bodies = _shipped_bodies()
    rendered = {}
    articles = Article.objects.bulk_create(
        [
            Article(
                slug=f"bench-article-{n:04d}", category=categories[n % len(categories)], order=n
            )
            for n in range(ARTICLES)
        ],
        batch_size=1000,
    )
    revisions, live = [], []
    published_at = timezone.now() - timedelta(days=200)
    for n, article in enumerate(articles):
        history = 1 + n % 3
        for number in range(1, history + 1):
            filler = FILLERS[n % len(FILLERS)]
            body = f"{bodies[(n + number) % len(bodies)]}\n\n## Note {n}\n\n{filler}"
            revision = Revision(
                article=article,
                number=number,
                state=(
                    Revision.State.PUBLISHED if number == history else Revision.State.SUPERSEDED
                ),
                title=f"Benchmark article {n}: living alongside treatment, part {number}",
                summary="A plain summary shown in lists and in search results, two lines long.",
                body=body,
                talk_prompts="What surprised you?\nWhat would you like me to know?",
                created_at=published_at - timedelta(days=30 * (history - number)),
                published_at=published_at - timedelta(days=30 * (history - number)),
            )
            key = (n + number) % len(bodies)
            if key not in rendered:
                revision.render()
                rendered[key] = (revision.body_html, revision.body_text, revision.reading_minutes)
            html, text, minutes = rendered[key]
            # Same rendering as render() would give, without running Markdown 4,000 times.
            revision.body_html = f"{html}<h2>Note {n}</h2><p>{filler}</p>"
            revision.body_text = f"{text}\nNote {n}\n{filler}"
            revision.reading_minutes = minutes
            revisions.append(revision)
            if number == history:
                live.append((article, revision))
    Revision.objects.bulk_create(revisions, batch_size=1000)
    reviewed_on = today() - timedelta(days=rng.randint(30, 200))
    reviews = Review.objects.bulk_create(
        [
            Review(
                revision=revision,
                reviewer_name="Alongside editorial team",
                kind=Review.Kind.EDITORIAL,
                reviewed_on=reviewed_on,
                next_review_due=reviewed_on + timedelta(days=365),
                notes="Checked against the cited sources.",
            )
            for revision in revisions
        ],
        batch_size=2000,
    )
    for revision, review in zip(revisions, reviews, strict=True):
        revision.last_review = review
    Revision.objects.bulk_update(revisions, ["last_review"], batch_size=1000)
    for article, revision in live:
        article.live_revision = revision
    Article.objects.bulk_update([a for a, _ in live], ["live_revision"], batch_size=1000)
    Revision.objects.filter(article__slug__startswith="bench-article-").update(
        search_vector=search_vector_expression(), heading_vector=heading_vector_expression()
    )
    Source.objects.bulk_create(
        [
            Source(
                revision=revision,
                position=p,
                key=f"SRC-{p}",
                title=f"A cited study, number {p}",
                publisher="A journal",
                year=2019 + p,
                url=f"https://doi.org/10.1000/bench.{p}",
            )
            for revision in revisions
            for p in range(4)
        ],
        batch_size=5000,
    )
    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(revision=r, action=WorkflowEvent.Action.APPROVED, at=r.published_at)
            for r in revisions
        ],
        batch_size=5000,
    )
    related = Article.related.through
    related.objects.bulk_create(
        [
            related(from_article=a, to_article=articles[(n + k) % len(articles)])
            for n, a in enumerate(articles)
            for k in (1, 2, 3)
        ],
        batch_size=5000,
    )
    all_articles = list(Article.objects.filter(live_revision__isnull=False).order_by("pk"))
    marks, suggestions = [], []
    for label, count in [("big", 400), ("small", 2)] + [
        (f"c{i:04d}", 10) for i in range(OTHER_COUPLES)
    ]:
        couple = couples[label]
        chosen = rng.sample(all_articles, min(count, len(all_articles)))
        for n, article in enumerate(chosen):
            who = couple["treatment"] if n % 2 else couple["supporting"]
            marks.append(ReadingMark(partnership=couple["partnership"], user=who, article=article))
        for n, article in enumerate(chosen[: max(1, count // 4)]):
            by, to = (
                (couple["treatment"], couple["supporting"])
                if n % 2
                else (couple["supporting"], couple["treatment"])
            )
            suggestions.append(
                Suggestion(
                    partnership=couple["partnership"],
                    article=article,
                    suggested_by=by,
                    suggested_to=to,
                    note="This one helped me.",
                    created_at=timezone.now() - timedelta(days=n),
                    opened_at=None if n < 4 else timezone.now(),
                )
            )
    ReadingMark.objects.bulk_create(marks, batch_size=5000)
    Suggestion.objects.bulk_create(suggestions, batch_size=5000)
    return {
        "articles": Article.objects.count(),
        "revisions": Revision.objects.count(),
        "reading_marks": len(marks),
        "suggestions": len(suggestions),
    }


def _load_shipped_articles():
    from django.core.management import call_command, get_commands

    if "load_library" in get_commands():
        call_command("load_library", verbosity=0)
