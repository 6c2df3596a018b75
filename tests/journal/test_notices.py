"""The notices pages: my notices only, opening one (read, then on to its page on this
site), marking all read, and another couple's notice a 404."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.models import Notice

pytestmark = pytest.mark.django_db

LIST = reverse("notice_list")
READ_ALL = reverse("notices_read_all")


def make_notice(partnership, recipient, message="Alex has checked in.", link="/checkins/", **kw):
    return Notice.objects.create(
        partnership=partnership,
        recipient=recipient,
        kind=Notice.Kind.CHECKIN_WAITING,
        message=message,
        link=link,
        **kw,
    )


def open_url(notice):
    return reverse("notice_open", args=[notice.public_id])


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_my_notices_and_nobody_elses(
    treatment_client, couple, in_treatment, supporting, other_couple, stranger
):
    make_notice(couple, in_treatment, message="For Sam: Alex checked in.")
    make_notice(couple, supporting, message="For Alex: Sam proposed a boundary.")
    make_notice(other_couple, stranger, message="For Robin: Kim logged a change.")

    response = treatment_client.get(LIST)

    page = response.content.decode()
    assert response.status_code == 200
    assert "For Sam: Alex checked in." in page
    assert "For Alex" not in page  # my partner's notices are theirs
    assert "For Robin" not in page  # another couple's never show


def test_my_notices_from_an_earlier_partnership_stay_out_of_this_one(
    treatment_client, couple, in_treatment
):
    from tests.factories import make_couple, make_user

    earlier, _, _ = make_couple(make_user(name="Old"), make_user(name="Older"))
    make_notice(earlier, in_treatment, message="From a space that is not this one.")

    page = treatment_client.get(LIST).content.decode()

    assert "From a space that is not this one." not in page


def test_newest_first_and_unread_ones_say_new(treatment_client, couple, in_treatment):
    now = timezone.now()
    make_notice(couple, in_treatment, message="Older and read.", created_at=now - timedelta(1))
    Notice.objects.update(read_at=now)
    make_notice(couple, in_treatment, message="Newer and unread.", created_at=now)

    page = treatment_client.get(LIST).content.decode()

    assert page.index("Newer and unread.") < page.index("Older and read.")
    assert page.count(" · new") == 1


def test_an_empty_list_says_what_will_arrive(treatment_client):
    page = treatment_client.get(LIST).content.decode()

    assert "Nothing yet." in page
    assert READ_ALL not in page  # nothing to mark


def test_the_list_is_not_cached(treatment_client):
    assert "no-store" in treatment_client.get(LIST)["Cache-Control"]


def test_the_list_costs_the_same_queries_with_one_notice_or_five_years_of_them(
    treatment_client, couple, in_treatment
):
    """One page of 25 is read whatever the history; the count is pinned."""
    counts = []
    for how_many in (1, 5 * 52 * 3):
        Notice.objects.all().delete()
        now = timezone.now()
        Notice.objects.bulk_create(
            Notice(
                partnership=couple,
                recipient=in_treatment,
                kind=Notice.Kind.BOUNDARY,
                message=f"Notice {i}",
                link="/boundaries/",
                created_at=now - timedelta(hours=i),
            )
            for i in range(how_many)
        )
        treatment_client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            response = treatment_client.get(LIST)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] <= 9, [q["sql"] for q in captured.captured_queries]


def test_the_list_answers_only_get(treatment_client):
    assert treatment_client.post(LIST).status_code == 405


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Opening one ----------------------------------------------------------------------------


def test_opening_marks_it_read_and_goes_to_its_page(treatment_client, couple, in_treatment):
    notice = make_notice(couple, in_treatment, link="/checkins/")

    response = treatment_client.post(open_url(notice))

    assert response.status_code == 302
    assert response["Location"] == "/checkins/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_again_keeps_the_first_read_time(treatment_client, couple, in_treatment):
    first = timezone.now() - timedelta(days=2)
    notice = make_notice(couple, in_treatment, read_at=first)

    treatment_client.post(open_url(notice))

    notice.refresh_from_db()
    assert notice.read_at == first


@pytest.mark.parametrize(
    "link",
    [
        "https://elsewhere.example/phish",
        "//elsewhere.example/phish",
        "/\\elsewhere.example/phish",
        "javascript:alert(1)",
        "",
    ],
)
def test_opening_never_leaves_the_site(treatment_client, couple, in_treatment, link):
    """A link is always a path we built, but a row is only data: whatever it holds, the
    redirect stays on this site (the notices list stands in for a link that would not)."""
    notice = make_notice(couple, in_treatment, link=link)

    response = treatment_client.post(open_url(notice))

    assert response.status_code == 302
    assert response["Location"] == LIST
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_my_partners_notice_is_a_404(treatment_client, couple, supporting):
    notice = make_notice(couple, supporting)

    response = treatment_client.post(open_url(notice))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_another_couples_notice_is_a_404(treatment_client, other_couple, stranger):
    notice = make_notice(other_couple, stranger)

    response = treatment_client.post(open_url(notice))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_answers_only_post(treatment_client, couple, in_treatment):
    notice = make_notice(couple, in_treatment)

    assert treatment_client.get(open_url(notice)).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_costs_the_same_queries_with_a_long_history(treatment_client, couple, in_treatment):
    counts = []
    for how_many in (0, 300):
        Notice.objects.bulk_create(
            make_notice_row(couple, in_treatment, i) for i in range(how_many)
        )
        notice = make_notice(couple, in_treatment)
        with CaptureQueriesContext(connection) as captured:
            assert treatment_client.post(open_url(notice)).status_code == 302
        counts.append(len(captured))
    assert counts[0] == counts[1]


def make_notice_row(partnership, recipient, i):
    return Notice(
        partnership=partnership,
        recipient=recipient,
        kind=Notice.Kind.SESSION,
        message=f"Old {i}",
        link="/treatment/",
    )


# --- Marking all read -----------------------------------------------------------------------


def test_mark_all_read_touches_only_mine_in_this_space(
    treatment_client, couple, in_treatment, supporting, other_couple, stranger
):
    mine = [make_notice(couple, in_treatment) for _ in range(3)]
    partners = make_notice(couple, supporting)
    theirs = make_notice(other_couple, stranger)

    response = treatment_client.post(READ_ALL)

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert all(Notice.objects.get(pk=n.pk).read_at is not None for n in mine)
    assert Notice.objects.get(pk=partners.pk).read_at is None
    assert Notice.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_keeps_earlier_read_times(treatment_client, couple, in_treatment):
    first = timezone.now() - timedelta(days=3)
    read = make_notice(couple, in_treatment, read_at=first)

    treatment_client.post(READ_ALL)

    assert Notice.objects.get(pk=read.pk).read_at == first


def test_mark_all_read_answers_only_post(treatment_client, couple, in_treatment):
    notice = make_notice(couple, in_treatment)

    assert treatment_client.get(READ_ALL).status_code == 405
    assert Notice.objects.get(pk=notice.pk).read_at is None


def test_someone_without_a_partnership_gets_a_404(loner_client):
    assert loner_client.get(LIST).status_code == 404
    assert loner_client.post(READ_ALL).status_code == 404
