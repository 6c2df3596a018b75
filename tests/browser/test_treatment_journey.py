"""Chromium journeys for the treatment log and the safety plan (issue 4).

Sam (in treatment) plans an infusion and asks Alex to drive; Alex confirms from the
dashboard. Sam logs a dose change; Alex sees the notice. Sam writes the safety plan,
Alex suggests an addition, Sam accepts it and prints the plan. axe runs on every page.
"""

import re
from datetime import timedelta

import pytest

from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import make_couple, make_user


@pytest.fixture
def people(transactional_db):
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    return partnership, sam, alex


def signed_in(new_page, user):
    page = new_page()
    sign_in(page, email=user.email)
    page.wait_for_url("**/home/")
    check_accessibility(page)
    return page


def test_planned_session_ride_and_dose_change(new_page, people):
    partnership, sam_user, alex_user = people
    day = partnership.today() + timedelta(days=5)
    sam = signed_in(new_page, sam_user)

    visit(sam, "/treatment/")
    sam.get_by_role("link", name="Log a session").click()
    sam.wait_for_url("**/treatment/new/session/")
    check_accessibility(sam)
    sam.get_by_label("IV ketamine infusion").check()
    sam.get_by_label("Planned").check()
    sam.get_by_label(re.compile(r"^Date")).fill(day.isoformat())
    sam.get_by_label("Time", exact=True).fill("10:00")
    sam.get_by_label(re.compile(r"^Where")).fill("Riverside Clinic")
    sam.get_by_label("Alex (I'm asking them)").check()
    sam.get_by_label("Pick-up time").fill("12:30")
    sam.get_by_label("After-care for the following days").fill("A quiet evening, soup.")
    sam.get_by_role("button", name="Save").click()
    sam.wait_for_url(re.compile(r"/treatment/[0-9a-f-]{36}/$"))
    check_accessibility(sam)
    assert "Waiting for Alex to confirm the ride" in sam.content()
    entry_url = sam.url

    # Every page of the log passes axe, including edit and the delete question.
    sam.get_by_role("link", name="Edit").click()
    sam.wait_for_url("**/edit/")
    check_accessibility(sam)
    visit(sam, entry_url + "delete/")

    alex = signed_in(new_page, alex_user)
    panel = alex.get_by_role("region", name="Treatment")
    assert "Sam asked you to drive" in panel.inner_text()
    assert "Riverside Clinic" in panel.inner_text()
    panel.get_by_role("button", name="I'll drive").click()
    alex.wait_for_url("**/home/")
    check_accessibility(alex)
    assert "Sam will see that you are driving" in alex.content()
    assert "You are driving" in alex.get_by_role("region", name="Treatment").inner_text()

    visit(sam, "/home/")
    assert "Alex will drive you on" in sam.get_by_role("region", name="New for you").inner_text()
    assert "Alex is driving" in sam.get_by_role("region", name="Treatment").inner_text()

    visit(sam, "/treatment/new/change/")
    sam.get_by_label("Dose change").check()
    sam.get_by_label(re.compile(r"^From which day")).fill(partnership.today().isoformat())
    sam.get_by_label(re.compile(r"^What changed, in a few words")).fill("Up from 56 mg to 84 mg.")
    sam.get_by_role("button", name="Save").click()
    sam.wait_for_url(re.compile(r"/treatment/[0-9a-f-]{36}/$"))
    check_accessibility(sam)

    visit(alex, "/home/")
    notices = alex.get_by_role("region", name="New for you")
    notices.get_by_role("button", name="Sam logged a dose change").click()
    alex.wait_for_url(re.compile(r"/treatment/[0-9a-f-]{36}/$"))
    check_accessibility(alex)
    assert "Up from 56 mg to 84 mg." in alex.content()
    assert alex.get_by_role("link", name="Edit").count() == 0

    # A date far in the past gets a clear message and keeps the rest. A 400 page logs a
    # console error by design, so this tab is not watched.
    tab = sam.context.new_page()
    tab.goto("/treatment/new/change/")
    tab.get_by_label("Schedule change").check()
    tab.get_by_label(re.compile(r"^From which day")).fill("1900-01-01")
    tab.get_by_label(re.compile(r"^What changed, in a few words")).fill("Every other week now.")
    tab.get_by_role("button", name="Save").click()
    check_accessibility(tab)
    assert "more than 30 years ago" in tab.content()
    assert tab.get_by_label(re.compile(r"^What changed")).input_value() == "Every other week now."
    tab.close()

    visit(alex, "/treatment/")
    assert "Dose change" in alex.content() and "IV ketamine infusion" in alex.content()
    visit(alex, "/treatment/?kind=changes")
    assert "IV ketamine infusion" not in alex.get_by_role("main").inner_text().split("Show")[-1]


