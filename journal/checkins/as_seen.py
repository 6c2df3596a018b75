"""`CheckIn.objects.visible_to` (THE reveal rule), as a queryset that can be compiled once.

`visible_to(user, couple, now)` works out the start of the couple's aligned week from the
partnership and the time, in Python. To compile its statement once per process
(journal.compiled), that date must be a placeholder: `as_seen` gives `visible_to` a stand-in
partnership whose aligned week starts on exactly `aligned` (UTC, its check-in day that
date's weekday, no change pending). The statement is `visible_to`'s own; each request runs it
with the real couple's id, the viewer's id and `weeks.aligned_start(couple.partnership)`.
"""

from datetime import UTC, date, datetime, time
from types import SimpleNamespace

from django.db.models import QuerySet

from journal.models import CheckIn
from partners.models import Partnership


def as_seen(partnership_id: int, user_id: int, aligned: date) -> QuerySet[CheckIn]:
    """The check-ins `user_id` may read in the partnership, for an aligned week `aligned`."""
    stand_in = Partnership(pk=partnership_id, time_zone="UTC", checkin_weekday=aligned.weekday())
    now = datetime.combine(aligned, time(12), tzinfo=UTC)
    return CheckIn.objects.visible_to(user_id, SimpleNamespace(partnership=stand_in), now)
