"""Markdown to safe HTML, run when an article is saved and never on a reader's request.

Raw HTML in the Markdown is shown as text rather than passed through, and the result
goes through the one allowlist in `resources.sanitize`: two independent layers.
"""

import html
import math
import re

import markdown
from django.utils.html import strip_tags
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from resources import sanitize

WORDS_PER_MINUTE = 200
# Private-use characters mark search highlights (see search.py); they never belong in
# article text, so they are removed from what search reads.
HIGHLIGHT_MARKERS = re.compile("[\ue000\ue001]")


class _DemoteTopHeadings(Treeprocessor):
    """The page's only h1 is the title; a `#` heading in the body becomes an h2."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class _NoRawHtml(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DemoteTopHeadings(md), "demote_top_headings", 5)


def render_markdown(text):
    """Sanitized HTML for a Markdown body."""
    converter = markdown.Markdown(
        extensions=[_NoRawHtml(), "tables", "fenced_code", "sane_lists"],
        output_format="html",
    )
    return sanitize.clean(converter.convert(text or ""))


_BLOCK_END = re.compile(r"([^.!?:;\s])(\s*)</(h[2-6]|li|th|td)>")


def plain_text(body_html):
    """The words of rendered HTML, for search and reading time.

    A heading or list item ends with a full stop, so a snippet reads "…after a dose.
    In the trials…" rather than running the heading into the next sentence.
    """
    text = html.unescape(strip_tags(_BLOCK_END.sub(r"\1.\2</\3>", body_html)))
    text = HIGHLIGHT_MARKERS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def reading_minutes(text):
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))
