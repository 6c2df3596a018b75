"""My data in Chromium: download everything after confirming the password, read the
security log, then delete the account; axe on every page."""

import json
import re
from pathlib import Path

from partners.models import User
from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_couple


def test_export_security_log_and_delete_account(new_page, transactional_db, mailoutbox):
    _, sam, alex = make_couple()
    page = new_page()
    sign_in(page, email=sam.email)
    page.wait_for_url("**/home/")

    visit(page, "/account/data/")
    page.get_by_role("button", name="Download my data (JSON)").click()
    # allauth asks for the password first, then carries out the download it interrupted.
    page.wait_for_url("**/accounts/reauthenticate/**")
    check_accessibility(page)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Continue").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["account"]["email"] == sam.email
    assert exported["partnerships"][0]["partner"] == alex.name

    visit(page, "/account/security-log/")
    log = page.get_by_role("table").inner_text()
    assert "Data exported" in log and "Signed in" in log

    visit(page, "/account/delete/")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"/$"))
    check_accessibility(page)
    assert "Your account and your personal data have been deleted" in page.content()
    assert not User.objects.filter(pk=sam.pk).exists()
    assert [message.to for message in mailoutbox] == [[alex.email]]
