"""Issue 15, check-ins, boundaries and the log, on a 390x844 phone with axe on every page:
what changed between check-in versions, bars and lines whose colour means one thing (light,
dark and forced colours), the optional "taken as prescribed", whole sentences on the
boundaries list, retiring with a confirmation (JavaScript off too), and session days in a
calendar."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.boundaries.models import State
from journal.models import Boundary, Notice
from tests.browser.conftest import check_accessibility, visit
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_couple, make_user
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin, treatment_post
from tests.journal.treatment_factories import make_planned

PHONE = {"viewport": {"width": 390, "height": 844}}
LONG = (
    "If the dose changes, tell me the same day, even by text. I would rather hear it from "
    "you than notice it myself, because then I can plan the week around it with you."
)


@pytest.fixture
def people(transactional_db):
    return make_couple(make_user(name="Sam"), make_user(name="Alex"))


def _path(address):
    """The path of an absolute address (SITE_URL is not the live server's)."""
    return "/" + address.split("://", 1)[1].split("/", 1)[1]


def _signed_in(new_page, user, **context):
    page = new_page(**PHONE, **context)
    sign_in(page, email=user.email)
    page.wait_for_url("**/home/")
    return page


def _edited_checkin(partnership, sam):
    client = Client()
    client.force_login(sam)
    form = reverse("checkin_form")
    client.post(form, treatment_post(partnership, mood="4", anxiety="8"))
    client.post(form, treatment_post(partnership, version="1", mood="6", anxiety="5"))


def test_checkins_show_changes_and_colours_with_meaning(new_page, people):
    partnership, sam, alex = people
    _edited_checkin(partnership, sam)
    make_checkin(partnership, alex, stress=8, seemed_mood=6)
    page = _signed_in(new_page, sam)

    visit(page, "/checkins/")
    anxiety = page.locator(".answer", has_text="Anxiety").first
    assert "lower is better" in anxiety.inner_text()
    assert anxiety.locator(".scale-worse").count() == 1
    revisions = page.get_by_role("link", name="Earlier versions")
    revisions.click()
    page.wait_for_url("**/versions/")
    check_accessibility(page)
    changes = page.locator("dl.changes").first.inner_text()
    assert "Overall mood this week" in changes and "4 out of 10" in changes
    assert "6 out of 10" in changes
    visit(page, "/checkins/this-week/")
    assert "Alex sees your answer" in page.locator("#id_as_prescribed_helptext").inner_text()
    visit(page, "/checkins/trends/")
    legend = page.locator(".legend-item.series-worse-1").first.inner_text()
    assert "Anxiety" in legend and "lower is better" in legend

    # The same pages in dark mode and with forced colours: axe still finds nothing.
    for context in ({"color_scheme": "dark"}, {"forced_colors": "active"}):
        other = _signed_in(new_page, sam, **context)
        visit(other, "/checkins/")
        visit(other, "/checkins/trends/")


def test_boundaries_list_and_retiring_with_a_confirmation(new_page, people):
    _partnership, sam, alex = people
    long_one = make_boundary(sam, alex, State.AGREED, wording=LONG)
    make_boundary(sam, alex, State.AGREED, wording="Quiet evenings after a session.")
    page = _signed_in(new_page, sam)
    visit(page, "/boundaries/")
    text = page.locator("main").inner_text()
    assert "If the dose changes, tell me the same day, even by text. …" in text
    assert "Read all of it" in text
    # A revisit date sits on one line even on a phone.
    for box in page.locator(".bd-date").all():
        assert box.bounding_box()["height"] < 40

    page.goto(f"/boundaries/{long_one.public_id}/")
    page.locator("summary", has_text="Retire it").click()
    page.get_by_role("button", name="Retire it").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Retire this agreement?").is_visible()
    check_accessibility(page)
    assert Boundary.objects.get(pk=long_one.pk).state == State.AGREED
    page.get_by_role("link", name="No, keep it").click()
    assert Boundary.objects.get(pk=long_one.pk).state == State.AGREED

    # Without JavaScript: the same two steps, and Alex is told.
    plain = new_page(**PHONE, java_script_enabled=False)
    plain.goto("/accounts/login/")
    plain.get_by_label(re.compile(r"^Email")).fill(sam.email)
    plain.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    plain.get_by_role("button", name=re.compile("^Sign in$", re.IGNORECASE)).click()
    plain.wait_for_url("**/home/")
    plain.goto(f"/boundaries/{long_one.public_id}/")
    plain.locator("summary", has_text="Retire it").click()
    plain.get_by_role("button", name="Retire it").click()
    plain.get_by_role("button", name="Yes, retire it").click()
    plain.wait_for_url(f"**/boundaries/{long_one.public_id}/")
    assert Boundary.objects.get(pk=long_one.pk).state == State.RETIRED
    assert Notice.objects.filter(recipient=alex, message__contains="retired").exists()


def test_session_days_in_a_calendar(new_page, people):
    partnership, _sam, alex = people
    # Alex has said "I'll drive": only then does the calendar name the driver.
    entry = make_planned(partnership, driver_confirmed_by=alex, driver_confirmed_at=timezone.now())
    page = _signed_in(new_page, alex)
    visit(page, f"/treatment/{entry.public_id}/")
    download = page.get_by_role("link", name=re.compile("^Add to my calendar"))
    assert download.get_attribute("href").endswith("/calendar.ics")
    visit(page, "/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    page.wait_for_load_state()
    check_accessibility(page)
    address = page.get_by_role("textbox", name="Calendar address").input_value()
    feed = page.request.get(_path(address))
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "Session day: Alex driving" in feed.text()
    page.get_by_role("button", name="Turn it off").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert page.request.get(_path(address)).status == 404
