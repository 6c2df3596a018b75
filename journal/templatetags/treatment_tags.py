"""Small template questions about treatment entries that need the couple's "today"."""

from django import template
from django.utils.safestring import mark_safe

from journal.treatment import markup

register = template.Library()


@register.filter
def offers_ride(entry, today):
    """Should the supporter see the "I'll drive" button for this entry?"""
    return entry.can_offer_to_drive(today)


@register.filter
def upcoming(entry, today):
    return entry.is_upcoming(today)


@register.filter
def driver_for(entry, couple):
    return entry.driver_label(couple)


# The log's repeated markup, written out in Python (journal/treatment/markup.py).


@register.simple_tag
def entry_when(entry):
    """{% entry_when entry %}: the entry's day, and its time if given (_when.html)."""
    return mark_safe(markup.when(entry))  # noqa: S308 - escaped in markup


@register.simple_tag
def entry_status(entry):
    """{% entry_status entry %}: a session's status, or "Change" (_status.html)."""
    return mark_safe(markup.status(entry))  # noqa: S308 - escaped in markup


@register.simple_tag(takes_context=True)
def entry_ride(context, entry):
    """{% entry_ride entry %}: the ride home for a session (_ride.html); the context gives
    couple, today, back_to, user and the CSRF token."""
    return mark_safe(markup.ride(entry, context))  # noqa: S308 - escaped in markup


@register.simple_tag(takes_context=True)
def log_entry(context, entry):
    """{% log_entry entry %}: one entry of the treatment log, as an <li>."""
    return mark_safe(markup.log_entry(entry, context))  # noqa: S308 - escaped in markup
