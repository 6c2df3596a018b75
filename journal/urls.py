"""Journal URLs. Each feature folder has its own `urls.py`; they are joined here."""

from journal.boundaries import urls as boundaries
from journal.calendar import urls as calendar
from journal.checkins import urls as checkins
from journal.clinic import urls as clinic
from journal.dashboard import urls as dashboard
from journal.history import urls as history
from journal.notices import urls as notices
from journal.offline import urls as offline
from journal.safety import urls as safety
from journal.treatment import urls as treatment

urlpatterns = (
    dashboard.urlpatterns
    + notices.urlpatterns
    + checkins.urlpatterns
    + boundaries.urlpatterns
    + treatment.urlpatterns
    + safety.urlpatterns
    + history.urlpatterns
    + calendar.urlpatterns
    + clinic.urlpatterns
    + offline.urlpatterns
)
