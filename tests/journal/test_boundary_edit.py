"""Changing a boundary's wording or details; two partners editing at once."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from journal.boundaries import rules
from journal.boundaries.models import Category, State
from journal.models import Boundary
from tests.journal.boundary_factories import details, make_boundary, side, years_of_history

pytestmark = pytest.mark.django_db


def url(boundary):
    return reverse("boundary_edit", args=[boundary.public_id])


@pytest.fixture
def agreed(in_treatment, supporting):
    return make_boundary(in_treatment, supporting, State.AGREED, wording="Agreed words")


def form_data(boundary, **overrides):
    data = {
        "wording": boundary.wording,
        "why": boundary.why,
        "category": boundary.category,
        "revisit_on": boundary.revisit_on.isoformat(),
        "note": "",
        "version": str(boundary.version),
    }
    data.update(overrides)
    return data


def fresh(boundary):
    return Boundary.objects.get(pk=boundary.pk)


def test_requires_sign_in(client, agreed):
    assert client.get(url(agreed)).url.startswith(reverse("account_login"))
    assert client.post(url(agreed), form_data(agreed)).status_code == 302
    assert fresh(agreed).version == agreed.version


def test_a_stranger_gets_404_and_changes_nothing(stranger_client, agreed):
    assert stranger_client.get(url(agreed)).status_code == 404
    response = stranger_client.post(url(agreed), form_data(agreed, wording="Hijacked"))
    assert response.status_code == 404
    assert fresh(agreed).wording == "Agreed words"


def test_someone_without_a_partnership_gets_404(loner_client, agreed):
    assert loner_client.get(url(agreed)).status_code == 404


def test_the_form_starts_from_how_it_stands(supporting_client, agreed):
    html = supporting_client.get(url(agreed)).content.decode()

    assert "Agreed words" in html
    assert f'name="version" value="{agreed.version}"' in html
    assert "goes back to Sam for agreement" in html


@pytest.mark.parametrize("client_name", ["treatment_client", "supporting_client"])
def test_new_wording_goes_back_for_agreement(client_name, request, agreed):
    client = request.getfixturevalue(client_name)

    response = client.post(url(agreed), form_data(agreed, wording="Changed words"), follow=True)

    boundary = fresh(agreed)
    assert boundary.state == State.PROPOSED
    assert boundary.wording == "Changed words"
    html = response.content.decode()
    assert "It is waiting for" in html
    assert "Agreed words" in html  # still in the history


def test_a_new_date_keeps_it_agreed(supporting_client, agreed, couple):
    later = couple.today() + timedelta(days=300)

    supporting_client.post(url(agreed), form_data(agreed, revisit_on=later.isoformat()))

    boundary = fresh(agreed)
    assert boundary.state == State.AGREED
    assert boundary.revisit_on == later


def test_saving_with_no_change_says_so(supporting_client, agreed):
    response = supporting_client.post(url(agreed), form_data(agreed))

    assert response.status_code == 400
    assert "Nothing has changed yet" in response.content.decode()


def test_a_retired_boundary_cannot_be_edited(treatment_client, in_treatment, supporting):
    retired = make_boundary(in_treatment, supporting, State.RETIRED, wording="Old")

    page = treatment_client.get(url(retired), follow=True)
    assert "retired, so it can&#x27;t be changed" in page.content.decode()

    response = treatment_client.post(url(retired), form_data(retired, wording="Revived"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "retired, so it can&#x27;t be changed" in html
    assert "Revived" in html  # what was typed is kept
    assert fresh(retired).wording == "Old"


def test_the_later_of_two_saves_gets_a_conflict_page_with_both_versions(
    treatment_client, supporting_client, agreed, couple, in_treatment
):
    sam_page = treatment_client.get(url(agreed))
    alex_page = supporting_client.get(url(agreed))
    assert sam_page.status_code == alex_page.status_code == 200
    seen = form_data(agreed)

    supporting_client.post(url(agreed), {**seen, "wording": "Alex's words"})
    response = treatment_client.post(
        url(agreed), {**seen, "wording": "Sam's words", "note": "My reasons"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Alex changed this while you were writing" in html
    assert "Alex&#x27;s words" in html  # how it stands now
    assert "Sam&#x27;s words" in html  # what Sam typed, kept
    assert "My reasons" in html
    current = fresh(agreed)
    assert current.wording == "Alex's words"
    # The kept form now carries the current version: saving it is a deliberate choice.
    assert re.search(rf'name="version" value="{current.version}"', html)

    treatment_client.post(
        url(agreed),
        {**seen, "wording": "Sam's words", "version": str(current.version)},
    )
    assert fresh(agreed).wording == "Sam's words"
    assert fresh(agreed).proposed_by == in_treatment


def test_a_conflict_with_a_retirement_keeps_the_text_but_offers_no_save(
    treatment_client, agreed, supporting
):
    seen = form_data(agreed)
    rules.retire(side(supporting), agreed, agreed.version, notify_partner=False)

    response = treatment_client.post(url(agreed), {**seen, "wording": "Too late words"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "no longer possible" in html
    assert "Too late words" in html
    assert f'action="{url(agreed)}"' not in html


def test_the_same_save_sent_twice_is_not_a_conflict(supporting_client, agreed):
    data = form_data(agreed, wording="Double clicked")

    first = supporting_client.post(url(agreed), data)
    second = supporting_client.post(url(agreed), data)

    assert first.status_code == second.status_code == 302
    assert fresh(agreed).version == agreed.version + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wording", "w" * 301, "300 characters or fewer (it has 301)"),
        ("note", "n" * 1001, "1000 characters or fewer"),
        ("wording", "Bad\x00byte", "Null characters are not allowed."),
        ("note", "Bad\x00byte", "Null characters are not allowed."),
        ("revisit_on", "2001-01-01", "Choose a date after today"),
        ("category", "\x00", "Select a valid choice"),
        ("version", "", "This page was out of date"),
        ("version", "abc", "This page was out of date"),
        ("version", "-4", "This page was out of date"),
    ],
)
def test_bad_input_is_explained_and_kept(field, value, message, supporting_client, agreed):
    data = form_data(agreed, why="Typed reasons", category=Category.SAFETY)
    data[field] = value

    response = supporting_client.post(url(agreed), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Typed reasons" in html
    assert fresh(agreed).version == agreed.version


def test_a_very_large_version_number_is_simply_stale(supporting_client, agreed):
    response = supporting_client.post(
        url(agreed), form_data(agreed, wording="New", version="99999999999")
    )

    assert response.status_code == 409


@pytest.mark.parametrize("history", ["one week", "five years"])
def test_query_count_does_not_grow_with_history(
    history,
    supporting_client,
    couple,
    agreed,
    in_treatment,
    supporting,
    django_assert_max_num_queries,
):
    """Guards the N+1 of naming the proposer on the edit page."""
    if history == "five years":
        years_of_history(couple, in_treatment, supporting, count=300)
        for _ in range(20):
            rules.revise(
                side(supporting),
                agreed,
                agreed.version,
                details(couple, agreed.wording, why=f"take {agreed.version}"),
                notify_partner=False,
            )
    supporting_client.get(url(agreed))

    with django_assert_max_num_queries(9):
        assert supporting_client.get(url(agreed)).status_code == 200
