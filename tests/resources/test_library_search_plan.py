"""Search reads one page, not every match (resources/search.py).

The order is the one a single query ranking every match gave (title-and-summary rank,
highest first, then the library's order); it is now built from two small parts, so these
tests compare the two for every query shape websearch_to_tsquery knows (AND, OR, NOT,
phrases, odd characters), page by page. And PostgreSQL never reads a superseded revision,
never counts the matches, and answers in two statements whatever the library's size.
"""

import json
from types import SimpleNamespace

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from resources import search
from resources.models import Article, Revision
from resources.models.articles import (
    SEARCH_CONFIG,
    heading_vector_expression,
    search_vector_expression,
)
from tests.resources.builders import bulk_publish, publish

pytestmark = pytest.mark.django_db
URL = "/library/search/"


def reference_order(query):
    """Every match ranked in one query, as search did before it read only a page."""
    words = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return list(
        Article.objects.published()
        .filter(live_revision__state="published", live_revision__search_vector=words)
        .annotate(rank=SearchRank(F("live_revision__heading_vector"), words))
        .order_by("-rank", "order", "slug")
        .values_list("slug", flat=True)
    )


def every_page(query):
    slugs, number = [], 1
    while True:
        page = search.search(query, number).page
        if page is None:
            return slugs
        slugs += [article.slug for article in page.object_list]
        if not page.has_next:
            return slugs
        number += 1


@pytest.fixture
def varied_library(on_postgres, monkeypatch):
    """Headings that hold all, some or none of the words, bodies alike, ties in "order";
    pages of three so that pages end inside each part and across the two."""
    monkeypatch.setattr(search, "PER_PAGE", 3)
    rows = [
        # slug, order, title, summary, body
        ("drive-in-title", 5, "Drive home safely", "Getting back.", "Someone drives you."),
        ("home-in-title", 1, "Home after a session", "The evening.", "Plan the drive home."),
        ("words-apart", 3, "Home, then a long drive", "Both words.", "A drive home at last."),
        ("body-only-b", 2, "Session days", "What to bring.", "The drive home is long."),
        ("body-only-a", 2, "Water and snacks", "What to bring.", "Drive home; bladder."),
        ("in-summary", 7, "After a session", "Who will drive you home?", "Home. Drive."),
        ("warning-signs", 4, "Warning signs", "What to look for.", "Suicide: call 988."),
        ("all-three", 9, "Warning signs of suicide", "Act now.", "Warning signs, suicide."),
        ("bladder-only", 6, "Side effects", "The bladder.", "Bladder problems."),
        ("it-s-home", 8, "It's home", "Partner's place.", "The partner's home, it's said."),
        ("driving-lesson", 0, "Driving", "Driving lessons.", "Driving, drivers and a drive."),
        ("no-match", 10, "Crisis", "Call for help.", "Stay with the person."),
    ]
    for slug, order, title, summary, body in rows:
        publish(slug, order=order, title=title, summary=summary, body=body)
    bulk_publish(5, body="Drive home with care; the bladder and treatment.")


@pytest.mark.parametrize(
    "query",
    [
        "drive home",  # AND: headings with both words, then the rest in library order
        "drive",  # one word
        "home drive",
        "warning signs of suicide",  # three words: a heading with two of them ranks
        '"drive home"',  # a phrase: "Home, then a long drive" ranks, though apart
        '"home drive"',
        "drive or bladder",  # OR: any word in the heading ranks
        "drive -bladder",  # NOT
        "home -drive",
        "-drive",  # only NOT: everything else
        "drive or -home",
        '"drive home" -bladder',
        "it's",  # lexemes with quotes in them
        "partner's home",
        "don't 'drive' \\ home ''",
        "drive & home | ! <-> ( ) :*",  # tsquery operators typed as text
        "bulk",  # only the bulk articles' titles
        "treatment",  # many matches, none in a heading
        "zeppelin",  # none
    ],
)
def test_every_page_follows_the_single_ranked_order(varied_library, query):
    assert every_page(query) == reference_order(query)


