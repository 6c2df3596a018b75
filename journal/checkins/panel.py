"""Dashboard panel: where this week's check-in stands, for the person looking."""

from journal.checkins import rules as checkins
from journal.dashboard.summary import submitted_rows


def context(couple, summary=None):
    # Who has checked in this week comes from the dashboard's summary query when given;
    # then one query reads what the viewer may see of it, only once someone has answered.
    submitted = submitted_rows(couple, summary) if summary is not None else None
    return {"checkin_panel": checkins.this_week(couple, submitted=submitted)}
