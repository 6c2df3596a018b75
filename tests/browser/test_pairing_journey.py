"""Two people sign up in Chromium, pair by invitation link, and see each other."""

from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_up


def test_two_people_sign_up_pair_and_see_each_other(new_page, mailoutbox):
    sam = new_page()
    visit(sam, "/")
    sign_up(sam, mailoutbox, email="sam@example.com", name="Sam")
    sam.wait_for_url("**/home/")
    check_accessibility(sam)

    sam.get_by_role("link", name="Start a partnership").click()
    check_accessibility(sam)
    sam.get_by_label("Partner in treatment").check()
    sam.get_by_role("button", name="Start and get the link").click()
    sam.wait_for_url("**/partnership/invite/")
    check_accessibility(sam)
    link = sam.get_by_label("Copy this link and send it to your partner").input_value()
    assert "/invite/" in link

    # Alex opens the link before having an account; the link survives signing up.
    alex = new_page()
    visit(alex, link)
    # Signed out, a forwarded link says nothing about who is who.
    assert "Someone invited you" in alex.content()
    assert "supporting partner" not in alex.content()
    alex.get_by_role("link", name="Create an account").click()
    sign_up(alex, mailoutbox, email="alex@example.com", name="Alex", start=alex.url)
    alex.wait_for_url("**/invite/**")
    check_accessibility(alex)
    assert "supporting partner" in alex.content()
    alex.get_by_label("I understand").check()
    alex.get_by_role("button", name="Accept and join").click()
    alex.wait_for_url("**/home/")
    check_accessibility(alex)
    shared = alex.get_by_role("region", name="Your shared space")
    assert "Sam" in shared.inner_text()
    assert "Partner in treatment" in shared.inner_text()

    visit(sam, "/home/")
    shared = sam.get_by_role("region", name="Your shared space")
    assert "Alex" in shared.inner_text()
    assert "Supporting partner" in shared.inner_text()

    # The used link now explains itself to anyone who opens it again.
    third = new_page()
    visit(third, link)
    assert "already been used" in third.content()


def test_public_pages_pass_axe(page):
    for path in [
        "/",
        "/privacy/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/library/",
    ]:
        visit(page, path)
