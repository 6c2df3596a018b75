"""URLs for the treatment log."""

from django.urls import path

from journal.treatment import views as treatment

urlpatterns = [
    path("treatment/", treatment.log, name="treatment_log"),
    path("treatment/new/session/", treatment.new_session, name="treatment_new_session"),
    path("treatment/new/change/", treatment.new_change, name="treatment_new_change"),
    path("treatment/<uuid:public_id>/", treatment.entry_detail, name="treatment_entry"),
    path("treatment/<uuid:public_id>/edit/", treatment.edit, name="treatment_edit"),
    path("treatment/<uuid:public_id>/delete/", treatment.delete, name="treatment_delete"),
    path("treatment/<uuid:public_id>/status/", treatment.set_status, name="treatment_status"),
    path("treatment/<uuid:public_id>/ride/", treatment.ride, name="treatment_ride"),
]
