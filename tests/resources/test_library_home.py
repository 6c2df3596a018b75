"""The library home: every category with its first articles, open to everyone."""

from datetime import date, timedelta
from unittest import mock

import pytest

from partners.access import load_couple
from resources.suggestions import mark_read
from tests.resources.builders import bulk_publish, draft, get_counting_queries, publish

pytestmark = pytest.mark.django_db
URL = "/library/"


def test_anyone_can_read_the_library_by_category(client):
    publish("side-effects", title="Side effects and risks", category="risks-and-safety")
    publish("on-a-session-day", title="On a session day", category="session-days")
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Session days and the course") < page.index("Risks and safety")
    assert "Side effects and risks" in page and "On a session day" in page
    assert "This is not medical advice" in page
    assert "In a crisis" not in page  # categories without articles are not listed


def test_drafts_and_revisions_waiting_for_review_are_not_listed(client):
    draft("unreviewed", title="Not reviewed yet")
    assert "Not reviewed yet" not in client.get(URL).content.decode()
    assert "No articles have been published yet" in client.get(URL).content.decode()


def test_an_overdue_review_is_flagged_in_the_list(client):
    publish(reviewed_on=date.today() - timedelta(days=400))
    assert "Review overdue" in client.get(URL).content.decode()


def test_a_signed_in_partner_sees_what_they_have_read(treatment_client, in_treatment):
    article = publish()
    assert "You\u2019ve read this" not in treatment_client.get(URL).content.decode()
    mark_read(load_couple(in_treatment), article)
    assert "You\u2019ve read this" in treatment_client.get(URL).content.decode()


def test_with_clinical_review_only_editorial_articles_are_hidden(client, settings):
    publish("checked", title="Fact-checked only")
    publish("clinical", title="Clinically reviewed", kind="clinical", credential="Psychiatrist")
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    page = client.get(URL).content.decode()
    assert "Clinically reviewed" in page and "Fact-checked only" not in page


def test_a_long_category_links_to_its_full_list(client):
    bulk_publish(60)
    page = client.get(URL).content.decode()
    assert "All 10 articles in Risks and safety" in page


def test_reading_the_library_never_runs_markdown_or_bleach(client):
    publish()
    with (
        mock.patch("markdown.Markdown.convert", side_effect=AssertionError("Markdown ran")),
        mock.patch("bleach.sanitizer.Cleaner.clean", side_effect=AssertionError("bleach ran")),
    ):
        assert client.get(URL).status_code == 200
        assert client.get("/library/an-article/").status_code == 200
        assert client.get("/library/search/?q=words").status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_is_the_same_for_12_and_2000_articles(
    signed_in, client, treatment_client, django_assert_max_num_queries
):
    """Guards the N+1 of loading each category's articles, reviews or read marks one by one:
    categories with counts, the first articles of every category (one windowed query), and
    for a partner their read marks. 1 more loads the signed-in person (the session itself
    comes from the cache)."""
    browser = treatment_client if signed_in else client
    expected = 2 + (1 + 1 if signed_in else 0)
    browser.get(URL)  # first-visit bookkeeping (the device list) out of the way
    bulk_publish(12)
    with django_assert_max_num_queries(expected):
        small = get_counting_queries(browser, URL)[1]
    bulk_publish(1988, start=12)
    with django_assert_max_num_queries(expected):
        response, large = get_counting_queries(browser, URL)
    assert response.status_code == 200
    assert small == large == expected


# --- The listing is kept per process: a signed-in render reads only the couple's marks ----


@pytest.fixture
def fresh_renders(settings):
    """Every signed-in page rendered afresh, as after any change to the couple's data."""
    settings.COUPLE_PAGE_CACHE = "off"


def test_a_signed_in_fresh_render_reads_only_the_partners_marks(
    fresh_renders, treatment_client, supporting_client, supporting, django_assert_num_queries
):
    """The categories and their first articles are the same for everybody: kept per
    process for the library's generation, a signed-in render costs the person (with their
    couple) and their reading marks among the listed articles."""
    articles = bulk_publish(30)
    mark_read(load_couple(supporting), articles[0])
    treatment_client.get(URL)
    with django_assert_num_queries(2):
        first = treatment_client.get(URL).content.decode()
    with django_assert_num_queries(2):
        second = supporting_client.get(URL).content.decode()
    assert "You\u2019ve read this" not in first
    assert second.count("You\u2019ve read this") == 1


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_approved_edit_and_a_withdrawal_show_at_once(
    signed_in, fresh_renders, client, treatment_client, editor, reviewer
):
    from resources import workflow

    browser = treatment_client if signed_in else client
    article = publish(title="Side effects and risks")
    assert "Side effects and risks" in browser.get(URL).content.decode()
    revision = workflow.start_revision(article, editor)
    revision.title = "A NEW TITLE AFTER REVIEW"
    revision.save()
    workflow.submit(revision, editor)
    assert "Side effects and risks" in browser.get(URL).content.decode()  # not yet approved
    workflow.approve(revision, reviewer, kind="editorial", notes="Checked against sources")
    page = browser.get(URL).content.decode()
    assert "A NEW TITLE AFTER REVIEW" in page and "Side effects and risks" not in page
    workflow.withdraw_article(article, editor, "Out of date.")
    page = browser.get(URL).content.decode()
    assert "A NEW TITLE AFTER REVIEW" not in page
    assert "No articles have been published yet" in page


def test_the_clinical_setting_applies_at_once_when_signed_in(
    fresh_renders, treatment_client, settings
):
    publish("checked", title="Fact-checked only")
    publish("clinical", title="Clinically reviewed", kind="clinical", credential="Psychiatrist")
    assert "Fact-checked only" in treatment_client.get(URL).content.decode()
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    page = treatment_client.get(URL).content.decode()
    assert "Clinically reviewed" in page and "Fact-checked only" not in page
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = False
    assert "Fact-checked only" in treatment_client.get(URL).content.decode()


def test_an_overdue_review_is_flagged_the_day_it_falls_due(fresh_renders, treatment_client):
    """Nothing in the library changes when a review falls due: the flag follows the date."""
    from freezegun import freeze_time

    from resources.models.reviews import add_months

    reviewed = date.today() - timedelta(days=30)
    publish(reviewed_on=reviewed)
    due = add_months(reviewed, 12)
    with freeze_time(due - timedelta(days=1)):
        assert "Review overdue" not in treatment_client.get(URL).content.decode()
    with freeze_time(due + timedelta(days=1)):
        assert "Review overdue" in treatment_client.get(URL).content.decode()


@pytest.mark.parametrize("heading,show_category", [(3, False), (2, True)])
def test_kept_items_are_what_the_item_template_renders_in_a_list(heading, show_category):
    """Each item is rendered once as read and once as not (home and search keep them): the
    list is byte for byte what including the item template for each article gives."""
    from django.template import Context, Template

    from resources.models import Article
    from resources.views import library

    bulk_publish(4)
    publish(reviewed_on=date.today() - timedelta(days=400))  # "Review overdue"
    articles = list(Article.objects.for_lists().order_by("order", "slug"))
    read_ids = {articles[0].pk, articles[-1].pk}
    included = Template(
        '{% for article in articles %}{% include "resources/partials/article_item.html" %}'
        "{% endfor %}"
    ).render(
        Context(
            {
                "articles": articles,
                "read_ids": read_ids,
                "heading": heading,
                "show_category": show_category,
            }
        )
    )
    items = library._items(articles, heading=heading, show_category=show_category)
    assert "".join(library._shown(items, articles, read_ids)) == included
    assert included.count("You\u2019ve read this") == 2 and "Review overdue" in included
