from django.urls import path

from journal.views import dashboard, notices

urlpatterns = [
    path("home/", dashboard.dashboard, name="dashboard"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/read-all/", notices.notices_read_all, name="notices_read_all"),
    path("notices/<uuid:public_id>/open/", notices.notice_open, name="notice_open"),
]
