"""Finding articles.

On PostgreSQL: full-text search over each revision's stored, GIN-indexed search vector
(title weighted A, summary B, body C; see `Revision.update_search_vector`) of published
revisions only, in the order of `ts_rank` over the small title-and-summary vector, then
the library's own order. That order is built from two small parts, each stopping at the
page's end (see "PostgreSQL" below), so a common word reads a page of articles, not every
match. Results are never counted: one row more than a page says whether there is a next.

On SQLite, which only serves `make run`, each revision's stored Snowball stems (the
algorithm and stop words of PostgreSQL's `english` configuration, see `stemming`) are
matched stem for stem, so a reader's "driving" finds "drive" on both. Snippets are made
the same way on both (see "Snippets" below).

Queries come straight from the address bar, so they are cleaned first: NUL and other
control characters removed, length capped, and a query with no letters or digits gets
an empty result without touching the database.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
)
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partners import prepared
from resources import stemming
from resources.models import Article, Revision
from resources.models.articles import SEARCH_CONFIG, clinical_only

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


def requested_page(raw: object) -> int:
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search(raw_query: object, page_number: object = 1) -> Results:
    query = clean_query(raw_query)
    if not query:
        return Results(query="", page=None)
    find = _postgres_page if connection.vendor == "postgresql" else _fallback_page
    number = requested_page(page_number)
    articles, has_next = find(query, number)
    if not articles and number > 1:
        # Past the last page (an old link, a typed number): the first page instead.
        number = 1
        articles, has_next = find(query, number)
    return Results(query=query, page=Page(articles, number, has_next))


# --- PostgreSQL ---------------------------------------------------------------------------
#
# The order is `ts_rank` of the title-and-summary vector (weights A and B), highest first,
# then the library's own order ("order", slug). `ts_rank` gives its floor value, 1e-20,
# to a heading holding fewer than two of an AND (or phrase) query's words, and 0 to one
# holding none of an OR query's words; so nearly all of a common word's matches are
# "floor" matches, listed in the library's order. Ranking all of them to show twenty read
# every matching body's vector back from TOAST (1,071 of 2,022 bench articles for "drive
# home": 13,408 buffers, ~26 ms). The same order comes from two small parts:
#
# 1. Heading-ranked matches (rank above the floor). Only a heading holding one of the
#    query's words can rank above it, so a GIN index on published headings finds the
#    candidates; their ranks are computed and sorted (few rows, small vectors).
# 2. The other matches, in the library's order: PostgreSQL walks articles on their
#    ("order", slug) index and tests each live revision until it has enough (a common
#    word stops after a page or two of rows), or, for a rare word, uses the published-only
#    GIN index on the full vector and sorts its few hits. Its own estimates choose.
#
# Both parts read published revisions only, through their article or a published-only
# index, and test that a revision is published before reading any of its vectors. One
# statement returns the page's ids in order; a second fetches that page's articles.

# `ts_rank`'s floor (a float4 1e-20, just below 1e-20 as a double): every rank above it is
# a heading's real credit (the smallest real one is ~1e-16), every rank at it or below is
# no credit at all.
RANK_FLOOR = 1e-20


class Matches(Func):
    """`vector @@ query` as a boolean expression (Django's lookup would re-wrap the query)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class AnyWordOf(Func):
    """The query's words (every lexeme of the parsed tsquery, negated ones too, as
    `ts_rank` counts them all) joined with OR: any heading that `ts_rank` can credit
    holds one. The lexemes are read from the tsquery's own text form, where each is
    single-quoted with inner quotes doubled (exactly what PostgreSQL parsed), and the
    operators between them become `|`. Every step is immutable, so PostgreSQL computes
    it once while planning and estimates the index scan from the headings' statistics."""

    template = (
        "rtrim(regexp_replace((%(expressions)s)::text, "
        "'[^'']*(''(?:[^'']|'''')*'')[^'']*', '\\1 | ', 'g'), ' |')::tsquery"
    )
    output_field = SearchQueryField()


class IsTrue(Func):
    """`(condition) IS TRUE`: the same test, kept where it is written among the others."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


class HasNoNegation(Func):
    """True when the parsed query has no NOT. Then a heading that matches it means the
    article matches (the heading's words are in the full vector at the same positions),
    and the body's vector need not be read. A `!` inside a lexeme only costs that read."""

    template = "(strpos((%(expressions)s)::text, '!') = 0)"
    output_field = BooleanField()


def _ranked_union(query: str, stop: int) -> QuerySet:
    """The two parts: (pk, part, rank, heading_rank, order, slug) rows."""
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    heading = F("live_revision__heading_vector")
    whole = F("live_revision__search_vector")
    rank = SearchRank(heading, search_query)
    # Readers' articles, through their published live revision. Said twice: as
    # `state = 'published'`, which lets PostgreSQL use the published-only indexes, and
    # first of all as `(state = 'published') IS TRUE`, which it tests before any vector
    # in whatever order it reads revisions (it moves the plain equality after the other
    # tests, and would read a superseded revision's vectors from TOAST before it).
    live = (
        Article.objects.published()
        .filter(IsTrue(Exact(F("live_revision__state"), Value(Revision.State.PUBLISHED))))
        .filter(live_revision__state=Revision.State.PUBLISHED)
        .order_by()
    )
    columns = ("pk", "part", "rank", "heading_rank", "order", "slug")
    heading_ranked = (
        live.filter(Matches(heading, AnyWordOf(search_query)))
        .annotate(rank=rank, heading_rank=rank, part=Value(0))
        .filter(rank__gt=RANK_FLOOR)
        .filter(
            # A heading that matches a query without NOT: the article matches, and
            # the body's vector need not be read to know it.
            (HasNoNegation(search_query) & Matches(heading, search_query))
            | Matches(whole, search_query)
        )
        .order_by("-rank", "order", "slug")
        .values_list(*columns)[:stop]
    )
    # Every match in the library's order, heading-ranked ones too (the statement drops
    # those): only the words are tested here, which PostgreSQL estimates well from the
    # vectors' statistics, so it chooses well between walking the ("order", slug) index
    # and the GIN index. The page's end is enough: the order wanted is the n matches
    # ranked above the floor, then the others in this order; if n < stop, the first
    # `stop` rows here hold at least stop - n others, which are all the page needs.
    in_library_order = (
        live.filter(Matches(whole, search_query))
        .annotate(
            part=Value(1),
            rank=Value(0.0, output_field=FloatField()),
            heading_rank=Coalesce(rank, Value(0.0)),
        )
        .order_by("order", "slug")
        .values_list(*columns)[:stop]
    )
    return heading_ranked.union(in_library_order, all=True)


# Building and compiling that union costs several times what PostgreSQL takes to run it,
# so it is compiled once per process, database and library setting, with placeholders
# that no search can hold (clean_query removes U+E000; no page reaches these places);
# each search runs that SQL with its own words and places put back.
_WORDS = "\ue000words\ue000"
_START, _STOP = 123_456_789, 987_654_321
_compiled_ranked: dict[tuple[str, str, bool], tuple[str, list[Any], list[int]]] = {}


def _ranked_statement(using: str) -> tuple[str, list[Any], list[int]]:
    """The SQL, its parameters and where the words go in them."""
    key = (using, connections[using].vendor, clinical_only())
    cached = _compiled_ranked.get(key)
    if cached is None:
        union, params = _ranked_union(_WORDS, _STOP).query.get_compiler(using).as_sql()
        sql = (
            f'SELECT "pk" FROM ({union}) AS "hits" '  # noqa: S608 - the ORM's SQL; words are parameters
            f'WHERE "part" = 0 OR "heading_rank" <= %s '
            f'ORDER BY "part", "rank" DESC, "order", "slug" '
            f"LIMIT {_STOP - _START} OFFSET {_START}"
        )
        params = (*params, RANK_FLOOR)
        places = {f"LIMIT {_STOP}": 2, f"LIMIT {_STOP - _START}": 1, f"OFFSET {_START}": 1}
        positions = [i for i, value in enumerate(params) if value == _WORDS]
        if not positions or any(sql.count(place) != n for place, n in places.items()):
            raise RuntimeError("The search statement's shape changed: see _ranked_statement.")
        cached = (sql, list(params), positions)
        _compiled_ranked[key] = cached
    return cached


def _ranked_ids(query: str, start: int, stop: int, using: str = "default") -> list[int]:
    """Ids of the matching articles in places [start, stop) of the order above."""
    sql, params, positions = _ranked_statement(using)
    params = list(params)
    for position in positions:
        params[position] = query
    start, stop = int(start), int(stop)
    sql = (
        sql.replace(f"LIMIT {_STOP - _START}", f"LIMIT {stop - start}")
        .replace(f"LIMIT {_STOP}", f"LIMIT {stop}")
        .replace(f"OFFSET {_START}", f"OFFSET {start}")
    )
    with prepared.cursor(using) as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _postgres_page(query: str, number: int) -> tuple[list, bool]:
    start = (number - 1) * PER_PAGE
    ids = _ranked_ids(query, start, start + PER_PAGE + 1)
    if not ids:
        return [], False
    shown = ids[:PER_PAGE]
    found = _listed(Q(pk__in=shown)).in_bulk()
    articles = [found[pk] for pk in shown if pk in found]
    snippets(articles, query)
    return articles, len(ids) > PER_PAGE


def _listed(condition: Q) -> QuerySet[Article]:
    """A page of results with only what the list shows (resources/partials/
    article_item.html): the body's plain text is for the snippet."""
    return (
        Article.objects.published()
        .filter(condition)
        .select_related("category", "live_revision", "live_revision__last_review")
        .only(
            "slug",
            "category__name",
            "live_revision__title",
            "live_revision__summary",
            "live_revision__reading_minutes",
            "live_revision__body_text",
            "live_revision__last_review__next_review_due",
        )
    )


# --- Snippets, on both databases ---------------------------------------------------------
#
# About 40 words of the body around the first word whose stem is one of the query's
# (the words a query excludes with "-" are not looked for), each such word in it marked.
# This is done here rather than with PostgreSQL's `ts_headline`, which parses and stems
# every word of every body on the page (~10 ms for a page of 4 KB articles, more than the
# search itself). Here only the first match is looked for in the whole body, with
# `str.find` on the two letters a stem shares with all its words in Snowball's English
# stemmer (the one `english` uses: stemming.py), and only the ~40 words shown are stemmed.


def _wanted_stems(query: str) -> set[str]:
    wanted = " ".join(word for word in query.split() if not word.startswith("-"))
    return set(stemming.query_stems(wanted)[:MAX_FALLBACK_WORDS])


def _matches(text, lowered, stems, starts, low, high, *, first_only=False):
    """The (start, end) of every word of text[low:high] with one of `stems`, in order (or
    the first one only). `lowered` is `text` lower-cased, letter for letter."""
    found: list[tuple[int, int]] = []
    for start in starts:
        at = lowered.find(start, low, high)
        while at != -1 and not (first_only and found and at > found[0][0]):
            word = stemming.WORD.match(text, at)
            if (
                word
                and word.end() <= high
                and (at == 0 or not stemming.WORD.match(text, at - 1))
                and stemming.stem(word.group(0)) in stems
            ):
                found = [word.span()] if first_only else [*found, word.span()]
                if first_only:
                    break
            at = lowered.find(start, at + 1, high)
    return sorted(found)


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A letter whose lower case is longer (such as "İ"): keep positions letter for letter.
    return "".join(letter.lower()[:1] for letter in text)


def snippets(articles, query):
    stems = _wanted_stems(query)
    starts = {stem[:2] for stem in stems}
    for article in articles:
        text = article.live_revision.body_text
        lowered = _lowered(text) if stems else ""
        first = _matches(text, lowered, stems, starts, 0, len(text), first_only=True)
        if not first:
            # A match only in the title or summary (or a word form not found here): the
            # list shows the summary, which says more than the body's first words would.
            article.snippet = highlighted("")
            continue
        # About 40 words around the first match, cut at spaces rather than mid-word.
        at = first[0][0]
        start = text.rfind(" ", 0, max(0, at - 80)) + 1
        end = text.find(" ", first[0][1] + 160)
        end = len(text) if end == -1 else end
        pieces, cursor = [], start
        for word_start, word_end in _matches(text, lowered, stems, starts, start, end):
            pieces += [text[cursor:word_start], START, text[word_start:word_end], STOP]
            cursor = word_end
        pieces.append(text[cursor:end])
        article.snippet = highlighted(
            ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")
        )


# --- SQLite (`make run`) ------------------------------------------------------------------


def _fallback_page(query: str, number: int) -> tuple[list, bool]:
    start = (number - 1) * PER_PAGE
    rows = list(_fallback(query)[start : start + PER_PAGE + 1])
    articles = rows[:PER_PAGE]
    snippets(articles, query)
    return articles, len(rows) > PER_PAGE


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
        _listed(condition)
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
