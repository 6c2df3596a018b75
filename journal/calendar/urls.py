"""URLs of the calendar: the private feed, its settings, and one session day's download."""

from django.urls import path

from journal.calendar import views

urlpatterns = [
    path("calendar/", views.settings_page, name="calendar_settings"),
    path("calendar/feed/<slug:token>.ics", views.feed, name="calendar_feed"),
    path(
        "treatment/<uuid:public_id>/calendar.ics",
        views.download,
        name="treatment_entry_calendar",
    ),
]
