"""The boundaries list: grouped from the reader's side, with starter suggestions."""

import re
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from journal.boundaries.models import State
from tests.journal.boundary_factories import make_boundary, make_due, years_of_history

pytestmark = pytest.mark.django_db
URL = reverse("boundary_list")


def section(response, heading_id):
    """The HTML of one section of the page, found by its heading id."""
    html = response.content.decode()
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def links(html):
    """Every link in a part of the page, as the browser resolves it from the list's address
    (rows link relative to it: "<public id>/")."""
    return [urljoin(URL, href) for href in re.findall(r'href="([^"]+)"', html)]


def lines(html):
    """How many boundaries a part of the page lists as short lines."""
    return sum(ul.count("<li") for ul in re.findall(r'<ul class="bd-lines">(.*?)</ul>', html))


def test_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_a_stranger_sees_only_their_own_couple(stranger_client, in_treatment, supporting):
    make_boundary(in_treatment, supporting, State.AGREED, wording="Only ours to see")

    response = stranger_client.get(URL)

    assert response.status_code == 200
    assert "Only ours to see" not in response.content.decode()


def test_groups_are_seen_from_each_partners_side(
    treatment_client, supporting_client, in_treatment, supporting
):
    make_boundary(supporting, in_treatment, State.PROPOSED, wording="Alex asks Sam")
    make_boundary(in_treatment, supporting, State.PROPOSED, wording="Sam asks Alex")
    make_boundary(in_treatment, supporting, State.AGREED, wording="We both said yes")
    make_boundary(in_treatment, supporting, State.PAUSED, wording="On hold for now")
    make_boundary(in_treatment, supporting, State.RETIRED, wording="Set aside")

    sam = treatment_client.get(URL)
    assert "Alex asks Sam" in section(sam, "yours-heading")
    assert "Sam asks Alex" in section(sam, "theirs-heading")
    assert "Waiting for Alex" in section(sam, "theirs-heading")
    assert "We both said yes" in section(sam, "agreed-heading")
    assert "On hold for now" in section(sam, "hold-heading")
    assert "Set aside" in section(sam, "hold-heading")

    alex = supporting_client.get(URL)
    assert "Sam asks Alex" in section(alex, "yours-heading")
    assert "Alex asks Sam" in section(alex, "theirs-heading")


def test_a_revisit_request_waits_with_the_partner_who_did_not_ask(
    treatment_client, supporting_client, in_treatment, supporting
):
    make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED, wording="Look again")

    assert "Look again" in section(supporting_client.get(URL), "yours-heading")
    assert "Look again" in section(treatment_client.get(URL), "theirs-heading")


def test_agreements_due_for_a_revisit_are_marked(treatment_client, in_treatment, supporting):
    make_due(in_treatment, supporting, wording="Time to look again")

    agreed = section(treatment_client.get(URL), "agreed-heading")

    assert "One agreement is due for a revisit" in agreed
    assert "revisit due" in agreed


def test_starters_are_offered_until_adopted(treatment_client, in_treatment, supporting):
    before = section(treatment_client.get(URL), "starters-heading")
    assert "?starter=ride-home" in before

    make_boundary(in_treatment, supporting, State.PROPOSED, wording="Rides")
    from journal.models import Boundary

    Boundary.objects.filter(wording="Rides").update(starter="ride-home")

    after = section(treatment_client.get(URL), "starters-heading")
    assert "?starter=ride-home" not in after
    assert "?starter=tell-changes" in after


def test_only_recent_retired_are_listed_with_a_link_to_the_rest(
    treatment_client, in_treatment, supporting
):
    for n in range(11):
        make_boundary(in_treatment, supporting, State.RETIRED, wording=f"Retired {n}")

    html = section(treatment_client.get(URL), "hold-heading")

    assert lines(html) == 10
    assert reverse("boundary_retired") in html


