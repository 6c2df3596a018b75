"""An article page: the reviewed text with its sources, review record, prompts and help."""

from datetime import date, timedelta

import pytest

from partners.access import load_couple
from resources import workflow
from resources.suggestions import mark_read, suggest
from tests.resources.builders import bulk_publish, draft, get_counting_queries, publish

pytestmark = pytest.mark.django_db
URL = "/library/an-article/"


@pytest.fixture
def article():
    article = publish(
        title="Side effects and risks",
        body="## The bladder\n\nLong, heavy use can harm the bladder.",
        reviewed_on=date(2026, 11, 26),
    )
    article.related.add(publish("on-a-session-day", title="On a session day"))
    return article


def test_anyone_can_read_a_published_article(client, article):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and page.count("<h1") == 1
    assert "Side effects and risks</h1>" in page
    assert "<h2>The bladder</h2>" in page
    assert "A short summary of side effects and risks." in page


def test_the_page_shows_the_review_record_as_it_happened(client, article):
    page = client.get(URL).content.decode()
    assert (
        "Last reviewed 26 November 2026 by Alongside editorial team (editorial fact-check)"
        "</strong>\n    — Next review due 26 November 2027"
    ) in page
    assert "This was an editorial check, not a clinical review." in page
    assert "Checked against the sources." in page


def test_a_clinical_review_shows_the_credential_it_was_given(client):
    publish(kind="clinical", credential="Consultant psychiatrist", reviewed_on=date(2026, 1, 5))
    page = client.get(URL).content.decode()
    assert "by Alongside editorial team, Consultant psychiatrist (clinical review)" in page


def test_every_article_has_help_sources_and_prompts(client, article):
    page = client.get(URL).content.decode()
    assert "This is not medical advice; talk to your clinician" in page
    assert 'href="#crisis-heading"' in page and 'id="crisis-heading"' in page
    assert 'href="https://doi.org/10.1056/NEJMoa2302399" rel="noopener noreferrer"' in page
    assert "New England Journal of Medicine, 2023." in page
    assert "Talk about it" in page and "<li>What surprised you?</li>" in page
    assert "Related reading" in page and "On a session day" in page


def test_without_chosen_related_articles_the_same_category_is_offered(client):
    publish()
    publish("neighbour", title="A neighbour")
    assert "A neighbour" in client.get(URL).content.decode()


def test_an_overdue_review_is_flagged_to_readers(client):
    publish(reviewed_on=date.today() - timedelta(days=370))
    page = client.get(URL).content.decode()
    assert "This article is past its review date." in page


@pytest.mark.parametrize("path", ["/library/an-article/", "/library/missing/"])
def test_drafts_and_missing_articles_are_not_found(client, path):
    draft()
    assert client.get(path).status_code == 404


def test_a_revision_waiting_for_review_is_invisible(client, article, editor):
    revision = workflow.start_revision(article, editor)
    revision.title = "A retitled article"
    revision.body = "Unreviewed words."
    revision.save()
    workflow.submit(revision, editor)
    page = client.get(URL).content.decode()
    assert "Unreviewed words." not in page and "A retitled article" not in page
    assert "Long, heavy use can harm the bladder." in page


def test_with_clinical_review_only_an_editorial_article_is_not_found(client, article, settings):
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    assert client.get(URL).status_code == 404


def test_a_visitor_is_invited_to_sign_in_for_the_couple_features(client, article):
    page = client.get(URL).content.decode()
    assert "Create an account" in page
    assert "Mark as read" not in page


def test_a_partner_can_mark_read_and_suggest(treatment_client, article, supporting):
    page = treatment_client.get(URL).content.decode()
    assert "Mark as read" in page
    assert "Suggest to Alex" in page
    assert "A note for Alex (optional)" in page
    assert "Alex hasn\u2019t marked it as read." in page


def test_each_partner_sees_the_others_reading_and_suggestions(
    supporting_client, article, in_treatment, supporting
):
    mark_read(load_couple(in_treatment), article)
    suggest(load_couple(in_treatment), article, "This helped me <3")
    page = supporting_client.get(URL).content.decode()
    assert "Sam read it on" in page
    assert "Sam suggested this for you" in page
    assert "This helped me &lt;3" in page


def test_a_stranger_sees_the_article_but_nothing_of_another_couple(
    stranger_client, article, in_treatment
):
    suggest(load_couple(in_treatment), article, "Private note")
    mark_read(load_couple(in_treatment), article)
    page = stranger_client.get(URL).content.decode()
    assert "Private note" not in page and "suggested this" not in page
    assert "Sam read it" not in page
    assert "You haven\u2019t marked this as read yet." in page


def test_someone_without_a_partner_just_reads(loner_client, article):
    page = loner_client.get(URL).content.decode()
    assert "Mark as read" not in page and "Create an account" not in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_is_the_same_for_12_and_2000_articles(
    signed_in, client, treatment_client, article, django_assert_max_num_queries
):
    """Guards N+1s on sources, related articles and their reviews: the article with its
    review, its sources, its related articles with theirs; for a partner, both read marks
    and pending suggestions. 1 more loads the signed-in person with their couple (the
    session itself comes from the cache)."""
    browser = treatment_client if signed_in else client
    expected = 3 + (1 + 2 if signed_in else 0)
    browser.get(URL)
    bulk_publish(12)
    article.related.add(*article.category.articles.exclude(pk=article.pk)[:3])
    with django_assert_max_num_queries(expected):
        small = get_counting_queries(browser, URL)[1]
    bulk_publish(1988, start=12)
    with django_assert_max_num_queries(expected):
        response, large = get_counting_queries(browser, URL)
    assert response.status_code == 200
    assert small == large == expected


