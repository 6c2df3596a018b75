"""The treatment log page: /treatment/."""

import pytest
from django.urls import reverse

from journal.treatment.models import Kind, Status
from tests.journal.treatment_factories import make_entry, make_history

URL = reverse("treatment_log")


def test_requires_login(client, couple):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_both_partners_read_the_log(treatment_client, supporting_client, couple):
    make_entry(couple, kind=Kind.DOSE, note="Up to 84 mg")
    for client in (treatment_client, supporting_client):
        response = client.get(URL)
        assert response.status_code == 200
        assert "Up to 84 mg" in response.content.decode()


def test_only_the_partner_in_treatment_sees_the_write_buttons(
    treatment_client, supporting_client, couple
):
    assert reverse("treatment_new_session") in treatment_client.get(URL).content.decode()
    assert reverse("treatment_new_session") not in supporting_client.get(URL).content.decode()


def test_stranger_sees_only_their_own_log(stranger_client, couple):
    entry = make_entry(couple, note="Private to Sam and Alex")
    body = stranger_client.get(URL).content.decode()
    assert "Private to Sam and Alex" not in body
    assert str(entry.public_id) not in body


def test_newest_first(treatment_client, couple):
    make_entry(couple, note="older entry", on_date=make_entry(couple).on_date.replace(day=1))
    newest = make_entry(couple, note="newest entry")
    body = treatment_client.get(URL).content.decode()
    assert body.index("newest entry") < body.index("older entry")
    assert str(newest.public_id) in body


def test_filter_by_sessions_changes_and_one_kind(treatment_client, couple):
    make_entry(couple, kind=Kind.IV_INFUSION, note="an infusion")
    make_entry(couple, kind=Kind.THERAPY, note="a therapy hour")
    make_entry(couple, kind=Kind.DOSE, note="a dose change")
    sessions = treatment_client.get(URL, {"kind": "sessions"}).content.decode()
    assert "an infusion" in sessions and "a therapy hour" in sessions
    assert "a dose change" not in sessions
    changes = treatment_client.get(URL, {"kind": "changes"}).content.decode()
    assert "a dose change" in changes and "an infusion" not in changes
    therapy = treatment_client.get(URL, {"kind": "therapy"}).content.decode()
    assert "a therapy hour" in therapy and "an infusion" not in therapy


@pytest.mark.parametrize("kind", ["\x00", "sessions\x00", "nonsense", "x" * 5000])
def test_unknown_or_nul_filter_shows_everything_with_a_message(treatment_client, couple, kind):
    make_entry(couple, note="still listed")
    response = treatment_client.get(URL, {"kind": kind})
    assert response.status_code == 200
    body = response.content.decode()
    assert "still listed" in body
    assert "Choose one of the options in the list." in body
    assert "\x00" not in body


@pytest.mark.parametrize("page", ["\x00", "2\x00", "-1", "99999", "abc"])
def test_odd_page_numbers_never_fail(treatment_client, couple, page):
    make_entry(couple)
    assert treatment_client.get(URL, {"page": page}).status_code == 200


def test_paginated_and_the_filter_survives_paging(treatment_client, couple):
    make_history(couple, 45)
    body = treatment_client.get(URL, {"kind": "changes"}).content.decode()
    assert "kind=changes&amp;page=2" in body
    page2 = treatment_client.get(URL, {"kind": "changes", "page": 2})
    assert page2.status_code == 200


def test_cancelled_session_is_marked(treatment_client, couple):
    make_entry(couple, status=Status.CANCELLED, note="called off")
    body = treatment_client.get(URL).content.decode()
    assert "Cancelled" in body


@pytest.mark.parametrize("history", [1, 500])
def test_query_count_does_not_grow_with_the_log(
    treatment_client, supporting_client, couple, history, django_assert_max_num_queries
):
    """Guards the N+1 of loading each entry's author or confirming partner per row: the
    page reads names from the couple, and pages in the database (count + one slice).
    10 = 7 for the session, user and allauth's device record + couple, count, page."""
    make_history(couple, history)
    for client in (treatment_client, supporting_client):
        client.get(URL)  # the first request of a session records the device (allauth)
        with django_assert_max_num_queries(10):
            response = client.get(URL)
        assert response.status_code == 200


def test_the_filter_shows_the_choice_made_and_errors_are_never_kept(treatment_client, couple):
    """The filter's markup is kept per choice (journal.treatment.views._filter_field): each
    page shows its own choice selected, and an unknown value's error is not kept for the
    next page."""
    make_entry(couple, note="listed")
    selected = '<option value="{}" selected>'
    for kind in ["", "sessions", "dose", "sessions"]:
        body = treatment_client.get(URL, {"kind": kind} if kind else {}).content.decode()
        assert body.count(" selected>") == 1 and selected.format(kind) in body
        assert "Choose one of the options in the list." not in body
    body = treatment_client.get(URL, {"kind": "nonsense"}).content.decode()
    assert "Choose one of the options in the list." in body
    body = treatment_client.get(URL, {"kind": "dose"}).content.decode()
    assert "Choose one of the options in the list." not in body
    assert selected.format("dose") in body
