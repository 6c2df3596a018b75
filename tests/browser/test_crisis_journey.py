"""The crisis path in Chromium at phone size (390x844), as a couple lives it.

Each kind of unsafe answer shows its own card in the first screen; the partner sees the
alert pinned at the top (or, for "not safe at home", nothing at all); "Get help now" is in the
first screen of every page. axe runs on each page. Screenshots go to docs/screenshots/.
"""

import re
from pathlib import Path

import pytest

from journal.models import SafetyAlert, SafetyPlan
from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_couple, make_user

PHONE = {"viewport": {"width": 390, "height": 844}}
# axe needs JavaScript, so the pages it checks run with it; the "Get help now" checks below
# also run with JavaScript off (Playwright's evaluate() cannot run there, so no axe).
PHONE_NO_JS = {**PHONE, "java_script_enabled": False}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def couple_on_phones(new_page, label, *, unsafe_now=False, self_harm=False):
    partnership, sam, alex = make_couple(
        make_user(f"sam.{label}@example.com", name="Sam", time_zone="Europe/London"),
        make_user(f"alex.{label}@example.com", name="Alex", time_zone="Europe/London"),
        time_zone="Europe/London",
    )
    SafetyPlan.objects.create(
        partnership=partnership,
        warning_signs="Not sleeping; cancelling plans.",
        alert_on_unsafe_now=unsafe_now,
        alert_on_self_harm=self_harm,
    )
    sam_page, alex_page = new_page(**PHONE), new_page(**PHONE)
    sign_in(sam_page, email=sam.email)
    sam_page.wait_for_url("**/home/")
    sign_in(alex_page, email=alex.email)
    alex_page.wait_for_url("**/home/")
    return sam_page, alex_page


def in_first_screen(page, locator):
    box = locator.first.bounding_box()
    assert box is not None, "not rendered"
    assert box["y"] + min(box["height"], 40) <= PHONE["viewport"]["height"], (page.url, box)


def assert_help_in_first_screen(page):
    in_first_screen(page, page.get_by_role("link", name="Get help now"))


def check_in(page, *, unsafe_now=False, at_home=False, self_harm=False):
    visit(page, "/checkins/this-week/")
    assert_help_in_first_screen(page)
    page.get_by_role("group", name=re.compile("^Overall mood this week")).get_by_role(
        "radio", name="3", exact=True
    ).check()
    if unsafe_now:
        page.get_by_label("Right now I don't feel safe").check()
    if at_home:
        page.get_by_label("I don't feel safe at home").check()
    if self_harm:
        page.locator("details.questionnaire summary").first.click()
        for item in range(1, 10):
            value = "1" if item == 9 else "0"
            page.locator(f'input[name="phq9_{item}"][value="{value}"]').check()
    page.get_by_role("button", name="Save my check-in").click()
    page.wait_for_url(re.compile(r"/checkins/(#crisis-now)?$"))
    check_accessibility(page)


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_not_safe_right_now_alerts_the_partner_who_says_they_saw_it(new_page, live_server):
    sam, alex = couple_on_phones(new_page, "now", unsafe_now=True)
    check_in(sam, unsafe_now=True)
    card = sam.locator("#crisis-now")
    in_first_screen(sam, card.get_by_role("heading", name="You said you don't feel safe right now"))
    assert "urgent notice was placed at the top of every page Alex opens" in card.inner_text()
    assert "Alex has not marked it as seen yet" in card.inner_text()
    assert "has been told" not in sam.content()
    assert card.locator('a[href="tel:988"]').count() >= 1
    shoot(sam, "crisis-card-not-safe-now-phone.png")

    for path in ("/home/", "/library/"):
        visit(alex, path)
        alert = alex.locator(".urgent-alert")
        in_first_screen(alex, alert.get_by_role("heading", name=re.compile("Sam may not be safe")))
        assert_help_in_first_screen(alex)
    visit(alex, "/home/")
    shoot(alex, "partner-alert-phone.png")
    alex.get_by_role("button", name="I've seen this").click()
    alex.wait_for_url("**/home/")
    check_accessibility(alex)
    assert alex.locator(".urgent-alert").count() == 0
    assert "Sam can now see that you saw it" in alex.content()

    visit(sam, "/checkins/")
    assert re.search(r"Alex saw it on \w+day at \d\d:\d\d", sam.locator("#crisis-now").inner_text())


def test_self_harm_thoughts_show_their_own_card_and_reveal_nothing_without_consent(
    new_page, live_server
):
    sam, alex = couple_on_phones(new_page, "harm", unsafe_now=True)
    check_in(sam, self_harm=True)
    card = sam.locator("#crisis-now")
    in_first_screen(
        sam, card.get_by_role("heading", name="You've had thoughts of death or of hurting yourself")
    )
    assert "prescriber or clinic" in card.inner_text()
    assert card.get_by_role("button", name="Tell Alex now").count() == 1
    shoot(sam, "crisis-card-self-harm-phone.png")
    assert not SafetyAlert.objects.exists()
    visit(alex, "/home/")
    assert alex.locator(".urgent-alert").count() == 0


def test_not_safe_at_home_never_reaches_the_partner(new_page, live_server):
    sam, alex = couple_on_phones(new_page, "home", unsafe_now=True, self_harm=True)
    check_in(sam, unsafe_now=True, at_home=True)
    card = sam.locator("#crisis-now")
    in_first_screen(sam, card.get_by_role("heading", name="You don't feel safe at home"))
    text = card.inner_text()
    assert "Only you can see this answer" in text
    assert "National Domestic Abuse Helpline" in text
    assert card.get_by_role("link", name="Leave this page quickly").count() == 1
    assert card.get_by_role("button", name=re.compile("^Tell Alex")).count() == 0
    shoot(sam, "crisis-card-not-safe-at-home-phone.png")
    assert not SafetyAlert.objects.exists()
    for path in ("/home/", "/checkins/", "/notices/"):
        visit(alex, path)
        assert alex.locator(".urgent-alert").count() == 0
        assert "at home" not in alex.locator("main").inner_text()


@pytest.mark.parametrize("path", ["/", "/library/", "/accounts/login/", "/no-such-page/"])
def test_get_help_now_is_in_the_first_screen_signed_out(new_page, live_server, path):
    page = new_page(**PHONE)
    page.goto(path)
    check_accessibility(page)
    assert_help_in_first_screen(page)
    no_js = new_page(**PHONE_NO_JS)
    no_js.goto(path)
    assert_help_in_first_screen(no_js)
    no_js.get_by_role("link", name="Get help now").click()
    in_first_screen(no_js, no_js.get_by_role("heading", name=re.compile("not safe right now")))


def test_get_help_now_is_in_the_first_screen_signed_in_without_javascript(new_page, live_server):
    _, sam, _ = make_couple(make_user("sam.nojs@example.com", name="Sam"), make_user(name="Alex"))
    page = new_page(**PHONE_NO_JS)
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(sam.email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/home/")
    for path in ("/home/", "/checkins/this-week/", "/boundaries/", "/treatment/", "/safety-plan/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert_help_in_first_screen(page)
