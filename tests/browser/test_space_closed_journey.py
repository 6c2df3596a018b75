"""Chromium journey (issue 12): Sam writes her safety plan and checks in; Alex ends the
shared space. Sam's plan and history are still there, still hers to change, and every page
says what happened; Alex sees the same calm words and nothing of Sam's. axe on every page.
"""

import re

import pytest

from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_couple, make_user
from tests.journal.checkin_factories import make_checkin


@pytest.fixture
def people(transactional_db):
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    make_checkin(partnership, sam, what_helped="Walking by the river", unsafe_now=True)
    return partnership, sam, alex


def signed_in(new_page, user):
    page = new_page()
    sign_in(page, email=user.email)
    page.wait_for_url("**/home/")
    check_accessibility(page)
    return page


def test_plan_and_history_outlive_the_shared_space(new_page, people, mailoutbox):
    _partnership, sam_user, alex_user = people
    sam = signed_in(new_page, sam_user)
    visit(sam, "/safety-plan/")
    sam.get_by_role("link", name="Write the plan").click()
    sam.wait_for_url("**/safety-plan/edit/")
    sam.get_by_label(re.compile(r"^My warning signs")).fill("Sleeping badly.")
    sam.get_by_role("button", name="Save the plan").click()
    sam.wait_for_url("**/safety-plan/")

    alex = signed_in(new_page, alex_user)
    visit(alex, "/partnership/end/")  # allauth asks for the password first
    alex.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    alex.get_by_role("button", name="Continue").click()
    alex.wait_for_url("**/partnership/end/")
    check_accessibility(alex)
    assert "including answers you have already read" in alex.content()
    alex.get_by_label("I understand").check()
    alex.get_by_role("button", name="End the partnership").click()
    alex.wait_for_url("**/home/")
    check_accessibility(alex)
    assert "This shared space closed on" in alex.content()
    assert [message.to for message in mailoutbox] == [[sam_user.email]]

    # Sam, a moment later: home says what happened and keeps the plan at hand.
    visit(sam, "/home/")
    assert "This shared space closed on" in sam.content()
    sam.get_by_role("link", name="safety plan").first.click()
    sam.wait_for_url("**/safety-plan/")
    check_accessibility(sam)
    assert "Sleeping badly." in sam.content()
    sam.get_by_role("link", name="Edit the plan").click()
    sam.wait_for_url("**/safety-plan/edit/")
    check_accessibility(sam)
    sam.get_by_label(re.compile(r"^Things I can do on my own")).fill("Call my sister.")
    sam.get_by_role("button", name="Save the plan").click()
    sam.wait_for_url("**/safety-plan/")
    assert "Call my sister." in sam.content()

    visit(sam, "/checkins/")
    assert "This shared space closed on" in sam.content()
    sam.get_by_role("link", name="my history").first.click()
    sam.wait_for_url("**/my-history/")
    check_accessibility(sam)
    sam.get_by_role("link", name=re.compile(r"^Week of")).first.click()
    sam.wait_for_url("**/my-history/checkins/**")
    check_accessibility(sam)
    assert "Walking by the river" in sam.content()

    # Alex keeps nothing of Sam's.
    visit(alex, "/safety-plan/")
    assert "Sleeping badly." not in alex.content()
    visit(alex, "/my-history/")
    assert "Walking by the river" not in alex.content()
