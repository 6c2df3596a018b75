"""URLs for boundaries (filled in by its issue)."""

urlpatterns = []
