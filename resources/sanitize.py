"""The one allowlist for HTML that may reach a reader.

Everything a reader sees of an article body has passed through `clean`: only the tags
Markdown produces for prose, links with an http, https or mailto address (or a path on
this site), and nothing else: no raw HTML, script, style, event handler, iframe, svg,
math, image or comment. Disallowed tags are stripped, their text kept and escaped.
"""

# bleach re-exports html5lib's Filter at run time; types-bleach does not declare it.
from bleach.html5lib_shim import Filter  # type: ignore[attr-defined]
from bleach.sanitizer import Cleaner

ALLOWED_TAGS = frozenset(
    {
        # Headings start at h2: the page's h1 is the article title (see rendering.py).
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "pre",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
# Links without a scheme (paths on this site, #anchors) are also kept; bleach treats
# them as relative. Every other scheme, however it is spelled or encoded, is dropped.
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"


def leaves_the_site(href):
    """A link written like a path that browsers read as another host: `//evil.example`,
    `/\\evil.example` (browsers treat a backslash as a slash), with leading spaces too."""
    address = href.strip(" \t\n\r\f\x00").replace("\\", "/")
    return address.startswith("//")


class _LinkRelFilter(Filter):
    """Give every link the same rel, whatever the author wrote; drop the address of a
    link that only pretends to stay on this site (its text is kept)."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attributes = dict(token.get("data") or {})
                attributes[(None, "rel")] = LINK_REL
                href = attributes.get((None, "href"))
                if href is not None and leaves_the_site(href):
                    del attributes[(None, "href")]
                token["data"] = attributes
            yield token


def clean(html):
    """Sanitized HTML; cleaning twice gives the same result as cleaning once."""
    # A Cleaner is not safe to share between threads, and cleaning only happens when an
    # editor saves, so a fresh one each time costs nothing that matters.
    cleaner = Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_LinkRelFilter],
    )
    return cleaner.clean(html)
