"""The library in Chromium: a visitor searches and reads; partners suggest and open.

Also the sanitizer's hostile corpus, rendered for real: on the article page (strict CSP:
a surviving handler would show up as a CSP violation) and on a bare page with no CSP at
all, where anything that survived would run and set `window.__xss` or open a dialog.
"""

import re

from resources.rendering import render_markdown
from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import make_couple
from tests.resources.builders import publish
from tests.resources.xss_corpus import CORPUS

FIRE_EVERYTHING = """() => {
  const events = ["mouseover", "mouseenter", "pointerdown", "pointerenter", "focus", "focusin",
                  "toggle", "animationstart", "error", "load", "begin", "submit"];
  for (const element of document.querySelectorAll("body *")) {
    for (const type of events) element.dispatchEvent(new Event(type));
  }
  // The site's own header and footer carry tap-to-call crisis lines (tel:, sms:); only what
  // an article's author wrote is checked here.
  const badLinks = [...document.querySelectorAll("[href]")]
    .filter((element) => !element.closest("header.site-header, footer.site-footer"))
    // Resolved against a neutral base: on a bare about:blank page an in-page citation
    // (#source-1) would otherwise report about:, which is not a scheme an author wrote.
    .map((element) => new URL(element.getAttribute("href"), "https://x/").protocol)
    .filter((protocol) => !["http:", "https:", "mailto:", ":"].includes(protocol));
  return {xss: window.__xss === undefined ? null : window.__xss, badLinks};
}"""


def _library():
    publish(
        "side-effects-and-risks",
        title="Side effects and risks",
        summary="What can go wrong, including the bladder.",
        body="## The bladder\n\nHeavy, long-term use is linked to bladder damage.",
    )
    session_day = publish(
        "on-a-session-day",
        title="On a session day",
        category="session-days",
        summary="What a session day asks of a partner.",
        body="## Getting home\n\nSomeone has to drive home the person treated; "
        "no driving until the next day.",
    )
    session_day.related.add(
        publish("recognising-a-crisis", title="Recognising a crisis", category="crisis")
    )
    return session_day


def test_a_visitor_finds_and_reads_an_article_then_partners_share_it(new_page):
    _library()
    visitor = new_page()
    visit(visitor, "/library/")
    visitor.get_by_label("Search the library").fill("drive home")
    visitor.get_by_role("button", name="Search").click()
    visitor.wait_for_url(re.compile(r"/library/search/\?q=drive\+home"))
    check_accessibility(visitor)
    results = visitor.get_by_role("list").filter(has_text="On a session day")
    results.get_by_role("link", name="On a session day").click()
    visitor.wait_for_url("**/library/on-a-session-day/")
    check_accessibility(visitor)
    assert visitor.get_by_role("heading", level=1).inner_text() == "On a session day"
    text = visitor.locator("main").inner_text()
    assert "Last reviewed" in text and "Next review due" in text
    assert "This is not medical advice; talk to your clinician" in text
    assert visitor.get_by_role("heading", name="Sources").is_visible()
    visit(visitor, "/library/search/?q=%21%21%21")
    assert "There was nothing to search for in that." in visitor.content()
    visit(visitor, "/library/category/session-days/")

    _, sam, alex = make_couple()
    sam_page = new_page()
    sign_in(sam_page, email=sam.email)
    sam_page.wait_for_url("**/home/")
    visit(sam_page, "/library/on-a-session-day/")
    sam_page.get_by_label("A note for Alex (optional)").fill("The part about getting me home.")
    sam_page.get_by_role("button", name="Suggest to Alex").click()
    sam_page.wait_for_url("**/library/on-a-session-day/")
    check_accessibility(sam_page)
    assert "Suggested to Alex." in sam_page.content()

    alex_page = new_page()
    sign_in(alex_page, email=alex.email)
    alex_page.wait_for_url("**/home/")
    check_accessibility(alex_page)
    panel = alex_page.get_by_role("region", name="Reading together")
    assert "The part about getting me home." in panel.inner_text()
    panel.get_by_role("button", name="On a session day").click()
    alex_page.wait_for_url("**/library/on-a-session-day/")
    check_accessibility(alex_page)
    assert "Sam suggested this for you" in alex_page.content()
    alex_page.get_by_role("button", name="Mark as read").click()
    alex_page.wait_for_url("**/library/on-a-session-day/")
    check_accessibility(alex_page)

    visit(sam_page, "/home/")
    panel = sam_page.get_by_role("region", name="Reading together")
    assert "Alex has read 1 article" in panel.inner_text()
    assert "not opened yet" not in panel.inner_text()


def test_the_hostile_corpus_runs_no_script_on_the_article_page(page):
    publish("hostile", title="Hostile", body="\n\n".join(CORPUS))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto("/library/hostile/")
    assert response.status == 200
    result = page.evaluate(FIRE_EVERYTHING)
    assert result == {"xss": None, "badLinks": []}
    assert dialogs == []
    # CSP violations and console errors fail the test through the `page` fixture.


def _run_without_csp(browser, html):
    """Load `html` in a bare page: no CSP, every network request refused."""
    context = browser.new_context()
    try:
        context.route("**/*", lambda route: route.abort())
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.set_content(f"<!doctype html><html><body>{html}</body></html>")
        page.wait_for_timeout(200)  # let load and error events of anything left fire
        result = page.evaluate(FIRE_EVERYTHING)
        page.wait_for_timeout(100)
        result["dialogs"] = dialogs
        return result
    finally:
        context.close()


def test_the_corpus_rendered_by_the_sanitizer_runs_no_script_without_csp(browser):
    rendered = "\n".join(f"<section>{render_markdown(payload)}</section>" for payload in CORPUS)
    assert _run_without_csp(browser, rendered) == {"xss": None, "badLinks": [], "dialogs": []}


def test_the_bare_page_would_catch_a_payload_that_survived(browser):
    """The check above must be able to fail: unsanitized, the corpus does run."""
    result = _run_without_csp(browser, '<img src="x" onerror="window.__xss=1">')
    assert result["xss"] == 1
    result = _run_without_csp(browser, '<a href="javascript:alert(1)">x</a>')
    assert result["badLinks"] == ["javascript:"]
