"""URLs for treatment (filled in by its issue)."""

urlpatterns = []
