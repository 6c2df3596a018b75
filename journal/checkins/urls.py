"""URLs of the weekly check-in."""

from django.urls import path

from journal.checkins import history as checkin_history
from journal.checkins import summary as checkin_summary
from journal.checkins import trends as checkin_trends
from journal.checkins import views as checkins

urlpatterns = [
    path("checkins/", checkins.week, name="checkin_week"),
    path("checkins/this-week/", checkins.checkin_form, name="checkin_form"),
    path("checkins/history/", checkin_history.history, name="checkin_history"),
    path("checkins/trends/", checkin_trends.trends, name="checkin_trends"),
    path("checkins/summary/", checkin_summary.summary, name="checkin_summary"),
    path("checkins/<uuid:public_id>/", checkins.detail, name="checkin_detail"),
    path("checkins/<uuid:public_id>/versions/", checkins.revisions, name="checkin_revisions"),
    path("checkins/<uuid:public_id>/note/", checkins.note, name="checkin_note"),
    path(
        "checkins/<uuid:public_id>/tell-partner/",
        checkins.tell_partner,
        name="checkin_tell_partner",
    ),
    path("alerts/<uuid:public_id>/seen/", checkins.alert_seen, name="safety_alert_seen"),
]
