"""Dashboard panel: where this week's check-in stands, for the person looking."""

from django.utils import timezone

from journal import weeks
from journal.checkins import rules as checkins
from journal.checkins.rules import WEEK_AS_SEEN
from journal.dashboard.summary import submitted_rows


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
