"""A notice's message, read as a sentence."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from journal.notices.inbox import sentence as as_sentence
from partners.page_cache import relative_time_shown

register = template.Library()


@register.filter
def sentence(message: str) -> str:
    return as_sentence(message)


@register.filter
def ago(moment: datetime) -> str:
    """'just now' for under a minute (never "0 minutes ago"), else "3 hours ago"."""
    relative_time_shown(moment)  # a page kept by the couple's page cache says this until then
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"
