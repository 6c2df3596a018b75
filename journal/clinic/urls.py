"""URLs of the clinic summary: the person's links, the partner's answer, the public page."""

from django.urls import path

from journal.clinic import views as clinic

urlpatterns = [
    path("clinic/", clinic.links, name="clinic_links"),
    path("clinic/new/", clinic.new, name="clinic_link_new"),
    path("clinic/<uuid:public_id>/", clinic.detail, name="clinic_link"),
    path("clinic/<uuid:public_id>/turn-off/", clinic.revoke, name="clinic_link_revoke"),
    path("clinic/<uuid:public_id>/my-answers/", clinic.consent, name="clinic_link_consent"),
    # Public: a clinician opens it without an account.
    path("for-clinic/<str:token>/", clinic.summary, name="clinic_summary"),
]
