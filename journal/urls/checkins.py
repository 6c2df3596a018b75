"""URLs for checkins (filled in by its issue)."""

urlpatterns = []
