"""Steps that several journeys share: signing up through allauth, reading mail."""

import re

from tests.browser.conftest import check_accessibility
from tests.factories import PASSWORD

LINK = re.compile(r"https?://[^\s]+")


def last_link_to(mailoutbox, email, contains):
    for message in reversed(mailoutbox):
        if email in message.to:
            for link in LINK.findall(message.body):
                if contains in link:
                    return link
    raise AssertionError(f"no email to {email} with a link containing {contains!r}")


def sign_up(page, mailoutbox, *, email, name, start="/accounts/signup/"):
    """Sign up in the browser and confirm the address from the email, as a person would."""
    page.goto(start)
    check_accessibility(page)
    page.get_by_label("Your first name or a nickname").fill(name)
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password \(required\)")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    check_accessibility(page)
    link = last_link_to(mailoutbox, email, "/accounts/confirm-email/")
    page.goto(link.replace("http://testserver", ""))
    check_accessibility(page)
    page.get_by_role("button", name="Confirm my address").click()


def sign_in(page, *, email, password=PASSWORD):
    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
