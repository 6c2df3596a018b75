"""Alongside on a phone's home screen, and with the network cut (Chromium, 390x844).

Install criteria (Chromium's own check through DevTools), the service worker, the offline page
with the crisis lines, the safety plan kept only when its owner turns it on, and nothing left
in the browser's caches after signing out or turning it off. Caches are read with
page.evaluate, as a person with the phone in hand could read them with DevTools.
"""

import re
import threading
import time
from pathlib import Path

from playwright.sync_api import expect

from journal.models import SafetyPlan
from partners.middleware import IDLE_SINCE
from partners.sessions import SessionStore
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PageWatcher,
    check_accessibility,
    visit,
)
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_couple, make_user

PHONE = {"viewport": {"width": 390, "height": 844}}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHELL = {
    "/offline/",
    "/static/css/alongside.css",
    "/static/css/treatment.css",
    "/static/js/offline.js",
    "/static/icons/alongside.svg",
}
PLAN_TEXT = "Not sleeping; cancelling plans with friends."
NEWER_TEXT = "Snapping at people; skipping meals."

WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return {script: registration.active.scriptURL, scope: registration.scope};
}"""

# Every cached request, and the text of every cached response, in every cache of the origin.
CACHE_CONTENTS = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found[name + " " + new URL(request.url).pathname] = await response.text();
    }
  }
  return found;
}"""

