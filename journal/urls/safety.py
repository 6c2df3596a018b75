"""URLs for safety (filled in by its issue)."""

urlpatterns = []
