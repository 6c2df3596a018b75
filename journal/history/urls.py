"""URLs of a person's own history, kept across partnerships."""

from django.urls import path

from journal.history import views as my_history

urlpatterns = [
    path("my-history/", my_history.history, name="my_history"),
    path("my-history/checkins/<uuid:public_id>/", my_history.checkin, name="my_history_checkin"),
]
