"""Library search: full-text on PostgreSQL, a simple fallback on SQLite, never a 500."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from resources import workflow
from resources.loading import article_files
from resources.models import Article, Revision
from tests.resources.builders import bulk_publish, draft, get_counting_queries, publish

pytestmark = pytest.mark.django_db
URL = "/library/search/"


def result_slugs(response):
    return [article.slug for article in response.context["page"].object_list]


@pytest.fixture
def library():
    publish(
        "side-effects-and-risks",
        title="Side effects and risks",
        summary="What can go wrong, including the bladder problems linked with heavy use.",
        body="## The bladder\n\nChronic heavy use is linked to bladder inflammation. "
        "Stopping is the main treatment for the bladder damage.",
    )
    publish(
        "on-a-session-day",
        title="On a session day",
        category="session-days",
        summary="What a session day asks of a partner.",
        body="Someone has to drive home the person treated: no driving until the next day. "
        "Bring water, and a snack; use the bathroom (bladder) before you go.",
    )
    publish(
        "recognising-a-crisis",
        title="Recognising a crisis",
        category="crisis",
        summary="Warning signs and what to do.",
        body="Call 988 in the US. Stay with the person.",
    )
    draft("unreviewed-draft", title="Unreviewed bladder draft", body="bladder bladder bladder")


def test_finds_published_articles_and_highlights_the_words(client, library):
    response = client.get(URL, {"q": "bladder"})
    assert response.status_code == 200
    slugs = result_slugs(response)
    assert set(slugs) == {"side-effects-and-risks", "on-a-session-day"}
    assert "<mark>bladder</mark>" in response.content.decode().lower()
    assert "2 articles match “bladder”" in response.content.decode()


def test_nothing_found_is_said_kindly(client, library):
    response = client.get(URL, {"q": "zebra"})
    assert response.status_code == 200
    assert "No articles match “zebra”" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["!!!", "?", " -- ", "\x00", "bladder\x00", "\x00\x00\x00", "()[]{}<>", "\u200b"]
)
def test_punctuation_or_nul_bytes_get_a_friendly_answer_never_a_500(client, library, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert "\x00" not in page
    if query.strip("\x00") == "bladder":
        assert "bladder" in page
    else:
        assert "There was nothing to search for in that." in page


@pytest.mark.parametrize("page_number", ["2", "x", "\x00", "-1", "99999999999999999999"])
def test_any_page_number_is_answered(client, library, page_number):
    response = client.get(URL, {"q": "bladder", "page": page_number})
    assert response.status_code == 200


def test_a_very_long_query_is_shortened_not_refused(client, library):
    response = client.get(URL, {"q": "bladder " * 500})
    assert response.status_code == 200
    assert len(response.context["results"].query) <= 200


def test_the_query_and_the_article_text_are_escaped(client):
    publish(body="Mind this: <b>bold</b> & 5 < 6 in the bladder text.")
    page = client.get(URL, {"q": "<script>bladder"}).content.decode()
    assert "<script>bladder" not in page and "&lt;script&gt;bladder" in page
    assert "<b>bold</b>" not in page


def test_an_empty_search_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_query_count_is_the_same_for_12_and_2000_articles(client, django_assert_max_num_queries):
    """Guards the N+1 of fetching each result's review or snippet: one page of articles (and
    one more row, to know of a next page: matches are never all counted) with their reviews,
    and (PostgreSQL) the headlines of that page only."""
    expected = 2 if connection.vendor == "postgresql" else 1
    bulk_publish(12)
    with django_assert_max_num_queries(expected):
        small = get_counting_queries(client, f"{URL}?q=bladder")[1]
    bulk_publish(1988, start=12)
    with django_assert_max_num_queries(expected):
        response, large = get_counting_queries(client, f"{URL}?q=bladder")
    assert response.context["results"].count is None
    assert response.context["page"].has_next
    assert "More than 20 articles match “bladder”" in response.content.decode()
    assert small == large == expected


def test_matches_are_never_all_counted_and_pages_still_follow(client, library):
    from django.test.utils import CaptureQueriesContext

    from resources import search

    bulk_publish(search.PER_PAGE + 5)
    with CaptureQueriesContext(connection) as captured:
        first = client.get(URL, {"q": "bladder"})
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    assert first.context["page"].has_next
    second = client.get(URL, {"q": "bladder", "page": "2"})
    assert not second.context["page"].has_next
    assert len(result_slugs(second)) == 5 + 2  # the library fixture's two bladder articles
    assert "Previous results" in second.content.decode()


# --- PostgreSQL full-text search ------------------------------------------------------


def test_search_reads_only_published_revisions_through_their_index(on_postgres, client):
    """Superseded revisions (half the table, growing with every edit) are never scanned."""
    from django.test.utils import CaptureQueriesContext

    from resources import page_cache

    bulk_publish(30)
    client.get(URL, {"q": "bladder"})
    page_cache.bump()  # searched afresh, not served from this process's kept results
    with CaptureQueriesContext(connection) as captured:
        client.get(URL + "?q=bladder&page=1")
    search_sql = next(q["sql"] for q in captured.captured_queries if "@@" in q["sql"])
    assert """"resources_revision"."state" = 'published'""" in search_sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'revision_published_search_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "WHERE ((state)::text = 'published'::text)" in definition


def test_bladder_ranks_the_risks_article_first(on_postgres, client, library):
    assert result_slugs(client.get(URL, {"q": "bladder"}))[0] == "side-effects-and-risks"


def test_drive_home_finds_the_session_day_article(on_postgres, client, library):
    assert result_slugs(client.get(URL, {"q": "drive home"})) == ["on-a-session-day"]


def test_a_title_match_outranks_a_body_match(on_postgres, client):
    publish("body-only", title="Something else", body="A word about infusions here.")
    publish("in-title", title="Infusions", body="Nothing more.")
    assert result_slugs(client.get(URL, {"q": "infusion"})) == ["in-title", "body-only"]


def test_stemming_finds_other_forms_of_a_word(on_postgres, client, library):
    assert "on-a-session-day" in result_slugs(client.get(URL, {"q": "drives"}))


def test_only_stop_words_is_an_empty_result(on_postgres, client, library):
    response = client.get(URL, {"q": "the and of"})
    assert response.status_code == 200
    assert result_slugs(response) == []


def test_the_search_index_follows_the_published_text(on_postgres, client, library, editor):
    article = Article.objects.get(slug="recognising-a-crisis")
    revision = workflow.start_revision(article, editor)
    revision.body = "Now about zeppelins."
    revision.save()
    assert result_slugs(client.get(URL, {"q": "zeppelins"})) == []
    workflow.submit(revision, editor)
    workflow.publish_loaded(
        revision, kind="editorial", reviewer_name="R", reviewed_on=date.today(), notes="n"
    )
    assert result_slugs(client.get(URL, {"q": "zeppelins"})) == ["recognising-a-crisis"]


@pytest.mark.skipif(not article_files(), reason="no shipped article files yet")
def test_the_shipped_articles_answer_the_two_searches(on_postgres, client):
    call_command("load_library", verbosity=0)
    # Files without their review block load as drafts; review them here so they can be found.
    for revision in Revision.objects.filter(state=Revision.State.DRAFT):
        workflow.publish_loaded(
            revision, kind="editorial", reviewer_name="Test", reviewed_on=date.today(), notes="n"
        )
    first = Article.objects.get(slug=result_slugs(client.get(URL, {"q": "bladder"}))[0])
    assert first.category.slug == "risks-and-safety"
    found = Article.objects.filter(slug__in=result_slugs(client.get(URL, {"q": "drive home"})))
    assert "session-days" in {article.category.slug for article in found}


# --- Real reader words, on SQLite and PostgreSQL alike ------------------------------------


@pytest.fixture
def shipped_library(db):
    call_command("load_library", verbosity=0)


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("driving", "on-a-session-day"),
        ("drive", "on-a-session-day"),
        ("who drives home", "on-a-session-day"),
        ("dependent", "dependence-and-misuse"),
        ("dependence", "dependence-and-misuse"),
        ("dependency", "dependence-and-misuse"),
        ("addictive", "dependence-and-misuse"),
        ("bladder pain", "side-effects-and-risks"),
        ("side effects", "side-effects-and-risks"),
        ("warning signs of suicide", "recognising-a-crisis"),
    ],
)
def test_reader_words_find_their_article(client, shipped_library, query, slug):
    """Whatever the database: a reader's word form finds the article written in another."""
    slugs = result_slugs(client.get(URL, {"q": query}))
    assert slug in slugs[:5], (query, slugs[:5])


