"""On a phone (390x844), with JavaScript on and off: a compact "Menu" (a <details>, no script)
so each page's own heading and "Get help now" are in the first screen; the unread count;
tap targets of at least 44 px; tap-to-call numbers. On a desktop the whole list shows."""

import pytest
from django.conf import settings
from django.test import Client

from journal.models import Notice
from tests.browser.conftest import check_accessibility
from tests.factories import make_couple, make_user

PHONE = {"viewport": {"width": 390, "height": 844}}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PAGES = ["/home/", "/checkins/this-week/", "/boundaries/", "/notices/", "/checkins/trends/"]
MIN_TARGET = 44


def couple_with_notices(label):
    partnership, sam, _alex = make_couple(
        make_user(f"sam.{label}@example.com", name="Sam", time_zone="Europe/London"),
        make_user(f"alex.{label}@example.com", name="Alex", time_zone="Europe/London"),
        time_zone="Europe/London",
    )
    for message in ("Alex proposed a boundary: “Drive me home”", "Alex suggested an article"):
        Notice.objects.create(
            partnership=partnership,
            recipient=sam,
            kind=Notice.Kind.BOUNDARY,
            message=message,
            link="/boundaries/",
        )
    return sam


def signed_in_page(new_page, live_server, user, **context_args):
    """A page signed in by session cookie: the sign-in form is not what is tested here,
    and with JavaScript off nothing else differs."""
    client = Client()
    client.force_login(user)
    page = new_page(**context_args)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def box(locator):
    found = locator.bounding_box()
    assert found is not None, "not rendered"
    return found


def in_first_screen(locator):
    found = box(locator)
    assert found["y"] + min(found["height"], 40) <= PHONE["viewport"]["height"], found


def assert_tall_enough(locator, what):
    for index in range(locator.count()):
        item = locator.nth(index)
        if item.is_visible():
            assert box(item)["height"] >= MIN_TARGET, (what, index, box(item))


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_phone_pages_start_with_their_own_content_and_help(
    new_page, live_server, transactional_db, javascript
):
    sam = couple_with_notices("js" if javascript else "nojs")
    page = signed_in_page(new_page, live_server, sam, **PHONE, java_script_enabled=javascript)
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        header = box(page.locator(".site-header"))
        # One row: the name, "Get help now" and "Menu", however many links there are.
        assert header["height"] <= 80, (path, header)
        in_first_screen(page.get_by_role("link", name="Get help now"))
        in_first_screen(page.locator("main h1"))
        # The page's own first lines are in the first half of the screen, not under a nav.
        assert box(page.locator("main h1"))["y"] < PHONE["viewport"]["height"] / 3, path
        assert not page.locator(".nav-wide").is_visible()
        menu = page.locator(".nav-menu > summary")
        assert "2 new notices" in menu.inner_text().replace("\n", " ") or "2" in menu.inner_text()
        assert_tall_enough(page.locator(".site-header a, .site-header summary"), path)
        if javascript:
            check_accessibility(page)

    # The menu opens without JavaScript: a native <details>.
    page.goto("/home/")
    page.locator(".nav-menu > summary").click()
    notices = page.locator(".nav-menu").get_by_role("link", name="Notices")
    assert notices.is_visible()
    assert "2" in notices.inner_text()
    assert_tall_enough(page.locator(".nav-menu .nav-list a, .nav-menu .nav-list button"), "menu")
    in_first_screen(page.locator(".nav-menu").get_by_role("button", name="Sign out"))
    if javascript:
        check_accessibility(page)
    notices.click()
    page.wait_for_url("**/notices/")
    assert_tall_enough(page.locator("button.notice-row"), "notice rows")
    # Helplines are tap-to-call links, each a full-size target.
    dials = page.locator("#crisis-help a.dial")
    assert dials.count() > 0
    assert all(
        (dials.nth(i).get_attribute("href") or "").startswith(("tel:", "sms:"))
        for i in range(dials.count())
    )
    assert_tall_enough(dials, "tap-to-call")


def test_a_desktop_shows_the_whole_navigation(new_page, live_server, transactional_db):
    sam = couple_with_notices("desk")
    page = signed_in_page(new_page, live_server, sam, **DESKTOP)
    page.goto("/home/")

    assert not page.locator(".nav-menu").is_visible()
    wide = page.locator(".nav-wide")
    assert wide.is_visible()
    assert "2" in wide.get_by_role("link", name="Notices").inner_text()
    check_accessibility(page)


def test_signed_out_phone_pages_keep_help_and_content_first(
    new_page, live_server, transactional_db
):
    page = new_page(**PHONE, java_script_enabled=False)
    for path in ("/", "/accounts/login/", "/library/"):
        page.goto(path)
        in_first_screen(page.get_by_role("link", name="Get help now"))
        assert box(page.locator("main h1"))["y"] < PHONE["viewport"]["height"] / 3, path


def test_a_small_phone_header_fits_without_scrolling_sideways(
    new_page, live_server, transactional_db
):
    sam = couple_with_notices("small")
    page = signed_in_page(new_page, live_server, sam, viewport={"width": 360, "height": 740})
    for path in ("/home/", "/notices/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert box(page.locator(".site-header"))["height"] <= 80, path