def test_pages_end_inside_each_part_and_across_them(varied_library):
    """For "drive home": three ranked headings, then eight other matches, in threes."""
    order = reference_order("drive home")
    assert len(order) > 9
    first = search.search("drive home", 1).page
    assert [a.slug for a in first.object_list] == order[:3] and first.has_next
    middle = search.search("drive home", 2).page
    assert [a.slug for a in middle.object_list] == order[3:6] and middle.has_next
    last_number = (len(order) + 2) // 3
    last = search.search("drive home", last_number).page
    assert [a.slug for a in last.object_list] == order[(last_number - 1) * 3 :]
    assert not last.has_next
    past = search.search("drive home", last_number + 1).page
    assert past.number == 1 and [a.slug for a in past.object_list] == order[:3]


def test_a_heading_with_the_words_comes_first_then_the_library_order(varied_library):
    """What a reader sees for a common pair of words, read plainly."""
    order = reference_order("drive home")
    ranked = {"drive-in-title", "words-apart", "in-summary"}
    assert set(order[:3]) == ranked
    # "Home after a session" holds only one of the two words: it is listed with the
    # body matches, in the library's order ("order", then slug for a tie).
    assert order[3:] == ["home-in-title", "body-only-a", "body-only-b"] + [
        f"bulk-{n}" for n in range(5)
    ]


# --- Never every match, never a superseded revision --------------------------------------


def supersede_all_with(words):
    """An older, superseded revision of every article, its vectors holding `words`."""
    superseded = Revision.objects.bulk_create(
        Revision(
            article=article,
            number=0,
            state=Revision.State.SUPERSEDED,
            title=f"Old {words}",
            summary=f"Old summary: {words}.",
            body=f"Old text about {words}. " * 40,
            body_text=f"Old text about {words}. " * 40,
        )
        for article in Article.objects.all()
    )
    Revision.objects.filter(pk__in=[r.pk for r in superseded]).update(
        search_vector=search_vector_expression(), heading_vector=heading_vector_expression()
    )


def plan_nodes(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    yield from plan_nodes_under((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])


def plan_nodes_under(node):
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        stack += node.get("Plans", [])


@pytest.mark.parametrize(
    "query", ["bladder", "zeppelin", "drive home", '"plain words"', "zeppelin or bladder"]
)
def test_no_superseded_revision_is_read_and_nothing_is_counted(on_postgres, query):
    """As many superseded revisions as live ones, full of the words searched for: the
    plan reaches revisions through their article or a published-only index, or else
    tests that a revision is published before reading any of its text."""
    bulk_publish(400)
    supersede_all_with("zeppelin drive home bladder")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resources_revision")
        cursor.execute("ANALYZE resources_article")
    with CaptureQueriesContext(connection) as captured:
        search.search(query)
    statements = [q["sql"] for q in captured.captured_queries]
    assert not any("COUNT(" in sql.upper() for sql in statements)
    revision_scans = [
        node
        for sql in statements
        for node in plan_nodes(sql)
        if node.get("Relation Name") == "resources_revision"
    ]
    assert revision_scans
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'resources_revision' "
            "AND indexdef LIKE '%WHERE ((state)::text = ''published''::text)'"
        )
        published_only = {name for (name,) in cursor.fetchall()}
    assert {"revision_published_search_gin", "revision_published_heading_gin"} <= published_only
    published_first = "((((state)::text = 'published'::text) IS TRUE) AND "
    for node in revision_scans:
        # An index scan names its index; a bitmap heap scan's are in the nodes below it.
        uses = [n for n in plan_nodes_under(node) if "Index Name" in n]
        through_published = uses and all(
            # A published-only index, or one live revision looked up from its article.
            use["Index Name"] in published_only
            or (
                use["Index Name"] == "resources_revision_pkey"
                and "live_revision_id" in use.get("Index Cond", "")
            )
            for use in uses
        )
        if not through_published:
            # Any other way through the revisions (PostgreSQL's choice: at this size it
            # sometimes walks the primary key) tests the state before any vector.
            assert node.get("Filter", "").startswith(published_first), json.dumps(node)


def test_superseded_words_are_never_found(on_postgres):
    bulk_publish(5)
    supersede_all_with("zeppelin")
    assert search.search("zeppelin").page.object_list == []


