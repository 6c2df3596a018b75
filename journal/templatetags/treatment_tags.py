"""Small template questions about treatment entries that need the couple's "today"."""

from django import template

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
