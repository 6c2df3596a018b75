"""Markdown to HTML when an article is saved: what authors can use, and what they cannot."""

from resources.rendering import plain_text, reading_minutes, render_markdown
from tests.resources.builders import draft


def test_prose_markdown_becomes_the_allowed_html():
    html = render_markdown(
        "## Heading\n\nSome *emphasis* and **strong** words.\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode here\n```\n\nInline `code`.\n\n---\n"
    )
    for fragment in [
        "<h2>Heading</h2>",
        "<em>emphasis</em>",
        "<strong>strong</strong>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        "<table>",
        "<th>a</th>",
        "<td>2</td>",
        "<pre><code>code here",
        "<code>code</code>",
        "<hr>",
    ]:
        assert fragment in html


def test_a_top_level_heading_becomes_an_h2_so_the_title_stays_the_only_h1():
    assert render_markdown("# Oops") == "<h2>Oops</h2>"


def test_raw_html_is_shown_as_text_not_passed_through():
    html = render_markdown('A <b>bold</b> claim and <span class="x">a span</span>.')
    assert "<b>" not in html and "<span" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_table_alignment_does_not_add_style_attributes():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert "style" not in html and "align" not in html


def test_plain_text_and_reading_time():
    text = plain_text(render_markdown("## Title\n\nWords &amp; more *words*."))
    assert text == "Title. Words & more words."
    assert reading_minutes("word " * 10) == 1
    assert reading_minutes("word " * 401) == 3


def test_saving_a_revision_renders_its_body_once(db):
    revision = draft(body="## Part\n\nA [link](https://example.com).")
    assert revision.body_html.startswith("<h2>Part</h2>")
    assert 'rel="noopener noreferrer"' in revision.body_html
    assert revision.body_text == "Part. A link."
    revision.body = "Changed."
    revision.save(update_fields=["body"])
    revision.refresh_from_db()
    assert revision.body_html == "<p>Changed.</p>"
