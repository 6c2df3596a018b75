"""A notice's message, read as a sentence."""

from django import template

from journal.notices.inbox import sentence as as_sentence

register = template.Library()


@register.filter
def sentence(message: str) -> str:
    return as_sentence(message)
