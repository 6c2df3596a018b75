"""Root URLs: each app owns its own patterns; allauth owns every sign-in page."""

from django.contrib import admin
from django.urls import include, path

from partners.views import public as partner_views

admin.site.site_header = "Alongside editors"
admin.site.site_title = "Alongside admin"

urlpatterns = [
    path("", partner_views.landing, name="landing"),
    path("accounts/", include("allauth.urls")),
    path("", include("partners.urls")),
    path("", include("journal.urls")),
    path("library/", include("resources.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "partners.views.errors.not_found"
handler500 = "partners.views.errors.server_error"
handler403 = "partners.views.errors.permission_denied"
handler400 = "partners.views.errors.bad_request"
# Not a Django hook: allauth looks it up here for its rate-limit page.
handler429 = "partners.views.errors.too_many_requests"
