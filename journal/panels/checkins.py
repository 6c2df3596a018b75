"""Dashboard panel: where this week's check-in stands, for the person looking."""

from journal import checkins


def context(couple):
    # Two queries whatever the history: who has checked in this week, and what the viewer
    # may read of it.
    return {"checkin_panel": checkins.this_week(couple)}
