"""The first ten minutes of both partners, on a 390x844 phone, axe on every page.

Sam signs up (the time zone comes from the phone), starts a partnership, emails and copies
the invitation link; Alex opens it, finds their address already filled in, signs up and
joins; Sam is told in the app and by email.
"""

import re

from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import last_link_to
from tests.factories import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def confirm_from_email(page, mailoutbox, email):
    link = last_link_to(mailoutbox, email, "/accounts/confirm-email/")
    page.goto(link.replace("http://testserver", ""))
    check_accessibility(page)
    assert "Confirm your email address" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Confirm my address").click()


def fill_sign_up(page, *, name, email=None):
    check_accessibility(page)
    page.get_by_label("Your first name or a nickname").fill(name)
    if email:
        page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password \(required\)")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)


def test_the_first_ten_minutes_of_both_partners(new_page, mailoutbox):
    sam = new_page(timezone_id="Europe/Dublin", **PHONE)
    sam.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # Sam signs up; the time zone is already the phone's own.
    visit(sam, "/accounts/signup/")
    assert sam.get_by_role("heading", level=1).inner_text() == "Create your account"
    zone = sam.get_by_label(re.compile(r"^Your time zone"))
    assert zone.input_value() == "Europe/Dublin"
    assert "Set from this device's clock" in sam.content()
    # A mistake shows what to re-type, and keeps the rest.
    fill_sign_up(sam, name="Sam", email="sam@example.com")
    sam.get_by_label(re.compile(r"^Password \(again\)")).fill("not the same passphrase")
    sam.get_by_role("button", name="Create account").click()
    check_accessibility(sam)
    assert "type your password again" in sam.content()
    assert "Nothing you typed has been lost" not in sam.content()
    assert sam.get_by_label(re.compile(r"^Email")).input_value() == "sam@example.com"
    assert zone.input_value() == "Europe/Dublin"
    fill_sign_up(sam, name="Sam")
    sam.get_by_role("button", name="Create account").click()
    sam.wait_for_url("**/accounts/confirm-email/")
    check_accessibility(sam)
    confirm_from_email(sam, mailoutbox, "sam@example.com")
    sam.wait_for_url("**/home/")
    check_accessibility(sam)

    # Start, make a link, email it to Alex, and copy it.
    sam.get_by_role("link", name="Start a partnership").click()
    check_accessibility(sam)
    sam.get_by_label("Partner in treatment").check()
    sam.get_by_role("button", name="Start and get the link").click()
    sam.wait_for_url("**/partnership/invite/")
    check_accessibility(sam)
    sam.get_by_label("Your partner's email address").fill("alex@example.com")
    sam.get_by_role("button", name="Email the link").click()
    sam.wait_for_url("**/partnership/invite/")
    check_accessibility(sam)
    link = sam.get_by_label("Copy this link and send it to your partner").input_value()
    sam.get_by_role("button", name="Copy link").click()
    status = sam.locator("#copy-status")
    status.filter(has_text="Copied").wait_for()
    assert sam.evaluate("navigator.clipboard.readText()") == link
    check_accessibility(sam)

    # Alex opens the emailed link on their own phone.
    alex = new_page(timezone_id="America/Chicago", **PHONE)
    emailed = last_link_to(mailoutbox, "alex@example.com", "/invite/")
    # The emailed link is the copied one plus proof of the address it went to.
    assert emailed.split("?")[0].endswith(link.split("/invite/")[1])
    visit(alex, "/invite/" + emailed.split("/invite/")[1])
    assert "Someone invited you" in alex.content()
    alex.get_by_role("link", name="Create an account").click()
    alex.wait_for_url("**/accounts/signup/**")
    assert "You opened an invitation" in alex.content()
    assert alex.get_by_label(re.compile(r"^Email")).input_value() == "alex@example.com"
    assert alex.get_by_label(re.compile(r"^Your time zone")).input_value() == "America/Chicago"
    fill_sign_up(alex, name="Alex")
    alex.get_by_role("button", name="Create account").click()
    alex.wait_for_url("**/accounts/confirm-email/")
    check_accessibility(alex)
    confirm_from_email(alex, mailoutbox, "alex@example.com")
    alex.wait_for_url("**/invite/**")
    check_accessibility(alex)
    alex.get_by_label("I understand").check()
    alex.get_by_role("button", name="Accept and join").click()
    alex.wait_for_url("**/home/")
    check_accessibility(alex)

    # Alex is elsewhere: the shared settings keep Sam's zone and offer Alex's own.
    visit(alex, "/partnership/settings/")
    shared_zone = alex.get_by_label(re.compile(r"^Our time zone"))
    saved = shared_zone.input_value()
    assert saved != "America/Chicago"
    alex.get_by_role("button", name=re.compile("Use this device's time zone")).click()
    assert shared_zone.input_value() == "America/Chicago"
    check_accessibility(alex)

    # Sam hears: a notice in the app, and an email that says only that.
    visit(sam, "/notices/")
    assert "Alex joined" in sam.content()
    joined = [m for m in mailoutbox if m.to == ["sam@example.com"] and "joined" in m.subject]
    assert len(joined) == 1
    visit(sam, "/home/")
    assert "Alex" in sam.get_by_role("region", name="Your shared space").inner_text()

    # The security log says what happened, once each.
    visit(sam, "/account/security-log/")
    log = sam.locator("main").inner_text()
    assert "Email address confirmed" in log
    assert "Email address changed" not in log