def test_a_reader_word_is_highlighted_in_its_written_form(client, shipped_library):
    page = client.get(URL, {"q": "driving"}).content.decode().lower()
    assert "<mark>drive</mark>" in page or "<mark>driving</mark>" in page


def test_only_stop_words_find_nothing_on_any_database(client, shipped_library):
    assert result_slugs(client.get(URL, {"q": "the and of"})) == []


def test_sqlite_stems_are_postgresqls_stems(on_postgres):
    """The fallback's stems and stop words are the ones PostgreSQL's `english` uses."""
    from resources.stemming import stem_text

    text = (
        "Driving home after sessions: dependence, dependent and dependency; the bladder's "
        "infusions were monitored, and nobody should drive until they've slept."
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(to_tsvector(%s, %s)), ' ')",
            ["english", text],
        )
        postgres = set(cursor.fetchone()[0].split())
    assert set(stem_text(text).split()) == postgres


# --- A search is kept per process: a signed-in render reads only the person's marks -------


@pytest.fixture
def fresh_renders(settings):
    """Every signed-in page rendered afresh, as after any change to the couple's data."""
    settings.COUPLE_PAGE_CACHE = "off"


def test_a_signed_in_search_asked_again_reads_only_the_persons_marks(
    fresh_renders,
    treatment_client,
    supporting_client,
    supporting,
    library,
    django_assert_num_queries,
):
    """The same words and page give the same results for everybody: kept per process for
    the library's generation, a signed-in search asked again costs the person with their
    couple and their reading marks among the results."""
    from partners.access import load_couple
    from resources.suggestions import mark_read

    mark_read(load_couple(supporting), Article.objects.get(slug="side-effects-and-risks"))
    treatment_client.get(URL, {"q": "bladder"})
    with django_assert_num_queries(2):
        mine = treatment_client.get(URL, {"q": "bladder"}).content.decode()
    with django_assert_num_queries(2):
        theirs = supporting_client.get(URL, {"q": "bladder", "page": "1"}).content.decode()
    assert "Side effects and risks" in mine and "You\u2019ve read this" not in mine
    assert "You\u2019ve read this" in theirs
    assert "<mark>bladder</mark>" in mine or "<mark>bladder</mark>" in theirs.lower()


