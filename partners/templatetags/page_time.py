"""Words about how long ago something happened, on pages the couple's page cache keeps.

Each filter tells the cache (partners/page_cache.py) when its words stop being true, so a
kept page saying "2 minutes ago" is never served once that has become "3 minutes ago".
"""

from datetime import datetime, timedelta

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone

from partners.page_cache import relative_time_shown

register = template.Library()


@register.filter
def time_ago(moment: datetime | None) -> str:
    """Humanize's `naturaltime` ("3 hours ago"), but "just now" under a minute, as notices
    say it (journal's `ago`): a count of seconds is stale the moment it is read, and a page
    showing one could not be kept at all. Nothing for no time."""
    if not isinstance(moment, datetime):
        return ""
    relative_time_shown(moment)
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return naturaltime(moment)
