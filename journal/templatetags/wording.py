"""Shortening a person's own words without putting a cut in the middle of a sentence.

A list may show the first sentences of an agreement and "…", with a link to all of it;
it never ends mid-word or mid-sentence (truncatechars would), so nothing reads as if
someone had written half a thought.
"""

import re
from typing import NamedTuple

from django import template

register = template.Library()

# The end of a sentence: its punctuation, any closing quote or bracket, then a space.
SENTENCE_END = re.compile('[.!?\u2026]+["\u201d\u2019)\\]]*(?=\\s)')


class Cut(NamedTuple):
    text: str
    cut: bool


def cut_at_sentence(text: str, limit: int) -> Cut:
    """Whole sentences up to about `limit` characters; the whole text when it fits or when
    it is a single sentence. A first sentence longer than `limit` is kept whole."""
    text = (text or "").strip()
    if len(text) <= limit:
        return Cut(text, False)
    ends = [match.end() for match in SENTENCE_END.finditer(text)]
    if not ends:
        return Cut(text, False)
    within = [end for end in ends if end <= limit]
    return Cut(text[: (within[-1] if within else ends[0])].rstrip(), True)


@register.simple_tag
def sentence_cut(text: str, limit: int) -> Cut:
    """{% sentence_cut b.wording 140 as short %}: short.text, short.cut."""
    return cut_at_sentence(text, int(limit))


def cut_at_word(text: str, limit: int) -> str:
    """At most about `limit` characters, ending at a whole word and "…" when cut.

    For short labels and notices, where a sentence would not fit. A single word longer
    than `limit` is the one case cut inside a word."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    if text[limit] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-\u2013\u2014") + "…"


@register.filter
def word_cut(text: str, limit: int) -> str:
    """{{ s.wording|word_cut:60 }}: cut at a word, with "…"."""
    return cut_at_word(text, int(limit))
