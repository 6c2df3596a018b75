"""Values every template can use: crisis lines and the person's couple (lazily)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from partners.access import current_couple


def alongside(request):
    return {
        "crisis_lines": settings.CRISIS_LINES,
        # Only evaluated by templates that ask (the navigation); one query, cached.
        "current_couple": SimpleLazyObject(lambda: current_couple(request) or False),
    }
