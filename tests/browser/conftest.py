"""Chromium journeys: Playwright drives Debian's /usr/bin/chromium against live_server.

Without Chromium these tests skip with a reason, except under CI=true, where a missing
browser is a failure: CI must never pass by not running them.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM (used by the
# live server thread and by test set-up) would otherwise refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _missing(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    if not AXE_PATH.exists():
        _missing("axe-core is not installed; run `npm ci` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageWatcher:
    """Collects what a page must never do: break CSP, log errors, or call a third party."""

    def __init__(self, page, base_url):
        self.problems = []
        self.base_url = base_url
        self.page = page
        page.on("console", self._console)
        page.on("request", self._request)

    def _console(self, message):
        if message.type != "error":
            return
        # Chromium logs a page answered with 4xx (a form re-shown with errors, a conflict
        # page, a 404 a test asks for) as a console error; that is the page itself, which
        # tests assert on. A failing stylesheet or script is still a problem.
        if (
            message.text.startswith(
                "Failed to load resource: the server responded with a status of 4"
            )
            and message.location.get("url") == self.page.url
        ):
            return
        self.problems.append(f"console error: {message.text}")

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.base_url) or url.startswith(("data:", "about:", "blob:"))):
            self.problems.append(f"third-party request: {url}")


@pytest.fixture
def new_page(browser, live_server):
    """Factory for isolated pages (one browser context each, like separate people)."""
    contexts = []
    watchers = []

    def make(**context_args):
        context = browser.new_context(base_url=live_server.url, **context_args)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        watchers.append(PageWatcher(page, live_server.url))
        return page

    yield make
    for context in contexts:
        context.close()
    problems = [problem for watcher in watchers for problem in watcher.problems]
    assert problems == [], problems


@pytest.fixture
def page(new_page):
    return new_page()


_AXE_SOURCE = None


def check_accessibility(page):
    """Run axe-core on the current page; fail with a readable list of any violation."""
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE_PATH.read_text()
    # evaluate() runs through the DevTools protocol, so the page's strict CSP (which
    # forbids injected inline scripts) stays on while axe is loaded.
    page.evaluate(_AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
    assert violations == [], f"axe on {page.url}:\n{json.dumps(violations, indent=2)}"
    return len(result["passes"])


def visit(page, path):
    """Open a path, check it is not an error page, and run axe on it."""
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    check_accessibility(page)
    return response