def test_other_words_or_pages_are_searched_afresh(fresh_renders, treatment_client, library):
    assert "Side effects and risks" in treatment_client.get(URL, {"q": "bladder"}).content.decode()
    assert "No articles match" in treatment_client.get(URL, {"q": "zeppelin"}).content.decode()
    page = treatment_client.get(URL, {"q": "bladder", "page": "7"}).content.decode()
    assert "Side effects and risks" in page  # past the last page: the first one


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_approved_edit_and_a_withdrawal_show_in_results_at_once(
    signed_in, fresh_renders, client, treatment_client, library, editor, reviewer
):
    browser = treatment_client if signed_in else client
    article = Article.objects.get(slug="side-effects-and-risks")
    assert "Side effects and risks" in browser.get(URL, {"q": "bladder"}).content.decode()
    revision = workflow.start_revision(article, editor)
    revision.title = "A NEW TITLE AFTER REVIEW"
    revision.save()
    workflow.submit(revision, editor)
    workflow.approve(revision, reviewer, kind="editorial", notes="Checked against sources")
    page = browser.get(URL, {"q": "bladder"}).content.decode()
    assert "A NEW TITLE AFTER REVIEW" in page and "Side effects and risks" not in page
    workflow.withdraw_article(article, editor, "Out of date.")
    page = browser.get(URL, {"q": "bladder"}).content.decode()
    assert "A NEW TITLE AFTER REVIEW" not in page and "Side effects and risks" not in page


def test_a_visitors_search_outside_the_shared_cache_is_searched_afresh(
    on_postgres, client, library, django_assert_num_queries
):
    """Visitors' plain searches are kept whole in the shared cache; one the shared cache
    does not keep (a parameter it does not know) is searched live every time."""
    client.get(URL, {"q": "bladder", "fresh": "1"})
    with django_assert_num_queries(2):
        client.get(URL, {"q": "bladder", "fresh": "1"})
