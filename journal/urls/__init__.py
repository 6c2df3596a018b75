"""Journal URLs. Each part of the journal has its own module; they are joined here."""

from journal.urls import boundaries, checkins, core, history, safety, treatment

urlpatterns = (
    core.urlpatterns
    + checkins.urlpatterns
    + boundaries.urlpatterns
    + treatment.urlpatterns
    + safety.urlpatterns
    + history.urlpatterns
)
