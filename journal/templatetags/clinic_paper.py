"""The clinic summary on paper: long writing cut short so the printout stays two pages."""

from django import template

from journal.clinic.summary import clamp

register = template.Library()


@register.filter
def clamp_for_paper(text: str, limit: int) -> str:
    return clamp(text or "", int(limit))
