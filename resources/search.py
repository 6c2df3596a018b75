"""Finding articles.

On PostgreSQL: full-text search over each revision's stored, GIN-indexed search vector
(title weighted A, summary B, body C; see `Revision.update_search_vector`) of published
revisions only (a partial GIN index: superseded revisions are never scanned), ranked with
`SearchRank` over the small title-and-summary vector (so no matching body's vector is read
back just to order the hits) and shown with `SearchHeadline` snippets for one page. Results
are never counted: one row more than a page says whether there is a next one.

On SQLite, which only serves `make run`, each revision's stored Snowball stems (the
algorithm and stop words of PostgreSQL's `english` configuration, see `stemming`) are
matched stem for stem, so a reader's "driving" finds "drive" on both.

Queries come straight from the address bar, so they are cleaned first: NUL and other
control characters removed, length capped, and a query with no letters or digits gets
an empty result without touching the database.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resources import stemming
from resources.models import Article, Revision
from resources.models.articles import SEARCH_CONFIG

MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 8
PER_PAGE = 20
# Highlight markers that cannot occur in article text (rendering strips them), so the
# snippet can be escaped as plain text first and only then given its <mark> tags.
START, STOP = "\ue000", "\ue001"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")


def clean_query(raw):
    """The query as it will be searched for, or "" when nothing searchable is left."""
    if not isinstance(raw, str):
        return ""
    text = " ".join(_CONTROL.sub(" ", raw).split())[:MAX_QUERY_LENGTH]
    if not any(character.isalnum() for character in text):
        return ""
    return text


def highlighted(snippet):
    """A snippet with markers as safe HTML: the text escaped, the markers as <mark>."""
    html = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - everything but our own <mark> tags is escaped


@dataclass
class Page:
    """One page of results without counting every match: `PER_PAGE + 1` rows are read, and
    the extra one only says that a next page exists."""

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


@dataclass
class Results:
    query: str
    page: Page | None  # Articles, each with `.snippet` (safe HTML)

    @property
    def count(self) -> int | None:
        """How many articles match, when all of them are on the first page; else None
        (there are more than a page, and they are not counted)."""
        if not self.page:
            return 0
        if self.page.number == 1 and not self.page.has_next:
            return len(self.page.object_list)
        return None


MAX_PAGE = 1000


def _page_number(raw: object) -> int:
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search(raw_query: object, page_number: object = 1) -> Results:
    query = clean_query(raw_query)
    if not query:
        return Results(query="", page=None)
    if connection.vendor == "postgresql":
        articles, snippets = _postgres(query), _postgres_snippets
    else:
        articles, snippets = _fallback(query), _fallback_snippets
    number = _page_number(page_number)
    start = (number - 1) * PER_PAGE
    rows = list(articles[start : start + PER_PAGE + 1])
    if not rows and number > 1:
        # Past the last page (an old link, a typed number): the first page instead.
        number, rows = 1, list(articles[: PER_PAGE + 1])
    page = Page(rows[:PER_PAGE], number, has_next=len(rows) > PER_PAGE)
    snippets(page.object_list, query)
    return Results(query=query, page=page)


def _postgres(query: str) -> QuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        Article.objects.for_lists()
        # The partial index holds published revisions only; saying so lets it be used.
        .filter(live_revision__state="published", live_revision__search_vector=search_query)
        .annotate(rank=SearchRank(F("live_revision__heading_vector"), search_query))
        .order_by("-rank", "order", "slug")
    )


def _postgres_snippets(articles, query):
    """Headlines for one page only: ts_headline reads whole bodies, so never for all hits."""
    if not articles:
        return
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    headlines = dict(
        Revision.objects.filter(pk__in=[article.live_revision_id for article in articles])
        .annotate(
            headline=SearchHeadline(
                "body_text",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "headline")
    )
    for article in articles:
        headline = headlines.get(article.live_revision_id, "")
        # A match only in the title or summary gives an unhighlighted opening; the
        # summary says more than the body's first words would.
        article.snippet = highlighted(headline if START in headline else "")


def _fallback(query):
    """Stem-for-stem matching against each revision's stored stems (see stemming.py)."""
    stems = stemming.query_stems(query)[:MAX_FALLBACK_WORDS]
    if not stems:  # only stop words, as PostgreSQL's websearch would also find nothing
        return Article.objects.none()
    condition = Q()
    for stem in stems:
        condition &= Q(live_revision__search_stems__contains=f" {stem} ")
    # A title holding every word outranks a summary holding the first, which outranks the
    # body: the same order as PostgreSQL's A, B and C weights, approximately.
    title_hit = Q()
    for stem in stems:
        title_hit &= Q(live_revision__title__icontains=stem)
    return (
        Article.objects.for_readers()
        .filter(condition)
        .annotate(
            rank=Case(
                When(title_hit, then=Value(2)),
                When(live_revision__summary__icontains=stems[0], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "order", "slug")
    )


def _fallback_snippets(articles, query):
    stems = set(stemming.query_stems(query))
    for article in articles:
        text = article.live_revision.body_text
        hits = [
            match
            for match in stemming.WORD.finditer(text)
            if stemming.stem(match.group(0)) in stems
        ]
        if not hits:
            article.snippet = highlighted("")
            continue
        first = hits[0]
        # About 40 words around the first match, cut at spaces rather than mid-word.
        start = text.rfind(" ", 0, max(0, first.start() - 80)) + 1
        end = text.find(" ", first.end() + 160)
        end = len(text) if end == -1 else end
        pieces, cursor = [], start
        for match in hits:
            if match.start() < start or match.end() > end:
                continue
            pieces += [text[cursor : match.start()], START, match.group(0), STOP]
            cursor = match.end()
        pieces.append(text[cursor:end])
        article.snippet = highlighted(
            ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")
        )
