"""A summary for the clinic (issue 18), in Chromium.

Sam (in treatment, twelve weeks of check-ins and a treatment log) makes a link with a spoken
code and asks Alex to include how Sam seemed to them; Alex agrees in the app. A clinician
opens it in a fresh browser on a phone, without an account: first the code, then the
summary. Printed, it fits on two A4 or Letter pages. Sam sees the opening, turns the link
off, and the clinician's next visit finds it off. axe runs on every page. The phone
screenshot for the README goes to docs/screenshots/.
"""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import make_couple, make_user
from tests.journal.checkin_factories import make_history
from tests.journal.treatment_factories import make_history as make_log

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
MARGINS = {"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}


def pages_in(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture
def people(transactional_db):
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    make_history(partnership, sam, alex, 12, include_current=True)
    make_log(partnership, 30)
    return partnership, sam, alex


def test_a_clinician_opens_the_summary_and_prints_it_on_two_pages(new_page, people):
    _, sam_user, alex_user = people
    sam = new_page(viewport=PHONE)
    sign_in(sam, email=sam_user.email)
    sam.wait_for_url("**/home/")

    sam.locator(".nav-menu > summary").click()  # on a phone, the journal's pages are in the Menu
    sam.get_by_role("navigation", name="Main").get_by_role("link", name="Clinic").click()
    sam.wait_for_url("**/clinic/")
    check_accessibility(sam)
    sam.get_by_role("link", name="Make a link for my clinic").click()
    sam.wait_for_url("**/clinic/new/")
    check_accessibility(sam)
    assert sam.get_by_label("Days the link works").input_value() == "14"
    sam.get_by_label("The last 12 weeks").check()  # the most it can cover
    sam.get_by_label("Include my private notes").check()
    sam.get_by_label("Ask Alex to include how I seemed to them").check()
    sam.get_by_label("A note for the clinic (optional)").fill("Sleep has been the hard part.")
    sam.get_by_role("button", name="Make the link").click()
    sam.wait_for_url(re.compile(r"/clinic/[0-9a-f-]{36}/$"))
    check_accessibility(sam)
    address = sam.get_by_label("Address of the summary").input_value()
    code = sam.locator("[data-code]").inner_text()
    assert "/for-clinic/" in address and re.fullmatch(r"\d{6}", code)
    detail_url = sam.url
    assert "Waiting for your partner; not shown" in sam.content()

    # Alex is asked in the app (no email), reads what would be shared, and agrees.
    alex = new_page(viewport=PHONE)
    sign_in(alex, email=alex_user.email)
    alex.wait_for_url("**/home/")
    visit(alex, "/clinic/")
    alex.get_by_role("link", name=re.compile(r"^Sam's summary for their clinic")).click()
    alex.wait_for_url("**/my-answers/")
    check_accessibility(alex)
    alex.get_by_role("button", name="Include my answers").click()
    alex.wait_for_url("**/my-answers/")
    check_accessibility(alex)
    assert "your answers are included" in alex.content()

    # The clinician: a fresh browser, no account, on a phone.
    clinic = new_page(viewport=PHONE)
    clinic.goto(address)
    check_accessibility(clinic)
    assert clinic.get_by_role("heading", name="Enter the code").is_visible()
    clinic.get_by_label(re.compile(r"^Code")).fill("000000" if code != "000000" else "222222")
    clinic.get_by_role("button", name="Show the summary").click()
    check_accessibility(clinic)
    assert "That code is not right. Check it with Sam." in clinic.content()
    assert "Nothing you typed has been lost" not in clinic.content()
    clinic.get_by_label(re.compile(r"^Code")).fill(code)
    clinic.get_by_role("button", name="Show the summary").click()
    clinic.get_by_role("heading", name="Sam: summary for the clinic").wait_for()
    check_accessibility(clinic)
    text = clinic.content()
    assert "Covers 12 weeks" in text and "not medical advice" in text
    assert "PHQ-9 question 9" in text
    assert "Sleep has been the hard part." in text
    assert "How Sam seemed to Alex" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clinic.screenshot(path=str(SCREENSHOTS / "clinic-summary-phone.png"))

    # On paper: the summary alone, on at most two pages of either size.
    clinic.set_viewport_size({"width": 1024, "height": 1400})
    clinic.emulate_media(media="print")
    assert not clinic.locator(".site-header").is_visible()
    assert not clinic.locator(".site-footer").is_visible()
    for paper in ("A4", "Letter"):
        pdf = clinic.pdf(format=paper, margin=MARGINS)
        assert 1 <= pages_in(pdf) <= 2, (paper, pages_in(pdf))
    clinic.emulate_media(media="screen")

    # Sam sees the opening, then turns the link off; the clinician's next visit finds it off.
    sam.goto(detail_url)
    check_accessibility(sam)
    assert re.search(r"Chrome on \w+", sam.locator(".clinic-openings").inner_text())
    assert "/for-clinic/" not in sam.content()  # the address was shown once
    sam.get_by_role("button", name="Turn this link off now").click()
    sam.wait_for_url(detail_url)
    check_accessibility(sam)
    assert "Nobody can open the summary with it now." in sam.content()

    response = clinic.goto(address)
    assert response.status == 410
    check_accessibility(clinic)
    assert "turned it off" in clinic.content()
