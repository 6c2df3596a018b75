"""All retired boundaries, paginated."""

import re

import pytest
from django.urls import reverse

from journal.boundaries.models import State
from tests.journal.boundary_factories import make_boundary, years_of_history

pytestmark = pytest.mark.django_db
URL = reverse("boundary_retired")


def test_requires_sign_in(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_a_stranger_never_sees_our_retired_boundaries(stranger_client, in_treatment, supporting):
    make_boundary(in_treatment, supporting, State.RETIRED, wording="Old agreement of ours")

    assert "Old agreement of ours" not in stranger_client.get(URL).content.decode()


@pytest.mark.parametrize("client_name", ["treatment_client", "supporting_client"])
def test_both_partners_see_retired_boundaries_and_nothing_else(
    client_name, request, in_treatment, supporting
):
    make_boundary(in_treatment, supporting, State.RETIRED, wording="Old agreement")
    make_boundary(in_treatment, supporting, State.AGREED, wording="Current agreement")

    html = request.getfixturevalue(client_name).get(URL).content.decode()

    assert "Old agreement" in html
    assert "Current agreement" not in html


def test_pages_of_twenty_five(treatment_client, couple, in_treatment, supporting):
    years_of_history(couple, in_treatment, supporting, count=240)  # 60 retired

    first = treatment_client.get(URL).content.decode()
    last = treatment_client.get(URL, {"page": "3"}).content.decode()

    assert first.count('<ul class="bd-list"><li') == 1
    assert first.split('<ul class="bd-list">')[1].split("</ul>")[0].count("<li") == 25
    assert last.split('<ul class="bd-list">')[1].split("</ul>")[0].count("<li") == 10
    # Off the list's own page, rows link by the list's path (journal/boundaries/rows.py).
    listed = first.split('<ul class="bd-list">')[1].split("</ul>")[0]
    links = re.findall(r'<li><a href="([^"]+)"', listed)
    assert len(links) == 25
    public_id = links[0].removeprefix(reverse("boundary_list")).rstrip("/")
    assert links[0] == reverse("boundary_detail", args=[public_id])
    assert treatment_client.get(links[0]).status_code == 200
    assert "Page 1 of 3" in first


@pytest.mark.parametrize("page", ["abc", "99999", "1\x00", "-1"])
def test_a_strange_page_number_shows_a_page_not_an_error(page, treatment_client):
    assert treatment_client.get(URL, {"page": page}).status_code == 200


@pytest.mark.parametrize("history", ["one week", "five years"])
def test_query_count_does_not_grow_with_history(
    history, treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards the N+1 of naming each row's proposer (names come from the loaded couple)."""
    make_boundary(in_treatment, supporting, State.RETIRED)
    if history == "five years":
        years_of_history(couple, in_treatment, supporting, count=300)
    treatment_client.get(URL)

    with django_assert_max_num_queries(10):
        assert treatment_client.get(URL).status_code == 200