def test_two_statements_and_a_limited_page_whatever_the_library(client, on_postgres):
    bulk_publish(60)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": "bladder", "page": "2"})
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 2
    ids_sql, page_sql = statements
    # The page's ids: each part stops at the end of page 2 (21 + 20 rows), then one row
    # past the page says that page 3 exists.
    assert ids_sql.count("LIMIT 41") == 2 and ids_sql.endswith("LIMIT 21 OFFSET 20")
    assert "ts_headline" not in page_sql and "search_vector" not in page_sql
    assert response.context["page"].has_next


# --- Snippets ----------------------------------------------------------------------------


def listed(body):
    return SimpleNamespace(live_revision=SimpleNamespace(body_text=body))


def test_a_snippet_marks_each_form_of_the_words_near_the_first_one():
    article = listed("Before the session. Plan who drives you home; no driving until sleep.")
    search.snippets([article], "drive home")
    assert str(article.snippet) == (
        "Before the session. Plan who <mark>drives</mark> you <mark>home</mark>; no "
        "<mark>driving</mark> until sleep."
    )


def test_excluded_words_and_parts_of_words_are_not_marked():
    article = listed("A driveway is not a drive. Homework at home. Bladder.")
    search.snippets([article], "drive home -bladder")
    snippet = str(article.snippet)
    assert "<mark>drive</mark>" in snippet and "<mark>home</mark>" in snippet
    assert "<mark>driveway" not in snippet and "<mark>Homework" not in snippet
    assert "<mark>Bladder" not in snippet


def test_a_long_body_is_cut_around_the_first_match_at_spaces():
    article = listed("word " * 200 + "the drive home " + "more " * 200)
    search.snippets([article], "drive")
    snippet = str(article.snippet)
    assert snippet.startswith("… word") and snippet.endswith("more …")
    assert "<mark>drive</mark>" in snippet and len(snippet) < 400


def test_a_letter_that_lower_cases_longer_keeps_the_marks_in_place():
    article = listed("İstanbul: İİ the drive home")
    search.snippets([article], "drive")
    assert str(article.snippet) == "İstanbul: İİ the <mark>drive</mark> home"


def test_no_match_in_the_body_gives_no_snippet_so_the_summary_is_shown():
    article = listed("Nothing about it here.")
    search.snippets([article], "zeppelin")
    assert str(article.snippet) == ""


def test_html_in_the_body_is_escaped_in_the_snippet():
    article = listed("<script>drive</script> & home")
    search.snippets([article], "drive")
    assert str(article.snippet) == "&lt;script&gt;<mark>drive</mark>&lt;/script&gt; &amp; home"


# --- The statement is compiled once -------------------------------------------------------


def test_the_search_statement_is_compiled_once_and_follows_the_clinical_setting(
    on_postgres, settings, monkeypatch
):
    """Building and compiling the UNION costs more than running it: it is compiled once
    per process, database and `LIBRARY_CLINICAL_REVIEW_ONLY`, and each search puts its
    own words and page into that SQL."""
    from django.db.models.sql.compiler import SQLCompiler

    publish("editorial-drive", title="Drive home", body="Drive home.", kind="editorial")
    publish(
        "clinical-drive",
        title="Drive home, checked",
        body="Drive.",
        kind="clinical",
        credential="Consultant psychiatrist, GMC 1234567",
    )
    assert search.search("drive").page.object_list  # compiled here, if not before
    compiled = []
    original = SQLCompiler.get_combinator_sql
    monkeypatch.setattr(
        SQLCompiler,
        "get_combinator_sql",
        lambda self, *args: compiled.append(1) or original(self, *args),
    )
    for words, page in [("drive home", 1), ("home", 1), ("drive", 3), ("it's", 1)]:
        search.search(words, page)
    assert compiled == []
    assert [a.slug for a in search.search("drive home").page.object_list] == [
        "editorial-drive",
        "clinical-drive",
    ]
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    assert [a.slug for a in search.search("drive home").page.object_list] == ["clinical-drive"]
    assert compiled == [1]
