"""The check-in's rules in the database: one per person per week, scales in range, and the
reveal rule (`CheckIn.objects.visible_to`)."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction

from journal.models import CheckIn
from partners.access import load_couple
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin, this_week


def visible(user, partnership, now=None):
    couple = load_couple(user)
    assert couple.partnership == partnership
    return {c.author_id: c for c in CheckIn.objects.visible_to(user, couple, now)}


def test_one_checkin_per_person_per_week(couple, in_treatment):
    make_checkin(couple, in_treatment)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_checkin(couple, in_treatment)
    assert CheckIn.objects.count() == 1


def test_each_partner_and_each_week_gets_its_own_checkin(couple, in_treatment, supporting):
    start = this_week(couple).start
    make_checkin(couple, in_treatment, start)
    make_checkin(couple, supporting, start)
    make_checkin(couple, in_treatment, start - timedelta(weeks=1))
    assert CheckIn.objects.count() == 3


@pytest.mark.parametrize("field", ["mood", "anxiety", "stress", "seemed_energy"])
def test_scales_outside_0_to_10_are_refused_by_the_database(couple, in_treatment, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_checkin(couple, in_treatment, **{field: 11})


def test_you_always_see_your_own_checkin(couple, in_treatment):
    mine = make_checkin(couple, in_treatment, private_note=NOTE_MARKER)
    rows = visible(in_treatment, couple)
    assert rows[in_treatment.pk].pk == mine.pk
    assert rows[in_treatment.pk].note_for_viewer == NOTE_MARKER


def test_partner_answers_hidden_until_both_submit(couple, in_treatment, supporting):
    make_checkin(couple, in_treatment)
    assert in_treatment.pk not in visible(supporting, couple)
    make_checkin(couple, supporting)
    assert in_treatment.pk in visible(supporting, couple)
    assert supporting.pk in visible(in_treatment, couple)


def test_partner_answers_revealed_once_the_week_closes(couple, in_treatment, supporting):
    week = this_week(couple)
    make_checkin(couple, in_treatment)
    assert in_treatment.pk not in visible(supporting, couple, week.closes_at - timedelta(seconds=1))
    assert in_treatment.pk in visible(supporting, couple, week.closes_at)


def test_last_weeks_lone_checkin_is_revealed(couple, in_treatment, supporting):
    make_checkin(couple, in_treatment, this_week(couple).start - timedelta(weeks=1))
    assert in_treatment.pk in visible(supporting, couple)


def test_the_private_note_is_never_selected_for_the_partner(couple, in_treatment, supporting):
    make_checkin(couple, in_treatment, private_note=NOTE_MARKER)
    make_checkin(couple, supporting)
    theirs = visible(supporting, couple)[in_treatment.pk]
    assert theirs.note_for_viewer == ""
    assert "private_note" in theirs.get_deferred_fields()


def test_changing_the_check_in_day_closes_the_running_week(couple, in_treatment, supporting):
    make_checkin(couple, in_treatment)
    assert in_treatment.pk not in visible(supporting, couple)
    # The new day is later in the week than today: the running week ends when it comes.
    week = this_week(couple)
    couple.checkin_weekday = (couple.checkin_weekday + 3) % 7
    couple.save(update_fields=["checkin_weekday"])
    closes = week.start + timedelta(days=3)
    at_close = datetime.combine(closes, time.min, tzinfo=UTC)
    assert in_treatment.pk not in visible(supporting, couple, at_close - timedelta(seconds=1))
    assert in_treatment.pk in visible(supporting, couple, at_close)


def test_another_couple_never_sees_anything(couple, in_treatment, supporting, stranger):
    make_checkin(couple, in_treatment)
    make_checkin(couple, supporting, this_week(couple).start - timedelta(weeks=3))
    couple_of_stranger = load_couple(stranger)
    assert list(CheckIn.objects.visible_to(stranger, couple_of_stranger)) == []
