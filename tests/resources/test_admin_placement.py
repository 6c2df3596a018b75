"""An article's category and related links change only through a reviewed revision."""

from datetime import date

import pytest
from django.test import Client

from resources import workflow
from resources.models import Article, Revision
from tests.resources.builders import category, publish
from tests.resources.test_admin_revision import approve_data, change_url, form_data

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article():
    article = publish(body="Reviewed words.")
    article.related.add(publish("on-a-session-day", title="On a session day"))
    publish("recognising-a-crisis", title="Recognising a crisis", category="crisis")
    return Article.objects.get(slug="an-article")


def test_the_article_form_does_not_move_or_relink_a_published_article(editor, article):
    before = (article.category_id, set(article.related.values_list("slug", flat=True)))
    page = client_for(editor).get(f"/admin/resources/article/{article.pk}/change/")
    assert 'name="category"' not in page.content.decode()
    client_for(editor).post(
        f"/admin/resources/article/{article.pk}/change/",
        {
            "category": category("crisis").pk,
            "order": "0",
            "related": [Article.objects.get(slug="recognising-a-crisis").pk],
        },
    )
    article.refresh_from_db()
    assert (article.category_id, set(article.related.values_list("slug", flat=True))) == before


def test_a_placement_change_waits_for_review_then_applies(editor, reviewer, article):
    crisis = category("crisis")
    other = Article.objects.get(slug="recognising-a-crisis")
    client_for(editor).post(f"/admin/resources/article/{article.pk}/edit-text/")
    revision = Revision.objects.get(article=article, state=Revision.State.DRAFT)
    assert revision.category_id == article.category_id
    assert set(revision.related.values_list("slug", flat=True)) == {"on-a-session-day"}

    response = client_for(editor).post(
        change_url(revision), form_data(revision, category=crisis.pk, related=[other.pk])
    )
    assert response.status_code == 302
    workflow.submit(revision, editor)
    article.refresh_from_db()
    # Readers still see the reviewed placement.
    assert article.category.slug == "risks-and-safety"
    assert list(article.related.values_list("slug", flat=True)) == ["on-a-session-day"]

    response = client_for(reviewer).post(
        f"/admin/resources/revision/{revision.pk}/review/", approve_data(revision)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.category == crisis
    assert list(article.related.values_list("slug", flat=True)) == ["recognising-a-crisis"]


def test_a_loaded_revision_leaves_placement_to_the_loader(article):
    revision = Revision.objects.create(article=article, title="T", summary="S", body="B")
    workflow.publish_loaded(
        revision, kind="editorial", reviewer_name="R", reviewed_on=date.today(), notes="n"
    )
    article.refresh_from_db()
    assert article.category.slug == "risks-and-safety"
    assert list(article.related.values_list("slug", flat=True)) == ["on-a-session-day"]
