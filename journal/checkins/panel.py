"""Dashboard panel: where this week's check-in stands, for the person looking."""

from datetime import UTC, date, datetime, time
from types import SimpleNamespace

from django.db.models import QuerySet
from django.utils import timezone

from journal import weeks
from journal.checkins import rules as checkins
from journal.compiled import DAY, DAY_2, ID, ID_2, CompiledQuery
from journal.dashboard.summary import submitted_rows
from journal.models import CheckIn
from partners.models import Partnership


def _week_as_seen(partnership_id: int, user_id: int, aligned: date, week_start: date) -> QuerySet:
    """`visible_to` (THE reveal rule) for one week, as a compilable queryset.

    `visible_to` works out the start of the aligned week from the partnership and the time;
    here that date is a placeholder, so it is given a stand-in partnership whose aligned week
    starts on exactly that date (UTC, its check-in day that date's weekday, no change pending).
    The statement is `visible_to`'s own, with the real couple's values in their places.
    """
    stand_in = Partnership(pk=partnership_id, time_zone="UTC", checkin_weekday=aligned.weekday())
    now = datetime.combine(aligned, time(12), tzinfo=UTC)
    couple = SimpleNamespace(partnership=stand_in)
    return CheckIn.objects.visible_to(user_id, couple, now).filter(week_start=week_start)


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
