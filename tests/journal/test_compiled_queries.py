"""The dashboard's queries are compiled once per process (journal.compiled): the same rows,
and the same rules, as the ORM's own query, with no SQL compiled on a repeat request."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import timezone

from journal import weeks
from journal.boundaries import panel as boundary_panel
from journal.boundaries.models import State
from journal.checkins import history as history_view
from journal.checkins import panel as checkin_panel
from journal.checkins import rules as checkins
from journal.checkins.as_seen import as_seen
from journal.compiled import DAY, ID, CompiledQuery
from journal.dashboard import summary as dashboard_summary
from journal.dashboard import views as dashboard_views
from journal.models import CheckIn
from journal.treatment import panel as treatment_panel
from partners.access import load_couple
from resources import panel as library_panel
from resources.suggestions import mark_read, suggest
from tests.journal.boundary_factories import make_boundary, make_due
from tests.journal.checkin_factories import make_checkin, make_history
from tests.journal.treatment_factories import make_history as make_log
from tests.journal.treatment_factories import make_plan
from tests.resources.builders import publish

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard")


def _plain(obj, depth=0):
    """A model row as comparable data: its fields, annotations and select_related rows
    (three levels down: a one-to-one row points back at its owner)."""
    if obj is None or not hasattr(obj, "_state") or depth > 3:
        return getattr(obj, "pk", obj)
    values = {name: value for name, value in vars(obj).items() if name != "_state"}
    related = {name: _plain(value, depth + 1) for name, value in obj._state.fields_cache.items()}
    return (type(obj).__name__, sorted(values.items(), key=str), sorted(related.items()))


def _same_as_the_orm(query: CompiledQuery, **values):
    compiled = query.rows(**values)
    assert [_plain(row) for row in compiled] == [_plain(row) for row in query.build(**values)]
    return compiled


@pytest.fixture
def journal(couple, in_treatment, supporting):
    make_history(couple, in_treatment, supporting, 30, include_current=False)
    make_checkin(couple, in_treatment, private_note="only mine")
    make_boundary(in_treatment, supporting, State.PROPOSED, wording="Ask me first")
    make_due(in_treatment, supporting, wording="Time to look again")
    make_log(couple, 40)
    make_plan(couple, warning_signs="Sleeping all day")
    sam, alex = load_couple(in_treatment), load_couple(supporting)
    first, second = publish("first", title="First read"), publish("second", title="Second")
    mark_read(sam, first)
    mark_read(alex, first)
    mark_read(alex, second)
    suggest(sam, second, "This one")
    return sam, alex


def test_every_dashboard_query_gives_the_orms_rows_for_either_partner(journal):
    for couple in journal:
        partnership, today = couple.partnership, couple.partnership.today()
        me, partner = couple.user.pk, couple.partner_user.pk
        rows = _same_as_the_orm(
            treatment_panel.LISTS,
            partnership_id=partnership.pk,
            today=today,
            changes_since=today - timedelta(days=treatment_panel.RECENT_CHANGE_DAYS),
        )
        assert rows
        assert _same_as_the_orm(
            boundary_panel.LISTS, partnership_id=partnership.pk, user_id=me, today=today
        )
        assert _same_as_the_orm(library_panel.SUGGESTIONS, partnership_id=partnership.pk, me_id=me)
        assert _same_as_the_orm(
            library_panel.READING, partnership_id=partnership.pk, me_id=me, partner_id=partner
        )
        aligned = weeks.aligned_start(partnership)
        assert _same_as_the_orm(
            dashboard_summary.SUMMARY,
            partnership_id=partnership.pk,
            partner_id=partner,
            aligned=aligned,
        )
        assert _same_as_the_orm(
            dashboard_views.UNREAD_NOTICES, user_id=me, partnership_id=partnership.pk
        ) == list(dashboard_views._unread_notices(me, partnership.pk))


def test_this_weeks_rows_keep_the_reveal_rule(couple, in_treatment, supporting):
    """The panel's compiled copy of `visible_to` shows the partner's check-in only once both
    have checked in, and the private note only to its author, exactly as `visible_to` does."""
    sam, alex = load_couple(in_treatment), load_couple(supporting)
    make_checkin(couple, in_treatment, private_note="only mine", what_helped="Sunlight")

    def seen_by(couple_):
        week = checkins.current_week(couple_)
        compiled = _same_as_the_orm(
            checkin_panel.WEEK_AS_SEEN,
            partnership_id=couple_.partnership.pk,
            user_id=couple_.user.pk,
            aligned=weeks.aligned_start(couple_.partnership),
            week_start=week.start,
        )
        orm = CheckIn.objects.visible_to(couple_.user, couple_).filter(week_start=week.start)
        assert [_plain(row) for row in compiled] == [_plain(row) for row in orm]
        return {row.author_id: row.note_for_viewer for row in compiled}

    assert seen_by(sam) == {in_treatment.pk: "only mine"}
    assert seen_by(alex) == {}  # Sam's answers wait until Alex has checked in
    make_checkin(couple, supporting, private_note="mine too")
    assert seen_by(alex) == {supporting.pk: "mine too", in_treatment.pk: ""}
    assert seen_by(sam) == {in_treatment.pk: "only mine", supporting.pk: ""}


def test_a_repeat_dashboard_compiles_no_sql(journal, treatment_client, supporting_client):
    for client in (treatment_client, supporting_client):
        client.get(HOME)  # may compile, once per process
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        # A spy would do; a mock that cannot run SQL proves nothing is compiled.
        for client in (treatment_client, supporting_client):
            assert client.get(HOME).status_code == 200
    assert as_sql.call_count == 0


def test_a_worked_out_value_cannot_hide_in_a_compiled_query(couple):
    """`today - 14 days` built from a placeholder would be kept as a constant: refused."""

    def build(partnership_id, today):
        return CheckIn.objects.filter(
            partnership_id=partnership_id,
            week_start__lte=today,
            week_start__gte=today - timedelta(days=14),
        )

    query = CompiledQuery(build, partnership_id=ID, today=DAY)
    with pytest.raises(ValueError, match="depend on a placeholder"):
        query.rows(partnership_id=couple.pk, today=date(2025, 1, 6))


def test_none_runs_the_orms_own_query(couple, in_treatment):
    make_checkin(couple, in_treatment)

    def build(partnership_id, author_id):
        return CheckIn.objects.filter(Q(partnership_id=partnership_id) & Q(author_id=author_id))

    query = CompiledQuery(build, partnership_id=ID, author_id=ID + 1)
    assert query.rows(partnership_id=couple.pk, author_id=None) == []
    assert [
        row.author_id for row in query.rows(partnership_id=couple.pk, author_id=in_treatment.pk)
    ] == [in_treatment.pk]
    with pytest.raises(TypeError):
        query.rows(partnership_id=couple.pk)


def test_as_seen_is_visible_to_around_a_change_of_check_in_day(couple, in_treatment, supporting):
    """The stand-in partnership reproduces `visible_to`'s statement whatever the couple's
    days: before, during and after a running week that a change of day must not close."""
    today = weeks.local_date(timezone.now(), couple.time_zone)
    couple.checkin_weekday = (today.weekday() - 3) % 7
    couple.save(update_fields=["checkin_weekday"])
    make_history(couple, in_treatment, supporting, 3, include_current=False)
    make_checkin(couple, in_treatment, what_helped="Sam's answer")
    running = checkins.current_week(load_couple(in_treatment))
    weeks.schedule_weekday_change(couple, today.weekday())
    couple.save()
    for now in (timezone.now(), running.closes_at + timedelta(minutes=1)):
        for user in (in_treatment, supporting):
            seen_by = load_couple(user)
            aligned = weeks.aligned_start(seen_by.partnership, now)
            compiled = [_plain(row) for row in as_seen(couple.pk, user.pk, aligned)]
            orm = [_plain(row) for row in CheckIn.objects.visible_to(user, seen_by, now)]
            assert compiled == orm
            assert history_view.WEEKS.rows(
                partnership_id=couple.pk,
                user_id=user.pk,
                aligned=aligned,
                newest=running.start,
                oldest=running.start - timedelta(weeks=3),
            ) == list(
                CheckIn.objects.visible_to(user, seen_by, now).filter(
                    week_start__gte=running.start - timedelta(weeks=3),
                    week_start__lte=running.start,
                )
            )