@pytest.mark.parametrize("history", ["one week", "five years"])
def test_query_count_does_not_grow_with_history(
    history, treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards the N+1 of reading each row's proposer or waiting partner (names come from
    the couple already loaded) and of counting retired rows per group."""
    for state in State:
        make_boundary(in_treatment, supporting, state)
    make_due(in_treatment, supporting)
    if history == "five years":
        years_of_history(couple, in_treatment, supporting, count=300)
    treatment_client.get(URL)  # the first request of a session records the session

    with django_assert_max_num_queries(10):
        response = treatment_client.get(URL)

    assert response.status_code == 200


def test_the_page_stays_light_with_years_of_history(
    treatment_client, couple, in_treatment, supporting
):
    """The bench's weight budget: first load <= 40 KB with 300 boundaries, so the HTML alone
    must stay well under it (each boundary a short line; long groups paginated)."""
    years_of_history(couple, in_treatment, supporting, count=300)

    response = treatment_client.get(URL)

    print("HTML bytes:", len(response.content))
    assert response.status_code == 200
    assert len(response.content) < 40_000


def test_agreed_boundaries_are_short_lines_linking_to_their_page(
    treatment_client, in_treatment, supporting
):
    long_wording = "We talk it through before anything changes. " * 6
    boundary = make_boundary(
        in_treatment, supporting, State.AGREED, wording=long_wording, why="A private reason"
    )

    agreed = section(treatment_client.get(URL), "agreed-heading")

    assert reverse("boundary_detail", args=[boundary.public_id]) in links(agreed)
    assert long_wording not in agreed
    assert "We talk it through before anything changes." in agreed
    assert "A private reason" not in agreed
    assert '<span class="bd-state">Agreed</span>' in agreed


def test_the_agreed_group_goes_25_to_a_page(treatment_client, in_treatment, supporting):
    for n in range(26):
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02}")

    first = section(treatment_client.get(URL), "agreed-heading")
    second = section(treatment_client.get(URL, {"page": "2"}), "agreed-heading")

    assert "(26)" in first
    assert lines(first) == 25
    assert "Page 1 of 2" in first
    assert "?page=2#agreed-heading" in first
    assert lines(second) == 1
    assert "Agreement 25" in second
    assert 'href="/boundaries/#agreed-heading"' in second


def test_each_group_pages_on_its_own(treatment_client, in_treatment, supporting):
    for n in range(26):
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02}")
        make_boundary(supporting, in_treatment, State.PROPOSED, wording=f"Ask {n:02}")

    response = treatment_client.get(URL, {"yours": "2"})

    assert section(response, "yours-heading").count('<a class="button"') == 1
    assert "Page 1 of 2" in section(response, "agreed-heading")
    assert "?yours=2&amp;page=2#agreed-heading" in section(response, "agreed-heading")


def test_everything_waiting_for_an_answer_can_be_answered_from_the_list(
    treatment_client, in_treatment, supporting
):
    asks = [make_boundary(supporting, in_treatment, State.PROPOSED) for _ in range(3)]

    yours = section(treatment_client.get(URL), "yours-heading")

    for boundary in asks:
        assert reverse("boundary_answer", args=[boundary.public_id]) in links(yours)


@pytest.mark.parametrize("junk", ["\x00", "2\x00", "abc", "-1", "0", "1e3", "\uff19", "9" * 40])
def test_a_junk_page_number_shows_the_first_page(junk, treatment_client, in_treatment, supporting):
    for n in range(26):
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02}")

    response = treatment_client.get(URL, {"page": junk, "held": junk, "yours": junk})

    assert response.status_code == 200
    assert "Page 1 of 2" in section(response, "agreed-heading")


def test_a_page_past_the_end_shows_the_last(treatment_client, in_treatment, supporting):
    for n in range(26):
        make_boundary(in_treatment, supporting, State.AGREED, wording=f"Agreement {n:02}")

    response = treatment_client.get(URL, {"page": "999"})

    assert "Page 2 of 2" in section(response, "agreed-heading")


def test_every_link_on_the_list_reaches_its_boundary(
    treatment_client, couple, in_treatment, supporting
):
    """Rows link relative to the list's own address (no reverse() per row, 12 bytes less
    each): resolved from the list, and from a later page of it, each is the boundary's page."""
    years_of_history(couple, in_treatment, supporting, count=60)
    make_boundary(supporting, in_treatment, State.PROPOSED, wording="Ask me first")
    for query in ({}, {"page": "2"}):
        response = treatment_client.get(URL, query)
        here = response.request["PATH_INFO"]
        hrefs = re.findall(
            r'<a (?:class="[^"]*" )?href="([0-9a-f-]{36}/(?:answer/)?)"', response.content.decode()
        )
        assert len(hrefs) > 25
        for href in hrefs:
            public_id, _, rest = href.partition("/")
            name = "boundary_answer" if rest == "answer/" else "boundary_detail"
            assert urljoin(here, href) == reverse(name, args=[public_id])
            assert treatment_client.get(urljoin(here, href)).status_code == 200


def test_wordings_are_escaped_between_tags(treatment_client, in_treatment, supporting):
    """`|text` keeps apostrophes as they are (5 bytes each less) and still escapes markup."""
    make_boundary(in_treatment, supporting, State.AGREED, wording="I won't <script>x</script> & go")
    make_boundary(supporting, in_treatment, State.PROPOSED, wording="You'll ask <b>first</b>")

    html = treatment_client.get(URL).content.decode()

    assert "“I won't &lt;script&gt;x&lt;/script&gt; &amp; go”" in html
    assert "“You'll ask &lt;b&gt;first&lt;/b&gt;”" in html
    assert "<script>x" not in html and "<b>first" not in html