def test_citations_land_on_their_numbered_source_and_undated_pages_say_accessed(client):
    article = publish(body="Dissociation in 41% of people.[[2]](#source-2)")
    revision = article.live_revision
    revision.sources.all().delete()
    revision.sources.create(
        position=1, title="Dated study", publisher="A journal", year=2019, url="https://doi.org/x"
    )
    revision.sources.create(
        position=2,
        title="Undated page",
        publisher="A charity",
        accessed_year=2026,
        url="https://example.org/",
    )
    page = client.get(URL).content.decode()
    assert 'href="#source-2" rel="noopener noreferrer">[2]</a>' in page
    assert '<li id="source-1">' in page and '<li id="source-2">' in page
    assert "A journal, 2019." in page
    assert "A charity, undated page, accessed 2026." in page
    assert "A journal, 2019, accessed" not in page


# --- The article's own part is kept per process: a signed-in render reads the couple's ---


@pytest.fixture
def fresh_renders(settings):
    """Every signed-in page rendered afresh, as after any change to the couple's data."""
    settings.COUPLE_PAGE_CACHE = "off"


def test_a_signed_in_fresh_render_reads_only_the_couples_marks_and_suggestions(
    fresh_renders,
    treatment_client,
    supporting_client,
    article,
    in_treatment,
    django_assert_num_queries,
):
    """The article, its sources and related articles are the same for everybody: kept per
    process for the library's generation, a signed-in render costs the person with their
    couple, the couple's marks of this article and its suggestions."""
    suggest(load_couple(in_treatment), article, "Have a look")
    treatment_client.get(URL)
    with django_assert_num_queries(3):
        mine = treatment_client.get(URL).content.decode()
    with django_assert_num_queries(3):
        theirs = supporting_client.get(URL).content.decode()
    assert "Side effects and risks</h1>" in mine and "On a session day" in mine
    assert "Sam suggested this for you" in theirs and "Have a look" in theirs
    assert "suggested this for you" not in mine


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_approved_edit_and_a_withdrawal_show_at_once(
    signed_in, fresh_renders, client, treatment_client, article, editor, reviewer
):
    browser = treatment_client if signed_in else client
    assert "Side effects and risks</h1>" in browser.get(URL).content.decode()
    revision = workflow.start_revision(article, editor)
    revision.title = "A NEW TITLE AFTER REVIEW"
    revision.save()
    workflow.submit(revision, editor)
    assert "Side effects and risks</h1>" in browser.get(URL).content.decode()
    workflow.approve(revision, reviewer, kind="editorial", notes="Checked against sources")
    assert "A NEW TITLE AFTER REVIEW</h1>" in browser.get(URL).content.decode()
    workflow.withdraw_article(article, editor, "Out of date.")
    assert browser.get(URL).status_code == 404


def test_a_related_article_withdrawn_leaves_the_page_at_once(
    fresh_renders, treatment_client, article, editor
):
    assert "On a session day" in treatment_client.get(URL).content.decode()
    workflow.withdraw_article(article.related.get(), editor, "Out of date.")
    assert "On a session day" not in treatment_client.get(URL).content.decode()


def test_the_clinical_setting_applies_at_once_when_signed_in(
    fresh_renders, treatment_client, article, settings
):
    assert treatment_client.get(URL).status_code == 200
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    assert treatment_client.get(URL).status_code == 404


def test_the_review_falls_overdue_on_its_date(fresh_renders, treatment_client, article):
    from freezegun import freeze_time

    due = article.live_revision.last_review.next_review_due
    with freeze_time(due - timedelta(days=1)):
        assert "past its review date" not in treatment_client.get(URL).content.decode()
    with freeze_time(due + timedelta(days=1)):
        assert "past its review date" in treatment_client.get(URL).content.decode()


def test_the_couples_compiled_statements_give_what_the_orm_gives(
    article, in_treatment, supporting, stranger, couple
):
    from resources.views import library

    sam, alex = load_couple(in_treatment), load_couple(supporting)
    mark_read(sam, article)
    mark_read(alex, article)
    mark_read(load_couple(stranger), article)
    suggest(sam, article, "One")
    suggest(load_couple(stranger), article, "Theirs")
    for query in (library.MARKS_OF_ARTICLE, library.SUGGESTIONS_OF_ARTICLE):
        compiled = query.rows(partnership_id=couple.pk, article_id=article.pk)
        expected = list(query.build(partnership_id=couple.pk, article_id=article.pk))
        assert compiled and [vars_of(row) for row in compiled] == [vars_of(row) for row in expected]
        assert all(row.partnership_id == couple.pk for row in compiled)


def vars_of(row):
    return {name: value for name, value in vars(row).items() if name != "_state"}


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_kept_fragments_are_the_page_the_template_renders_itself(
    signed_in, fresh_renders, client, treatment_client, article, monkeypatch
):
    """The article's own parts are rendered once and kept; the page is byte for byte the
    one the template renders when given none (the admin's preview, a form's errors)."""
    import re

    from resources import page_cache
    from resources.views import library

    browser = treatment_client if signed_in else client
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')

    def page():
        page_cache.bump()  # afresh, past every kept copy
        return csrf.sub("", browser.get(URL, {"v": page_cache.generation()}).content.decode())

    kept = page()
    parts = library._article_parts
    monkeypatch.setattr(library, "_article_parts", lambda slug: (*parts(slug)[:3], None))
    assert page() == kept
    assert "Related reading" in kept and "Talk about it" in kept and "Sources" in kept
