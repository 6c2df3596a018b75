"""Notices: the list, opening one, and marking them read."""

from django.urls import path

from journal.notices import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/read-all/", views.notices_read_all, name="notices_read_all"),
    path("notices/<uuid:public_id>/open/", views.notice_open, name="notice_open"),
]
