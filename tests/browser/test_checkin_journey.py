"""Both partners check in for a week in Chromium: the first waits, then both read both, and
the chart shows the week. axe runs on every page on the way."""

import re

from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import make_couple, make_user


def couple_in_chromium(new_page, **page_args):
    partnership, sam, alex = make_couple(
        make_user("sam@example.com", name="Sam", time_zone="Europe/London"),
        make_user("alex@example.com", name="Alex", time_zone="Europe/London"),
        time_zone="Europe/London",
    )
    sam_page, alex_page = new_page(**page_args), new_page(**page_args)
    sign_in(sam_page, email=sam.email)
    sam_page.wait_for_url("**/home/")
    sign_in(alex_page, email=alex.email)
    alex_page.wait_for_url("**/home/")
    return partnership, sam_page, alex_page


def scale(page, question, value):
    page.get_by_role("group", name=re.compile(f"^{question}")).get_by_role(
        "radio", name=str(value), exact=True
    ).check()


def test_both_partners_check_in_and_read_each_other(new_page, live_server):
    _, sam, alex = couple_in_chromium(new_page)

    # Sam checks in first, from the dashboard.
    visit(sam, "/home/")
    panel = sam.get_by_role("region", name="This week's check-in")
    assert "Neither of you has checked in yet" in panel.inner_text()
    panel.get_by_role("link", name="Check in now").click()
    sam.wait_for_url("**/checkins/this-week/")
    check_accessibility(sam)
    scale(sam, "Overall mood this week", 6)
    scale(sam, "Anxiety", 4)
    sam.get_by_label("Treatment sessions this week").fill("1")
    sam.get_by_label("Nausea").check()
    sam.get_by_label("What helped").fill("Walking by the river")
    sam.get_by_label(re.compile("^Private note")).fill("Only for me: the dream again")
    sam.get_by_role("button", name="Save my check-in").click()
    sam.wait_for_url("**/checkins/")
    check_accessibility(sam)
    assert "Waiting for your partner" in sam.content()
    assert "Walking by the river" in sam.content()

    # Alex sees that Sam is waiting, but none of Sam's answers.
    visit(alex, "/home/")
    assert "Sam has checked in and is waiting for you" in alex.content()
    visit(alex, "/checkins/")
    assert "Your partner is waiting for you" in alex.content()
    assert "Walking by the river" not in alex.content()
    alex.get_by_role("link", name="Check in now").click()
    alex.wait_for_url("**/checkins/this-week/")
    check_accessibility(alex)
    scale(alex, "Their mood, as it seemed to me", 5)
    scale(alex, "My own overall mood this week", 7)
    scale(alex, "My own stress", 6)
    alex.get_by_label("More open than usual").check()
    alex.get_by_label("Anything I am worried about").fill("The long drive to the clinic")
    alex.get_by_role("button", name="Save my check-in").click()
    alex.wait_for_url("**/checkins/")
    check_accessibility(alex)

    # Now both read both; Sam's private note stays Sam's.
    assert "You have both checked in" in alex.content()
    assert "Walking by the river" in alex.content()
    assert "the dream again" not in alex.content()
    visit(sam, "/checkins/")
    assert "The long drive to the clinic" in sam.content()
    assert "the dream again" in sam.content()

    # The chart shows the week, in the drawing, in words and in the table.
    visit(sam, "/checkins/trends/")
    chart = sam.get_by_role("img", name=re.compile("^Sam: mood, anxiety and sleep"))
    assert chart.locator("g.series use").count() == 2  # mood and anxiety, this week
    assert "Mood: 6 out of 10" in sam.content()
    assert (
        "Alex's own stress (lower is better): 6 out of 10" in sam.get_by_role("main").inner_text()
    )
    visit(alex, "/checkins/trends/")
    assert "Mood: 6 out of 10" in alex.content()

    for path in ("/checkins/history/", "/checkins/summary/"):
        visit(sam, path)
    assert "Walking by the river" in sam.content()
    visit(alex, "/checkins/history/")


def test_not_feeling_safe_shows_help_and_tells_the_partner_on_request(new_page, live_server):
    _, sam, alex = couple_in_chromium(new_page)
    visit(sam, "/checkins/this-week/")
    scale(sam, "Overall mood this week", 2)
    sam.get_by_label("Right now I don't feel safe").check()
    sam.get_by_role("button", name="Save my check-in").click()
    sam.wait_for_url("**/checkins/#crisis-now")
    check_accessibility(sam)
    help_box = sam.get_by_role("region", name="You don't have to get through this alone")
    assert "988" in help_box.inner_text()
    help_box.get_by_role("button", name="Tell Alex now").click()
    sam.wait_for_url("**/checkins/#crisis-now")
    # Was "Alex has been told": only true once Alex says they saw it (issue 10).
    assert "has been told" not in sam.content()
    assert "An urgent notice is now waiting for Alex" in sam.content()
    assert "Alex has not marked it as seen yet" in sam.content()

    visit(alex, "/checkins/")
    assert "Sam may not be safe right now" in alex.content()


def test_check_in_pages_pass_axe_on_a_phone_in_dark_mode(new_page, live_server):
    _, sam, _ = couple_in_chromium(
        new_page, viewport={"width": 375, "height": 740}, color_scheme="dark"
    )
    visit(sam, "/checkins/this-week/?questionnaires=show")
    sam.get_by_text("Patient Health Questionnaire (PHQ-9)").click()
    check_accessibility(sam)
    scale(sam, "Overall mood this week", 6)
    sam.get_by_role("button", name="Save my check-in").click()
    sam.wait_for_url("**/checkins/")
    check_accessibility(sam)
    for path in ("/checkins/trends/", "/checkins/history/", "/checkins/summary/"):
        visit(sam, path)
