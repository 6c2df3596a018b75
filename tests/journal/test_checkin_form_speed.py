"""Statements of the check-in pages compiled once per process (journal.compiled) say what the
rules they stand for say: whether a clinic link shares this week's private note, when the
questionnaires were last answered, and the running week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from journal.checkins import rules as checkins
from journal.checkins.views import NOTES_SHARED
from journal.clinic import rules as clinic_rules
from journal.models import ClinicShareLink
from tests.journal.checkin_factories import couple_of, make_checkin, this_week
from tests.journal.test_clinic_links import make_link

pytestmark = pytest.mark.django_db


def _compiled(user, partnership, week_start, now=None):
    return bool(
        NOTES_SHARED.rows(
            owner_id=user.pk,
            partnership_id=partnership.pk,
            week_start=week_start,
            now=now or timezone.now(),
        )
    )


def test_notes_shared_is_the_clinic_rule(couple, in_treatment, supporting):
    week = this_week(couple).start
    cases = []
    made = make_link(in_treatment, include_private_notes=False)
    cases.append(("a link without notes", in_treatment, week))
    made = make_link(in_treatment, include_private_notes=True)
    cases += [
        ("a live link with notes", in_treatment, week),
        ("a week it does not cover", in_treatment, week + timedelta(weeks=10)),
        ("a week long before it", in_treatment, week - timedelta(weeks=400)),
        ("someone else's link", supporting, week),
    ]
    for label, user, week_start in cases:
        assert _compiled(user, couple, week_start) == clinic_rules.notes_shared(
            user, couple.pk, week_start
        ), label
    assert _compiled(in_treatment, couple, week)
    later = timezone.now() + timedelta(days=400)
    assert not _compiled(in_treatment, couple, week, now=later)  # expired by then
    ClinicShareLink.objects.filter(pk=made.link.pk).update(revoked_at=timezone.now())
    assert not _compiled(in_treatment, couple, week)
    assert not clinic_rules.notes_shared(in_treatment, couple.pk, week)


def test_questionnaires_are_due_every_other_week(couple, in_treatment, supporting):
    me = couple_of(in_treatment)
    week = this_week(couple)
    assert checkins.questionnaires_due(me, week)
    make_checkin(couple, in_treatment, week.start - timedelta(weeks=1), phq9_total=3)
    make_checkin(couple, supporting, week.start - timedelta(weeks=1), gad7_total=3)
    assert not checkins.questionnaires_due(me, week)
    assert checkins.questionnaires_due(couple_of(supporting), week) is False
    make_checkin(couple, in_treatment, week.start, phq9_total=3)  # this week's do not count
    later = checkins.current_week(me, timezone.now() + timedelta(weeks=2))
    assert checkins.questionnaires_due(me, later)


def test_the_running_week_follows_the_latest_week_started(couple, in_treatment):
    me = couple_of(in_treatment)
    week = checkins.current_week(me)
    assert week.start == this_week(couple).start
    make_checkin(couple, in_treatment, week.start)
    assert checkins.current_week(me).start == week.start
