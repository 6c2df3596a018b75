"""Dashboard panel: where this week's check-in stands, for the person looking."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from journal import weeks
from journal.checkins import rules as checkins
from journal.checkins.as_seen import as_seen
from journal.compiled import DAY, DAY_2, ID, ID_2, CompiledQuery
from journal.dashboard.summary import submitted_rows


def _week_as_seen(partnership_id: int, user_id: int, aligned: date, week_start: date) -> QuerySet:
    """What the viewer may see of one week: `visible_to`'s own statement (as_seen)."""
    return as_seen(partnership_id, user_id, aligned).filter(week_start=week_start)


WEEK_AS_SEEN = CompiledQuery(
    _week_as_seen, partnership_id=ID, user_id=ID_2, aligned=DAY, week_start=DAY_2
)


def context(couple, summary=None):
    # Who has checked in this week comes from the dashboard's summary query when given;
    # then one query reads what the viewer may see of it, only once someone has answered.
    if summary is None:
        return {"checkin_panel": checkins.this_week(couple)}
    now = timezone.now()
    aligned = weeks.aligned_start(couple.partnership, now)

    def read_week(week_start):
        return WEEK_AS_SEEN.rows(
            partnership_id=couple.partnership.pk,
            user_id=couple.user.pk,
            aligned=aligned,
            week_start=week_start,
        )

    submitted = submitted_rows(couple, summary)
    return {"checkin_panel": checkins.this_week(couple, now, submitted, read_week)}