def test_fill_in_suggest_accept_and_print_the_safety_plan(new_page, people):
    _partnership, sam_user, alex_user = people
    sam = signed_in(new_page, sam_user)
    visit(sam, "/safety-plan/")
    sam.get_by_role("link", name="Write the plan").click()
    sam.wait_for_url("**/safety-plan/edit/")
    check_accessibility(sam)
    assert "988" in sam.get_by_label(re.compile(r"^My clinicians and crisis lines")).input_value()
    sam.get_by_label(re.compile(r"^My warning signs")).fill("Sleeping badly.\nCancelling plans.")
    sam.get_by_label(re.compile(r"^Things I can do on my own")).fill("A long walk.")
    sam.get_by_label(re.compile(r"^People I can ask for help")).fill("Alex.")
    sam.get_by_role("button", name="Save the plan").click()
    sam.wait_for_url("**/safety-plan/")
    check_accessibility(sam)
    assert "Cancelling plans." in sam.content()
    sam.get_by_label(re.compile(r"^Alert Alex when I tick")).check()
    sam.get_by_role("button", name="Save these choices").click()
    sam.wait_for_url("**/safety-plan/")
    assert "You asked Alongside to alert Alex at once when you tick" in sam.content()

    alex = signed_in(new_page, alex_user)
    panel = alex.get_by_role("region", name="Safety plan").inner_text()
    assert "They chose to have you alerted for some answers in their check-in" in panel
    visit(alex, "/safety-plan/")
    assert "Sleeping badly." in alex.content()
    alex.get_by_role("link", name="Suggest an addition").first.click()
    alex.wait_for_url("**/safety-plan/suggest/")
    check_accessibility(alex)
    alex.get_by_label("People I can ask for help").check()
    alex.get_by_label(re.compile(r"^Your suggestion")).fill("Your sister Priya: 07700 900123")
    alex.get_by_role("button", name="Send the suggestion").click()
    alex.wait_for_url("**/safety-plan/")
    check_accessibility(alex)

    visit(sam, "/safety-plan/")
    suggestions = sam.get_by_role("region", name="Suggestions from Alex")
    assert "Your sister Priya" in suggestions.inner_text()
    suggestions.get_by_role("button", name="Add it to my plan").click()
    sam.wait_for_url("**/safety-plan/")
    check_accessibility(sam)
    part = sam.locator("#part-people_to_ask")
    assert "Alex." in part.inner_text() and "Your sister Priya" in part.inner_text()

    # Two tabs: the later save gets a conflict page that keeps what was typed. The 409
    # page logs a console error by design, so the stale tab is not watched.
    stale = sam.context.new_page()
    stale.goto("/safety-plan/edit/")
    visit(sam, "/safety-plan/edit/")
    sam.get_by_label(re.compile(r"^Making my surroundings safer")).fill("Alex keeps the pills.")
    sam.get_by_role("button", name="Save the plan").click()
    sam.wait_for_url("**/safety-plan/")
    stale.get_by_label(re.compile(r"^Making my surroundings safer")).fill("Typed in the old tab.")
    stale.get_by_role("button", name="Save the plan").click()
    check_accessibility(stale)
    assert "The plan changed while you were editing" in stale.content()
    field = stale.get_by_label(re.compile(r"^Making my surroundings safer"))
    assert field.input_value() == "Typed in the old tab."
    stale.get_by_role("button", name="Save mine instead").click()
    stale.wait_for_url("**/safety-plan/")
    assert "Typed in the old tab." in stale.content()
    stale.close()

    visit(sam, "/safety-plan/")
    sam.get_by_role("link", name="Printable version").click()
    sam.wait_for_url("**/safety-plan/print/")
    check_accessibility(sam)
    # The script reveals the Print button; without JavaScript the page explains Ctrl+P.
    assert sam.get_by_role("button", name="Print this page").is_visible()
    sam.emulate_media(media="print")
    assert not sam.locator(".site-header").is_visible()
    assert not sam.get_by_role("button", name="Print this page").is_visible()
    assert sam.get_by_role("heading", name="Safety plan of Sam").is_visible()
    assert "Your sister Priya" in sam.locator("#part-people_to_ask").inner_text()
    assert sam.locator(".crisis").is_visible()
    assert not sam.locator(".crisis-plan").is_visible()  # a link back to itself, on paper
    sam.emulate_media(media="screen")

    visit(alex, "/safety-plan/print/")
