"""Notices that clear themselves, "mark all read" that never hides a safety alert, the unread
count in the navigation, and the list read as sentences grouped by day; and the three views
themselves: my notices only, opening one (read, then on to its page on this site), marking
all read, and another couple's notice a 404, at a pinned query count."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.boundaries import rules as boundary_rules
from journal.boundaries.models import State
from journal.models import Notice, SafetyAlert
from journal.notices import inbox
from journal.safety import rules as safety_rules
from partners.access import load_couple
from tests.journal.boundary_factories import details, make_boundary, side
from tests.journal.checkin_factories import make_checkin, supporting_post, treatment_post

pytestmark = pytest.mark.django_db

LIST = reverse("notice_list")
READ_ALL = reverse("notices_read_all")


def unread(user):
    return list(Notice.objects.filter(recipient=user, read_at__isnull=True))


def notice(couple, recipient, message="Something changed", **fields):
    values = {"kind": Notice.Kind.BOUNDARY, "link": "/home/", **fields}
    return Notice.objects.create(partnership=couple, recipient=recipient, message=message, **values)


# --- A notice clears itself when what it asks for is done --------------------------------


def test_add_yours_clears_once_i_have_checked_in(
    treatment_client, supporting_client, couple, in_treatment, supporting
):
    response = treatment_client.post(reverse("checkin_form"), treatment_post(couple))
    assert response.status_code == 302
    [waiting] = unread(supporting)
    assert "Add yours" in waiting.message

    response = supporting_client.post(reverse("checkin_form"), supporting_post(couple))

    assert response.status_code == 302
    assert unread(supporting) == []
    # Sam now hears that Alex checked in too: that one is Sam's to read, not cleared.
    [too] = unread(in_treatment)
    assert "checked in too" in too.message


def test_needs_your_ok_clears_once_i_have_agreed(couple, in_treatment, supporting):
    proposer, answerer = side(in_treatment), side(supporting)
    boundary, _ = boundary_rules.propose(proposer, details(couple, "Quiet evenings after sessions"))
    boundary_rules.propose(proposer, details(couple, "Drive me home"))
    assert len(unread(supporting)) == 2

    boundary_rules.agree(answerer, boundary, boundary.version)

    # The notice about the boundary Alex answered is done; the other still asks.
    [left] = unread(supporting)
    assert "Drive me home" in left.message
    # Sam is told Alex agreed: Sam's notice stands.
    assert [n.message for n in unread(in_treatment)] == [
        "Alex agreed to “Quiet evenings after sessions”"
    ]


def test_a_reworded_agreement_asks_again_and_clears_when_answered(couple, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.AGREED, wording="Lights out by 11")
    boundary.refresh_from_db()
    boundary_rules.revise(
        side(in_treatment),
        boundary,
        boundary.version,
        details(couple, "Lights out by half past eleven", category=boundary.category),
    )
    [asks] = unread(supporting)
    assert "needs your OK" in asks.message
    boundary.refresh_from_db()

    boundary_rules.agree(side(supporting), boundary, boundary.version)

    assert unread(supporting) == []


def test_a_suggestion_notice_clears_once_every_suggestion_is_decided(
    couple, in_treatment, supporting
):
    helper = side(supporting)
    first, _ = safety_rules.suggest(
        helper, part="warning_signs", text="Not eating", submission_key=uuid.uuid4()
    )
    second, _ = safety_rules.suggest(
        helper, part="warning_signs", text="Skipping calls", submission_key=uuid.uuid4()
    )
    assert len(unread(in_treatment)) == 2
    me = side(in_treatment)

    safety_rules.accept(me, first)
    assert len(unread(in_treatment)) == 2  # one suggestion still waits for a decision

    safety_rules.dismiss(me, second)
    assert unread(in_treatment) == []


# --- "Mark all read" never hides a safety alert ------------------------------------------


def test_mark_all_read_never_hides_a_safety_alert(
    supporting_client, couple, in_treatment, supporting
):
    checkin = make_checkin(couple, in_treatment, mood=2, unsafe_now=True)
    alert = SafetyAlert.objects.create(
        partnership=couple,
        checkin=checkin,
        person=in_treatment,
        recipient=supporting,
        reason=SafetyAlert.Reason.TOLD,
    )
    notice(couple, supporting, "Sam proposed a boundary")
    safety = notice(
        couple, supporting, "Sam's check-in mentions safety", kind=Notice.Kind.CHECKIN_SAFETY
    )

    assert supporting_client.post(READ_ALL).status_code == 302

    alert.refresh_from_db()
    assert alert.seen_at is None
    safety.refresh_from_db()
    assert safety.read_at is None
    assert [n.pk for n in unread(supporting)] == [safety.pk]
    page = supporting_client.get(LIST).content.decode()
    assert "Sam may not be safe right now" in page
    assert "I've seen this" in page


def test_mark_all_read_clears_the_rest_and_the_count(supporting_client, couple, supporting):
    for number in range(3):
        notice(couple, supporting, f"Notice {number}")
    assert "3 new" in supporting_client.get(LIST).content.decode()

    supporting_client.post(READ_ALL)

    page = supporting_client.get(LIST).content.decode()
    assert unread(supporting) == []
    assert "nav-count" not in page
    assert "Mark all as read" not in page


# --- The unread count in the navigation --------------------------------------------------


def nav_counts(page):
    return re.findall(r'class="nav-count">(\d+)<', page)


def test_the_navigation_shows_how_many_notices_are_unread(
    treatment_client, couple, in_treatment, supporting
):
    for number in range(4):
        notice(couple, in_treatment, f"Notice {number}")
    notice(couple, in_treatment, "Already read", read_at=timezone.now())
    notice(couple, supporting, "Alex's, not Sam's")

    page = treatment_client.get(reverse("library_home")).content.decode()

    # Once on the phone's "Menu" and once beside "Notices" in the wide list.
    assert nav_counts(page) == ["4", "4", "4"]
    assert '4<span class="visually-hidden"> new notices</span>' in page


def test_no_count_when_nothing_is_unread(treatment_client, couple, in_treatment):
    notice(couple, in_treatment, "Read", read_at=timezone.now())

    assert nav_counts(treatment_client.get(reverse("dashboard")).content.decode()) == []


def test_the_count_is_read_with_the_couple_in_one_query(
    django_assert_num_queries, couple, in_treatment
):
    for number in range(30):
        notice(couple, in_treatment, f"Notice {number}")

    with django_assert_num_queries(1):
        assert load_couple(in_treatment).unread_notices == 30


def test_another_couples_notices_are_not_counted(stranger_client, couple, in_treatment):
    notice(couple, in_treatment, "Sam's")

    assert nav_counts(stranger_client.get(reverse("dashboard")).content.decode()) == []


# --- Grouped by day in the reader's time zone, read as sentences -------------------------


def test_days_are_the_readers_own(couple, in_treatment):
    in_treatment.time_zone = "Pacific/Auckland"  # UTC+13 in December
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # 5 December, 01:00 in Auckland
    rows = [
        notice(couple, in_treatment, "After midnight there", created_at=now - timedelta(hours=1)),
        notice(couple, in_treatment, "Before midnight there", created_at=now - timedelta(hours=2)),
        notice(couple, in_treatment, "Long ago", created_at=now - timedelta(days=400)),
    ]

    days = inbox.by_day(rows, in_treatment, now=now)

    assert [day.label for day in days] == ["Today", "Yesterday", "Friday 31 October 2025"]
    assert [item.time for item in days[0].items] == ["00:00"]
    assert [item.text for item in days[1].items] == ["Before midnight there."]


def test_the_list_reads_as_sentences_under_day_headings(treatment_client, couple, in_treatment):
    notice(couple, in_treatment, "Alex suggested an addition to your safety plan")
    notice(couple, in_treatment, "Alex agreed to “Drive me home”")
    notice(
        couple,
        in_treatment,
        "Old news",
        created_at=timezone.now() - timedelta(days=3),
        read_at=timezone.now(),
    )

    page = treatment_client.get(LIST).content.decode()

    assert re.search(r"<h2 id=\"day-1\">Today</h2>", page)
    assert re.search(r"<h2 id=\"day-2\">\w+day \d+ \w+</h2>", page)
    assert "Alex suggested an addition to your safety plan.<" in page
    assert "Alex agreed to “Drive me home”<" in page  # already ends in a quotation
    # Each notice is one row to tap, not an underlined link-button.
    assert 'class="link-button">Alex' not in page
    assert page.count('class="notice-row"') == 3
    assert page.count("notice-unread") == 2


def test_sentence():
    assert inbox.sentence("alex updated the safety plan") == "Alex updated the safety plan."
    assert inbox.sentence("Done!") == "Done!"
    assert inbox.sentence("") == ""


# --- The three views ----------------------------------------------------------------------


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
    assert "1 new." in page


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
