"""The sanitizer and the rendering pipeline against a corpus of hostile inputs."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.rendering import render_markdown
from resources.sanitize import ALLOWED_PROTOCOLS, ALLOWED_TAGS, LINK_REL, clean
from tests.resources.xss_corpus import CORPUS

ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}}
# What a browser ignores when it reads a URL's scheme: tabs and newlines anywhere, and
# control characters or spaces around it.
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()):
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href":
                url = _URL_NOISE.sub("", value or "").strip(_C0_AND_SPACE).lower()
                scheme = _SCHEME.match(url)
                if scheme and scheme.group(1) not in ALLOWED_PROTOCOLS:
                    self.problems.append(f"link scheme {scheme.group(1)}:")
            elif name == "rel" and value != LINK_REL:
                self.problems.append(f"rel={value!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data}")


def survivors(html):
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_corpus_has_at_least_sixty_hostile_inputs():
    assert len(CORPUS) >= 60
    assert len(set(CORPUS)) == len(CORPUS)


def test_the_inspector_catches_what_it_looks_for():
    """The survivor check must be able to fail, or a clean corpus proves nothing."""
    assert survivors('<a href="java&#9;script:alert(1)">x</a>') == ["link scheme javascript:"]
    assert survivors('<p onclick="x">y</p>') == ["attribute onclick on <p>"]
    assert survivors("<script>x</script><!-- c -->") == ["tag <script>", "comment"]
    assert survivors('<a href="vbscript:x" rel="noopener noreferrer">x</a>') != []


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_markdown_renders_harmless(payload):
    assert survivors(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_html_is_cleaned_harmless(payload):
    assert survivors(clean(payload)) == []


@pytest.mark.parametrize("payload", CORPUS)
def test_cleaning_twice_equals_cleaning_once(payload):
    once = clean(payload)
    assert clean(once) == once
    rendered = render_markdown(payload)
    assert clean(rendered) == rendered


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'=/:&#;abcdehijlnoprstvx ()[]!*\n\t")) | st.characters(),
        max_size=120,
    )
)
def test_any_input_cleans_harmless_and_stably(text):
    once = clean(text)
    assert survivors(once) == []
    assert clean(once) == once
    assert survivors(render_markdown(text)) == []


def test_safe_links_keep_their_address_and_gain_rel():
    html = render_markdown(
        "[a](https://example.com/x?y=1) [b](http://example.org) [c](mailto:hi@example.com) "
        "[d](/library/other/) [e](#sources)"
    )
    for href in [
        "https://example.com/x?y=1",
        "http://example.org",
        "mailto:hi@example.com",
        "/library/other/",
        "#sources",
    ]:
        assert f'href="{href}"' in html.replace("&amp;", "&")
    assert html.count(f'rel="{LINK_REL}"') == 5


def test_authors_rel_and_target_are_replaced():
    html = clean('<a href="https://example.com" rel="opener" target="_blank">x</a>')
    assert html == f'<a href="https://example.com" rel="{LINK_REL}">x</a>'


def test_disallowed_tags_are_stripped_but_their_words_kept():
    assert clean("<div><span>Plain words</span></div>") == "Plain words"


@pytest.mark.parametrize(
    "href",
    ["//evil.example/x", "/\\evil.example", "\\\\evil.example", " //evil.example"],
)
def test_links_that_look_local_but_leave_the_site_lose_their_address(href):
    cleaned = clean(f'<a href="{href}">read more</a>')
    assert "evil.example" not in cleaned
    assert "read more" in cleaned


@pytest.mark.parametrize("href", ["/library/some-article/", "#sources", "https://www.fda.gov/"])
def test_real_local_and_cited_links_stay(href):
    assert f'href="{href}"' in clean(f'<a href="{href}">x</a>')


def test_inline_citations_render_as_links_to_the_source_list():
    html = render_markdown(
        "Dissociation in 41% of people.[[1]](#source-1) [[12]](#source-12)\n\n"
        "| Effect | Share |\n| --- | --- |\n| Nausea | 28% [[3]](#source-3) |"
    )
    for number in (1, 12, 3):
        assert f'<a href="#source-{number}" rel="{LINK_REL}">[{number}]</a>' in html
    assert clean(html) == html