COPY_HAS = """async (text) => {
  for (let i = 0; i < 100; i++) {
    const copy = await caches.match("/safety-plan/offline-copy/", {cacheName: "alongside-plan"});
    if (copy && (await copy.text()).includes(text)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""

SHELL_READY = """async () => {
  for (let i = 0; i < 100; i++) {
    const names = await caches.keys();
    const shell = names.find((name) => name.startsWith("alongside-shell-"));
    if (shell && (await (await caches.open(shell)).keys()).length === 5) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


def cached_paths(page):
    return {key.split(" ", 1)[1] for key in page.evaluate(CACHE_CONTENTS)}


def sign_in_without_javascript(page, email):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()


def sam_with_a_plan():
    partnership, sam, alex = make_couple(
        make_user("sam.offline@example.com", name="Sam", time_zone="Europe/London"),
        make_user("alex.offline@example.com", name="Alex"),
    )
    SafetyPlan.objects.create(partnership=partnership, owner=sam, warning_signs=PLAN_TEXT)
    return sam, alex


def test_installable_manifest_and_a_registered_worker(browser, live_server, tmp_path):
    # A profile on disk: Chromium never offers to install from an incognito-like context,
    # which is what Playwright's new_context() gives.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        watcher = PageWatcher(page, live_server.url)
        _install_checks(page)
        assert watcher.problems == []
    finally:
        context.close()


def _install_checks(page):
    visit(page, "/")
    info = page.evaluate(WORKER_READY)
    assert info["script"].endswith("/sw.js")
    assert info["scope"].endswith("/") and info["scope"].count("/") == 3

    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []

    body = page.request.get("/manifest.webmanifest").json()
    for icon in body["icons"]:
        assert icon["src"].startswith("/static/icons/")
        answer = page.request.get(icon["src"])
        assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    assert {icon["purpose"] for icon in body["icons"]} == {"any", "maskable"}
    assert page.evaluate(SHELL_READY)


def test_offline_page_and_kept_plan_until_sign_out(new_page):
    sam, _ = sam_with_a_plan()
    page = new_page(**PHONE)
    sign_in(page, email=sam.email)
    page.wait_for_url("**/home/")

    # Off by default: only the shell is kept.
    visit(page, "/account/this-device/")
    assert page.evaluate(SHELL_READY)
    state = page.locator("[data-offline-state]")
    expect(page.locator("[data-offline-state]")).to_contain_text("Off")
    assert not any(PLAN_TEXT in text for text in page.evaluate(CACHE_CONTENTS).values())

    page.get_by_role("button", name="Keep my safety plan on this device").click()
    expect(page.locator("[data-offline-state]")).to_contain_text("On:")
    assert "Europe/London" in state.inner_text()
    check_accessibility(page)
    kept = page.evaluate(CACHE_CONTENTS)
    assert [key for key, text in kept.items() if PLAN_TEXT in text] == [
        "alongside-plan /safety-plan/offline-copy/"
    ]

    # The network cut: any page opens the offline page; the plan opens from it.
    page.context.set_offline(True)
    page.goto("/home/")
    assert "Alongside can't be reached" in page.content()
    assert page.locator('a[href="tel:988"]').count() >= 1
    assert page.locator('a[href^="sms:741741"]').count() == 1
    plan_link = page.get_by_role("link", name="My safety plan, as kept on this device")
    plan_link.wait_for()
    check_accessibility(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "offline-page-phone.png"))
    plan_link.click()
    page.wait_for_url("**/safety-plan/offline-copy/")
    assert PLAN_TEXT in page.content()
    assert re.search(r"Saved on this device on \d+ \w+ \d{4} at \d\d:\d\d", page.content())
    check_accessibility(page)
    page.goto("/checkins/")
    assert "Alongside can't be reached" in page.content()
    assert PLAN_TEXT not in page.content() and NEWER_TEXT not in page.content()
    page.context.set_offline(False)

    # Signed-in pages read with the network back are never stored: the shell and the plan only.
    for path in ("/home/", "/checkins/", "/safety-plan/", "/account/profile/"):
        page.goto(path)
    assert cached_paths(page) == {*SHELL, "/safety-plan/offline-copy/"}

    # Signing out removes the plan; nothing signed in is left in any cache.
    page.goto("/home/")
    page.locator(".nav-menu > summary").click()  # on a phone, "Sign out" is in the Menu
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.evaluate(SHELL_READY)
    contents = page.evaluate(CACHE_CONTENTS)
    assert not any(PLAN_TEXT in text for text in contents.values())
    # ("Samaritans" is a crisis line; Sam's name must not be there.)
    assert not any(sam.email in text or re.search(r"\bSam\b", text) for text in contents.values())
    assert cached_paths(page) == SHELL
    page.context.set_offline(True)
    page.goto("/safety-plan/offline-copy/")
    assert "Alongside can't be reached" in page.content()
    assert PLAN_TEXT not in page.content()
    assert page.get_by_role("link", name="My safety plan, as kept on this device").is_hidden()
    page.context.set_offline(False)


def test_turning_it_off_removes_the_copy(new_page):
    sam, _ = sam_with_a_plan()
    page = new_page(**PHONE)
    sign_in(page, email=sam.email)
    page.wait_for_url("**/home/")
    page.goto("/account/this-device/")
    page.get_by_role("button", name="Keep my safety plan on this device").click()
    expect(page.locator("[data-offline-state]")).to_contain_text("On:")

    # "As last seen": reading the plan online brings the kept copy up to date.
    SafetyPlan.objects.filter(owner=sam).update(warning_signs=NEWER_TEXT, version=2)
    visit(page, "/safety-plan/")
    assert page.evaluate(COPY_HAS, NEWER_TEXT)

    page.goto("/account/this-device/")
    page.get_by_role("button", name="Remove it from this device").click()
    expect(page.locator("[data-offline-state]")).to_contain_text("Off")
    contents = page.evaluate(CACHE_CONTENTS).values()
    assert not any(PLAN_TEXT in text or NEWER_TEXT in text for text in contents)
    assert "alongside-plan" not in page.evaluate("caches.keys()")
    page.context.set_offline(True)
    page.goto("/safety-plan/")
    assert "Alongside can't be reached" in page.content()
    assert PLAN_TEXT not in page.content() and NEWER_TEXT not in page.content()
    page.context.set_offline(False)


def test_without_javascript_the_page_says_so_and_nothing_is_kept(new_page):
    sam, _ = sam_with_a_plan()
    page = new_page(**PHONE, java_script_enabled=False)
    sign_in_without_javascript(page, sam.email)
    page.goto("/account/this-device/")
    assert page.get_by_text("Keeping your plan on this device needs JavaScript").is_visible()
    assert page.get_by_role("button", name="Keep my safety plan on this device").is_hidden()
    # The rest of the app is as it was: the plan page opens, its link to this page too.
    page.goto("/safety-plan/")
    assert PLAN_TEXT in page.content()


# --- Review fixes ------------------------------------------------------------------------------

COPY_GONE = """async () => {
  for (let i = 0; i < 100; i++) {
    const copy = await caches.match("/safety-plan/offline-copy/", {cacheName: "alongside-plan"});
    if (!copy) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""

# Watches for 3 s whether a copy of the plan appears in any cache.
COPY_APPEARS = """async (text) => {
  for (let i = 0; i < 30; i++) {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if ((await (await cache.match(request)).text()).includes(text)) return name;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}"""


class Gate:
    """Holds the worker's copy request in the server until released (or makes it fail)."""

    def __init__(self, monkeypatch):
        from journal.offline import rules

        self.hold = False
        self.fail = False
        self.entered = threading.Event()
        self.released = threading.Event()
        self.answered = threading.Event()
        real = rules.keepable_plan

        def keepable_plan(request):
            if request.headers.get(rules.KEEP_HEADER):
                if self.fail:
                    raise RuntimeError("Alongside is having a bad moment (a test's 500).")
                if self.hold:
                    self.entered.set()
                    self.released.wait(30)
                    try:
                        return real(request)
                    finally:
                        self.answered.set()
            return real(request)

        monkeypatch.setattr(rules, "keepable_plan", keepable_plan)


def session_key_of(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")


def keep_the_plan(page):
    page.goto("/account/this-device/")
    keep = page.get_by_role("button", name="Keep my safety plan on this device")
    forget = page.get_by_role("button", name="Remove it from this device")
    expect(page.locator("[data-offline-state]")).to_contain_text("Off")
    # Only the button that applies is shown (the `hidden` attribute wins over .button).
    expect(keep).to_be_visible()
    expect(forget).to_be_hidden()
    keep.click()
    expect(page.locator("[data-offline-state]")).to_contain_text("On:")
    expect(forget).to_be_visible()
    expect(keep).to_be_hidden()


def test_a_refresh_on_its_way_at_sign_out_writes_nothing_back(new_page, monkeypatch):
    sam, _ = sam_with_a_plan()
    gate = Gate(monkeypatch)
    page = new_page(**PHONE)
    sign_in(page, email=sam.email)
    page.wait_for_url("**/home/")
    keep_the_plan(page)

    # Reading the plan starts the worker's refresh; the server holds it while Sam signs out.
    gate.hold = True
    page.goto("/safety-plan/")
    assert gate.entered.wait(15), "the plan page did not ask the worker to refresh the copy"
    menu = page.locator(".nav-menu")
    if menu.is_visible():  # on a phone, Sign out is in the Menu
        menu.locator("summary").click()
    with page.expect_navigation():
        page.locator("nav:visible").get_by_role("button", name="Sign out").click()
    assert page.evaluate(COPY_GONE)
    gate.released.set()
    assert gate.answered.wait(15)
    # The answer, made while Sam was signed in, arrives after the sign-out: nothing is written.
    assert page.evaluate(COPY_APPEARS, PLAN_TEXT) is None
    page.context.set_offline(True)
    page.goto("/safety-plan/")
    assert "Alongside can't be reached" in page.content() and PLAN_TEXT not in page.content()
    page.context.set_offline(False)


def test_a_failed_refresh_keeps_the_copy_and_only_a_refusal_removes_it(new_page, monkeypatch):
    sam, _ = sam_with_a_plan()
    gate = Gate(monkeypatch)
    page = new_page(**PHONE)
    sign_in(page, email=sam.email)
    page.wait_for_url("**/home/")

    # Opening the offline page, or asking whether a plan is kept, makes no plan cache.
    page.goto("/offline/")
    assert page.evaluate(SHELL_READY)
    page.goto("/account/this-device/")
    expect(page.locator("[data-offline-state]")).to_contain_text("Off")
    assert "alongside-plan" not in page.evaluate("caches.keys()")

    # The crisis lines offline: every call or text a 44 px target; web links say they need a
    # connection.
    page.goto("/offline/")
    for link in page.locator(".crisis-lines a.dial").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    expect(page.get_by_text("(needs a connection)").first).to_be_visible()

    keep_the_plan(page)

    # A server error (or a 503, a 429, a captive portal): the saved copy stays, and says so.
    gate.fail = True
    page.goto("/safety-plan/")
    expect(page.locator("[data-offline-refresh-state]")).to_contain_text(
        "Couldn't refresh the copy on this device; the one saved on"
    )
    assert page.evaluate(COPY_HAS, PLAN_TEXT)
    gate.fail = False

    # An explicit refusal (here: Sam now says this is a shared device) removes it.
    session = SessionStore(session_key_of(page))
    session[IDLE_SINCE] = time.time()
    session.save()
    page.goto("/safety-plan/")
    assert page.evaluate(COPY_GONE)
    expect(page.locator("[data-offline-refresh-state]")).to_contain_text("removed")


def test_a_session_ended_elsewhere_removes_the_copy_when_next_online(new_page):
    sam, _ = sam_with_a_plan()
    page = new_page(**PHONE)
    sign_in(page, email=sam.email)
    page.wait_for_url("**/home/")
    keep_the_plan(page)

    # "Sign out other sessions" from Sam's laptop: this phone is not told.
    SessionStore(session_key_of(page)).delete()
    # Offline, the copy is still there to read.
    page.context.set_offline(True)
    page.goto("/safety-plan/")
    assert PLAN_TEXT in page.content()
    page.context.set_offline(False)
    # Online again, the first page Alongside answers (signed out) removes it.
    page.goto("/safety-plan/")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(COPY_GONE)
