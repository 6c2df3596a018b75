"""URLs for using Alongside from a phone's home screen, and without a network."""

from django.urls import path

from journal.offline import views as offline

urlpatterns = [
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline_page, name="offline"),
    path("account/this-device/", offline.this_device, name="this_device"),
    path("safety-plan/offline-copy/", offline.plan_copy, name="safety_plan_offline_copy"),
]
