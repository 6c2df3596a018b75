"""The editors' article list and the way into writing: add, edit the text, withdraw."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from resources.models import Article, Revision
from tests.resources.builders import category, draft, publish

pytestmark = pytest.mark.django_db
LIST = "/admin/resources/article/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_adding_an_article_starts_its_first_draft(editor):
    response = client_for(editor).post(
        f"{LIST}add/",
        {
            "slug": "new-article",
            "title": "A new article",
            "category": category("crisis").pk,
            "order": "3",
        },
    )
    revision = Revision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/resources/revision/{revision.pk}/change/"
    assert revision.title == "A new article" and revision.author == editor
    assert revision.state == Revision.State.DRAFT
    assert not Article.objects.published().exists()


def test_a_slug_the_library_uses_itself_is_refused(editor):
    response = client_for(editor).post(
        f"{LIST}add/",
        {"slug": "search", "title": "x", "category": category().pk, "order": "0"},
    )
    assert response.status_code == 200
    assert "That address is used by the library itself" in response.content.decode()


def test_editing_a_published_article_opens_a_new_revision(editor, client):
    article = publish(body="Reviewed words.")
    response = client_for(editor).post(f"{LIST}{article.pk}/edit-text/")
    new = Revision.objects.get(state=Revision.State.DRAFT)
    assert response["Location"] == f"/admin/resources/revision/{new.pk}/change/"
    assert new.number == 2 and new.author == editor
    assert client.get("/library/an-article/").status_code == 200
    # Pressing again finds the same draft rather than forking.
    client_for(editor).post(f"{LIST}{article.pk}/edit-text/")
    assert Revision.objects.filter(state=Revision.State.DRAFT).count() == 1


def test_editing_needs_a_post_and_an_editor(editor, reviewer):
    article = publish()
    assert client_for(editor).get(f"{LIST}{article.pk}/edit-text/").status_code == 405
    assert client_for(reviewer).post(f"{LIST}{article.pk}/edit-text/").status_code == 403


def test_the_list_shows_status_and_flags_overdue_reviews(editor):
    publish("fresh", title="Fresh article")
    publish("stale", title="Stale article", reviewed_on=date.today() - timedelta(days=400))
    draft("unpublished", title="Only a draft")
    client = client_for(editor)
    page = client.get(LIST).content.decode()
    assert "OVERDUE" in page
    assert "Only a draft" in page and "Not published; draft" in page
    overdue = client.get(LIST, {"review": "overdue"}).content.decode()
    assert "Stale article" in overdue and "Fresh article" not in overdue
    never = client.get(LIST, {"review": "never"}).content.decode()
    assert "Only a draft" in never and "Fresh article" not in never


def test_an_article_can_be_withdrawn_with_a_reason(editor, client):
    article = publish()
    url = f"{LIST}{article.pk}/withdraw/"
    editors = client_for(editor)
    assert editors.post(url, {"reason": ""}).status_code == 400
    response = editors.post(url, {"reason": "A figure was wrong."})
    assert response.status_code == 302
    assert client.get("/library/an-article/").status_code == 404


def test_editors_cannot_delete_articles(editor):
    article = publish()
    response = client_for(editor).post(f"{LIST}{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.exists()


def test_the_editor_and_reviewer_groups_hold_separate_powers():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert {"change_revision", "submit_revision", "add_article"} <= editors
    assert "review_revision" not in editors
    assert "review_revision" in reviewers
    assert not {"change_revision", "submit_revision", "add_revision"} & reviewers
    assert not {p for p in editors | reviewers if p.startswith("delete_") and p != "delete_source"}
