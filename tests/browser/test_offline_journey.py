"""Alongside on a phone's home screen, and with the network cut (Chromium, 390x844).

Install criteria (Chromium's own check through DevTools), the service worker, the offline page
with the crisis lines, the safety plan kept only when its owner turns it on, and nothing left
in the browser's caches after signing out or turning it off. Caches are read with
page.evaluate, as a person with the phone in hand could read them with DevTools.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from journal.models import SafetyPlan
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
        page.get_by_role("button", name="Sign In", exact=True).click()


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
