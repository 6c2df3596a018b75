"""Articles and their revisions.

An `Article` is the stable thing a reader links to (its slug, category and related
articles). What it says lives in numbered `Revision`s: drafts, one submitted for review,
the published one readers see, and the history before it. Editing a published article
means writing a new revision; readers keep the reviewed one until the new one is approved.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from resources import rendering, stemming

RESERVED_SLUGS = frozenset({"search", "category", "suggestions", "admin"})
BODY_MAX_LENGTH = 100_000
SEARCH_CONFIG = "english"


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError("That address is used by the library itself; choose another slug.")


class Category(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("library_category", args=[self.slug])


def clinical_only():
    return getattr(settings, "LIBRARY_CLINICAL_REVIEW_ONLY", False)


def published_q(prefix=""):
    """The condition for an article readers may see, from any model that points at one."""
    condition = Q(**{f"{prefix}live_revision__isnull": False})
    if clinical_only():
        condition &= Q(**{f"{prefix}live_revision__last_review__kind": "clinical"})
    return condition


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: reviewed, and clinically reviewed if the deployment asks."""
        return self.filter(published_q())

    def for_readers(self):
        """Published articles with everything a list or page shows, in one query."""
        return self.published().select_related(
            "category", "live_revision", "live_revision__last_review"
        )

    def for_lists(self):
        """Like `for_readers`, without the article bodies a list never shows."""
        return self.for_readers().defer(
            "live_revision__body",
            "live_revision__body_html",
            "live_revision__body_text",
            "live_revision__search_vector",
            "live_revision__heading_vector",
            "live_revision__talk_prompts",
        )

    def review_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(live_revision__last_review__next_review_due__lt=today)


class Article(models.Model):
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text="The article's address: /library/<slug>/. Fixed once it is published.",
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    order = models.PositiveIntegerField(default=0, help_text="Position within its category.")
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from"
    )
    # The revision readers see. Kept here (not only as a revision state) so every
    # reader's query is one join from the article.
    live_revision = models.OneToOneField(
        "Revision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="live_for",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        indexes = [
            models.Index(fields=["category", "order"], name="article_category_order_idx"),
            # Search lists the matches without heading credit in this order and stops at
            # the page's end: walking this index, it tests only the articles it shows.
            models.Index(fields=["order", "slug"], name="article_order_slug_idx"),
            # The few articles readers may not see (drafts, withdrawn): a reader's count of
            # articles read subtracts their marks on these (resources.panel).
            models.Index(
                fields=["id"],
                condition=Q(live_revision__isnull=True),
                name="article_unpublished_idx",
            ),
        ]

    def __str__(self):
        if self.live_revision_id:
            return self.live_revision.title
        return self.slug

    def get_absolute_url(self):
        return reverse("library_article", args=[self.slug])

    @property
    def title(self):
        return self.live_revision.title if self.live_revision_id else self.slug

    @property
    def is_published(self):
        return self.live_revision_id is not None


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL. SQLite (`make run` only) has no GIN and gets a plain
    index, so the same migrations run on both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class RevisionQuerySet(models.QuerySet):
    def working(self):
        return self.filter(state__in=Revision.WORKING_STATES)


