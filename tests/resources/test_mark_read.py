"""Marking an article read (and not read): one mark per partner, seen by the other."""

import pytest

from resources.models import ReadingMark, Suggestion
from tests.factories import make_couple
from tests.resources.builders import draft, publish

pytestmark = pytest.mark.django_db
URL = "/library/an-article/read/"


@pytest.fixture
def article():
    return publish()


def test_signing_in_is_needed(client, article):
    response = client.post(URL, {"action": "read"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ReadingMark.objects.exists()


def test_only_a_post_changes_anything(treatment_client, article):
    assert treatment_client.get(URL).status_code == 405
    assert not ReadingMark.objects.exists()


def test_a_partner_marks_an_article_read_for_the_couple(
    treatment_client, article, couple, in_treatment
):
    response = treatment_client.post(URL, {"action": "read"}, follow=True)
    assert response.redirect_chain[-1][0] == "/library/an-article/"
    # Alex reads it on his own home page, not on Sam's.
    assert "Marked as read. Alex can see this on their home page." in response.content.decode()
    mark = ReadingMark.objects.get()
    assert (mark.partnership, mark.user, mark.article) == (couple, in_treatment, article)


def test_marking_twice_leaves_one_mark(treatment_client, article):
    treatment_client.post(URL, {"action": "read"})
    treatment_client.post(URL, {"action": "read"})
    assert ReadingMark.objects.count() == 1


def test_a_mark_can_be_taken_back(treatment_client, article):
    treatment_client.post(URL, {"action": "read"})
    treatment_client.post(URL, {"action": "unread"})
    assert not ReadingMark.objects.exists()


def test_taking_back_touches_only_my_own_mark(treatment_client, supporting_client, article):
    supporting_client.post(URL, {"action": "read"})
    treatment_client.post(URL, {"action": "unread"})
    assert ReadingMark.objects.count() == 1


def test_reading_what_my_partner_suggested_answers_the_suggestion(
    supporting_client, article, couple, in_treatment, supporting
):
    suggestion = Suggestion.objects.create(
        partnership=couple, article=article, suggested_by=in_treatment, suggested_to=supporting
    )
    supporting_client.post(URL, {"action": "read"})
    suggestion.refresh_from_db()
    assert suggestion.opened_at is not None


def test_a_bad_action_changes_nothing(treatment_client, article):
    response = treatment_client.post(URL, {"action": "explode\x00"}, follow=True)
    assert response.status_code == 200
    assert "That did not work" in response.content.decode()
    assert not ReadingMark.objects.exists()


def test_someone_without_a_partnership_gets_404(loner_client, article):
    assert loner_client.post(URL, {"action": "read"}).status_code == 404


def test_a_partner_still_waiting_for_the_other_can_mark_read(client, article):
    partnership, sam, _ = make_couple()
    partnership.members.get(user__display_name="Alex").delete()
    client.force_login(sam)
    response = client.post(URL, {"action": "read"}, follow=True)
    assert "Marked as read." in response.content.decode()
    assert ReadingMark.objects.get().user == sam


def test_a_stranger_marks_only_for_their_own_couple(stranger_client, article, other_couple):
    stranger_client.post(URL, {"action": "read"})
    assert ReadingMark.objects.get().partnership == other_couple


def test_an_unpublished_article_cannot_be_marked(treatment_client):
    draft()
    assert treatment_client.post(URL, {"action": "read"}).status_code == 404


def test_marking_read_clears_the_notice_of_what_my_partner_suggested(
    treatment_client, supporting_client, article, in_treatment
):
    from journal.models import Notice

    treatment_client.post("/library/an-article/suggest/", {"note": "for you"})
    notice = Notice.objects.get()
    assert notice.read_at is None
    supporting_client.post(URL, {"action": "read"})
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Suggestion.objects.get().opened_at is not None


def test_an_opened_suggestions_notice_left_unread_is_cleared_too(
    treatment_client, supporting_client, article
):
    """Every suggestion of this article to me has its notice cleared, not only those
    opened now (one opened some other way, its notice still unread)."""
    from journal.models import Notice

    treatment_client.post("/library/an-article/suggest/", {"note": "for you"})
    Suggestion.objects.update(opened_at="2026-01-01T00:00:00Z")
    supporting_client.post(URL, {"action": "read"})
    assert Notice.objects.get().read_at is not None


def test_marking_read_leaves_other_notices_alone(
    treatment_client, supporting_client, stranger_client, article, supporting
):
    from journal.models import Notice

    publish("another", title="Another")
    treatment_client.post("/library/another/suggest/", {"note": "another"})
    stranger_client.post("/library/an-article/suggest/", {"note": "theirs"})
    supporting_client.post(URL, {"action": "read"})
    assert not Notice.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize("already", [False, True])
def test_marking_read_costs_five_statements_in_one_commit(
    on_postgres, treatment_client, supporting_client, article, already, django_assert_num_queries
):
    """The person and couple, the article, the mark (kept if there already was one), the
    suggestions of it to me opened, and their notices cleared; the last three in one
    transaction (a savepoint and its release here, inside the test's own transaction)."""
    supporting_client.post("/library/an-article/suggest/", {"note": "for you"})
    if already:
        treatment_client.post(URL, {"action": "read"})
    with django_assert_num_queries(7) as captured:
        response = treatment_client.post(URL, {"action": "read"})
    statements = [query["sql"] for query in captured.captured_queries]
    assert statements[2].startswith("SAVEPOINT") and statements[-1].startswith("RELEASE")
    assert response.status_code == 302
    assert ReadingMark.objects.count() == 1
