"""Small builders for library tests: published articles, one at a time or thousands at once."""

from datetime import date

from django.contrib.auth.models import Group
from django.db import connection

from resources import workflow
from resources.categories import CATEGORIES
from resources.models import Article, Category, Review, Revision, Source
from resources.models.articles import heading_vector_expression, search_vector_expression
from resources.models.reviews import add_months
from tests.factories import make_user

SOURCES = [
    {
        "title": "Spravato prescribing information",
        "publisher": "Janssen",
        "year": 2019,
        "url": "https://www.janssenlabels.com/",
    },
    {
        "title": "Ketamine versus ECT for nonpsychotic treatment-resistant major depression",
        "publisher": "New England Journal of Medicine",
        "year": 2023,
        "url": "https://doi.org/10.1056/NEJMoa2302399",
    },
    {
        "title": "FDA warns about compounded ketamine",
        "publisher": "U.S. Food and Drug Administration",
        "year": 2023,
        "url": "https://www.fda.gov/drugs/human-drug-compounding",
    },
]


def category(slug="risks-and-safety"):
    """A category, re-created if a transactional test (a browser journey) flushed them."""
    if not Category.objects.exists():
        Category.objects.bulk_create(
            Category(slug=slug, name=name, description=description, order=order)
            for order, (slug, name, description) in enumerate(CATEGORIES, start=1)
        )
    return Category.objects.get(slug=slug)


def draft(slug="an-article", *, title="An article", body="Some words.", author=None, **extra):
    """A new article with a draft first revision (with sources and prompts)."""
    revision = workflow.create_article(
        slug=slug,
        category=category(extra.pop("category", "risks-and-safety")),
        title=title,
        summary=extra.pop("summary", f"A short summary of {title.lower()}."),
        body=body,
        author=author,
        order=extra.pop("order", 0),
    )
    revision.talk_prompts = extra.pop("talk_prompts", "What did you think?\nWhat surprised you?")
    revision.save(update_fields=["talk_prompts"])
    for position, source in enumerate(SOURCES, start=1):
        Source.objects.create(revision=revision, position=position, **source)
    return revision


def publish(slug="an-article", *, kind="editorial", credential="", reviewed_on=None, **extra):
    """A published article reviewed as if from a shipped file (no users involved)."""
    revision = draft(slug, **extra)
    workflow.publish_loaded(
        revision,
        kind=kind,
        credential=credential,
        reviewer_name="Alongside editorial team",
        reviewed_on=reviewed_on or date.today(),
        notes="Checked against the sources.",
    )
    revision.article.refresh_from_db()
    return revision.article


def staff(group, **fields):
    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def bulk_publish(count, *, start=0, body="Plain words about treatment and the bladder."):
    """`count` published, reviewed articles spread over the categories, in a few queries."""
    category()
    categories = list(Category.objects.order_by("order"))
    today = date.today()
    articles = Article.objects.bulk_create(
        Article(slug=f"bulk-{n}", category=categories[n % len(categories)], order=1000 + n)
        for n in range(start, start + count)
    )
    revisions = []
    for article in articles:
        revision = Revision(
            article=article,
            number=1,
            state=Revision.State.PUBLISHED,
            title=f"Bulk article {article.slug}",
            summary="A bulk article for measuring queries.",
            body=body,
            talk_prompts="A question?",
        )
        revision.render()
        revisions.append(revision)
    revisions = Revision.objects.bulk_create(revisions)
    reviews = Review.objects.bulk_create(
        Review(
            revision=revision,
            reviewer_name="Bulk reviewer",
            kind="editorial",
            reviewed_on=today,
            next_review_due=add_months(today, 12),
        )
        for revision in revisions
    )
    for revision, review in zip(revisions, reviews, strict=True):
        revision.last_review = review
    Revision.objects.bulk_update(revisions, ["last_review"], batch_size=500)
    Source.objects.bulk_create(
        Source(revision=revision, position=1, **SOURCES[0]) for revision in revisions
    )
    for article, revision in zip(articles, revisions, strict=True):
        article.live_revision = revision
    Article.objects.bulk_update(articles, ["live_revision"], batch_size=500)
    if connection.vendor == "postgresql":
        Revision.objects.filter(pk__in=[r.pk for r in revisions]).update(
            search_vector=search_vector_expression(), heading_vector=heading_vector_expression()
        )
    return articles


def get_counting_queries(client, url):
    """(response, number of queries) for one GET, rendered afresh: visitors' pages are
    normally served from the page cache, so this measures its misses, the worst case."""
    from django.test.utils import CaptureQueriesContext

    from resources import page_cache

    page_cache.bump()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)
