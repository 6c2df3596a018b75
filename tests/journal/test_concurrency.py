"""journal/concurrency.py: compare-and-set and the double-submit create, on their own."""

import uuid

import pytest
from django.db import IntegrityError
from django.db.models import F

from journal.concurrency import compare_and_set, create_once
from journal.safety.models import SafetyPlanSuggestion

pytestmark = pytest.mark.django_db


def _suggestion(couple, supporting, key=None, text="Priya"):
    return SafetyPlanSuggestion(
        partnership=couple, author=supporting, part="people_to_ask", text=text, submission_key=key
    )


def test_compare_and_set_changes_the_row_only_while_it_still_matches(couple, supporting):
    suggestion, _ = create_once(_suggestion(couple, supporting), unique=("partnership",))
    pending = SafetyPlanSuggestion.State.PENDING

    first = compare_and_set(suggestion, {"state": pending}, state="accepted")
    second = compare_and_set(suggestion, {"state": pending}, state="dismissed")

    assert (first, second) == (True, False)
    assert SafetyPlanSuggestion.objects.get().state == "accepted"


def test_compare_and_set_takes_a_queryset_and_expressions(couple, supporting):
    made, _ = create_once(_suggestion(couple, supporting), unique=("partnership",))
    rows = SafetyPlanSuggestion.objects.filter(partnership=couple)

    assert compare_and_set(rows, {"text": "Priya"}, text=F("part"))
    assert not compare_and_set(rows, {"text": "Priya"}, text="again")
    made.refresh_from_db()
    assert made.text == "people_to_ask"


def test_create_once_returns_the_first_row_for_the_same_key(couple, supporting):
    key = uuid.uuid4()

    first, created = create_once(
        _suggestion(couple, supporting, key), unique=("partnership", "submission_key")
    )
    again, created_again = create_once(
        _suggestion(couple, supporting, key, text="Other"),
        unique=("partnership", "submission_key"),
    )

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.text == "Priya"
    assert SafetyPlanSuggestion.objects.count() == 1


def test_then_runs_only_for_a_new_row(couple, supporting):
    key = uuid.uuid4()
    create_once(_suggestion(couple, supporting, key), unique=("partnership", "submission_key"))
    extra = []

    def then(row):
        extra.append(create_once(_suggestion(couple, supporting), unique=("partnership",)))

    _, created = create_once(
        _suggestion(couple, supporting, key), unique=("partnership", "submission_key"), then=then
    )

    assert not created
    assert extra == []  # the insert failed first, so `then` never ran


def test_without_a_key_a_conflict_is_a_real_error(couple, supporting):
    made, _ = create_once(_suggestion(couple, supporting), unique=("partnership",))
    copy = _suggestion(couple, supporting)
    copy.pk = made.pk  # the same primary key: an IntegrityError no key explains

    with pytest.raises(IntegrityError):
        create_once(copy, unique=("partnership", "submission_key"))