class Revision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a newer revision"
        WITHDRAWN = "withdrawn", "Withdrawn from the library"

    WORKING_STATES = (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED)
    EDITABLE_STATES = (State.DRAFT, State.CHANGES_REQUESTED)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(editable=False)
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(
        max_length=400, help_text="One or two plain sentences, shown in lists and search."
    )
    body = models.TextField(
        "body (Markdown)",
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text="Headings start at ## (the page's heading is the title). Raw HTML is "
        "shown as text; links may be https, http or mailto.",
    )
    talk_prompts = models.TextField(
        "talk-about-it prompts",
        blank=True,
        validators=[MaxLengthValidator(4000)],
        help_text="Questions the couple can talk about, one per line.",
    )
    # Where the article sits, as this revision proposes it. The article's own category and
    # related links change only when a revision carrying them is approved, so moving or
    # relinking a published article goes through the same review as its text. Empty on
    # revisions loaded from the repository's files (the loader places those itself).
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Applied to the article when this revision is approved.",
    )
    related = models.ManyToManyField(
        Article,
        blank=True,
        related_name="+",
        verbose_name="related articles",
        help_text="Applied to the article when this revision is approved.",
    )
    # Written from `body` on every save; a reader's request only ever reads these.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    search_vector = SearchVectorField(null=True, editable=False)
    # Title (A) and summary (B) alone: search ranks the hits by this small vector, so it never
    # reads every matching body's vector back from TOAST just to order them (body matches
    # rank after title and summary ones, then in the library's own order).
    heading_vector = SearchVectorField(null=True, editable=False)
    # The same stems as the search vector, for databases without full-text search
    # (SQLite, which serves `make run`): see resources/stemming.py.
    search_stems = models.TextField(editable=False, default="")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for articles loaded from the repository's files.",
    )
    # sha256 of the shipped file this revision was loaded from: reloading the same
    # file is recognised and changes nothing.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Compare-and-set for two editors on one draft: a save from a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    last_review = models.ForeignKey(
        "Review",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="revision_number_unique_per_article"
            ),
            # One piece of work in progress per article, so an edit never forks.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["draft", "submitted", "changes_requested"]),
                name="one_working_revision_per_article",
            ),
            # Readers see exactly one version of an article.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state="published"),
                name="one_published_revision_per_article",
            ),
        ]
        indexes = [
            # Readers search only what they can read: the published revision of each
            # article, never the superseded ones (half the table, growing with every edit).
            SearchIndex(
                fields=["search_vector"],
                condition=Q(state="published"),
                name="revision_published_search_gin",
                # Written straight into the index, not a pending list that every search
                # would scan until a vacuum (articles change rarely; searches are many).
                fastupdate=False,
            ),
            # The headings that can rank above the rest (resources/search.py), found
            # without reading a body.
            SearchIndex(
                fields=["heading_vector"],
                condition=Q(state="published"),
                name="revision_published_heading_gin",
                fastupdate=False,
            ),
        ]
        permissions = [
            ("submit_revision", "Can submit a revision for review"),
            ("review_revision", "Can approve a revision or request changes"),
        ]

    def __str__(self):
        return f"{self.title} (revision {self.number})"

    def save(self, *args, **kwargs):
        if self.number is None:
            last = self.article.revisions.order_by("-number").values_list("number", flat=True)
            self.number = (last.first() or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "summary", "body"} & set(update_fields):
            self.render()
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "body_html",
                    "body_text",
                    "reading_minutes",
                    "search_stems",
                }
        super().save(*args, **kwargs)
        if update_fields is None or {"title", "summary", "body"} & set(update_fields):
            self.update_search_vector()

    @property
    def prompt_list(self):
        return [line.strip() for line in self.talk_prompts.splitlines() if line.strip()]

    @property
    def is_editable(self):
        return self.state in self.EDITABLE_STATES

    def content_hash(self):
        """sha256 of everything a reader would see: an approval names the text it read."""
        sources = [
            [
                source.position,
                source.key,
                source.title,
                source.publisher,
                source.year,
                source.accessed_year,
                source.url,
            ]
            for source in self.sources.order_by("position", "id")
        ]
        # Where the article sits is reviewed too (a revision carries its placement), so a
        # category or related link swapped after the review page opened is caught as well.
        placement = [self.category_id, sorted(self.related.values_list("pk", flat=True))]
        content = [self.title, self.summary, self.body, self.talk_prompts, sources, placement]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()

    def render(self):
        self.body_html = rendering.render_markdown(self.body)
        self.body_text = rendering.plain_text(self.body_html)
        self.reading_minutes = rendering.reading_minutes(self.body_text)
        self.search_stems = stemming.stem_text(self.title, self.summary, self.body_text)

    def update_search_vector(self):
        """Title outweighs summary, which outweighs body; stored and indexed on PostgreSQL."""
        if connection.vendor != "postgresql":
            return
        Revision.objects.filter(pk=self.pk).update(
            search_vector=search_vector_expression(), heading_vector=heading_vector_expression()
        )


def heading_vector_expression():
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "summary", weight="B", config=SEARCH_CONFIG
    )


def search_vector_expression():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
    )


def validate_source_url(value):
    URLValidator(schemes=["http", "https"])(value)


class Source(models.Model):
    """One reference an article cites, in the order the article lists them."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(
        max_length=40, blank=True, help_text="The fact sheet's key, e.g. FDA-2019."
    )
    title = models.CharField(max_length=400)
    publisher = models.CharField("publisher or journal", max_length=200)
    year = models.PositiveSmallIntegerField(
        "year published", null=True, blank=True, help_text="Leave empty for an undated page."
    )
    # An undated web page is cited with the year it was read instead, shown as
    # "accessed 2026" so a reader never mistakes it for a publication date.
    accessed_year = models.PositiveSmallIntegerField(
        "year accessed",
        null=True,
        blank=True,
        help_text="Only for a page with no publication date: the year it was read.",
    )
    url = models.URLField("link", max_length=500, validators=[validate_source_url])

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The link is shown to readers as is: never let anything but http(s) in, even
        # from code that skips form validation.
        validate_source_url(self.url)
        super().save(*args, **kwargs)
