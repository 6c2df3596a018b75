"""The clinic summary printed at the maximum lengths people can write: still at most two
pages of A4 or Letter, with the long writing cut short on paper and whole on screen."""

import pytest
from django.utils import timezone

from journal.checkins.models import CheckIn
from journal.clinic import rules
from journal.clinic.summary import CONTINUES
from journal.models import TreatmentEntry
from partners.access import load_couple
from tests.browser.test_clinic_journey import MARGINS, pages_in
from tests.factories import make_couple, make_user
from tests.journal.checkin_factories import make_history
from tests.journal.treatment_factories import make_history as make_log

NOTE = ("Slept four hours again and the evenings are long. " * 100)[:5000]
TEXT = ("The dose went up on Tuesday and the next two days were hard. " * 40)[:2000]


@pytest.fixture
def longest(transactional_db):
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    make_history(partnership, sam, alex, 12, include_current=True)
    CheckIn.objects.filter(author=sam).update(
        private_note=NOTE,
        treatment_changes=TEXT,
        what_helped=TEXT,
        after_effects=["nausea", "other"],
        after_effects_other="x" * 200,
        unsafe_now=True,
        phq9=[3] * 9,
        phq9_total=27,
    )
    CheckIn.objects.filter(author=alex).update(seemed_notes=TEXT)
    make_log(partnership, 30)
    TreatmentEntry.objects.update(note=TEXT, place="p" * 200)
    made = rules.create_link(
        load_couple(sam),
        weeks=12,
        days=90,
        with_code=False,
        include_private_notes=True,
        note_for_clinic="n" * 1000,
        ask_partner=True,
    )
    rules.answer_request(made.link, accept=True, now=timezone.now())
    return made


def test_the_longest_summary_prints_on_two_pages_and_shows_every_word_on_screen(
    new_page, live_server, longest
):
    clinic = new_page(viewport={"width": 1024, "height": 1400})
    clinic.goto(live_server.url + rules.token_url(longest.token))
    clinic.get_by_role("heading", name="Sam: summary for the clinic").wait_for()
    assert NOTE.strip() in clinic.locator(".clinic-said").inner_text()

    clinic.emulate_media(media="print")
    printed = clinic.locator(".clinic-summary").inner_text()
    assert NOTE.strip() not in printed
    assert CONTINUES.strip() in printed
    assert "continue on screen" in printed
    for paper in ("A4", "Letter"):
        pdf = clinic.pdf(format=paper, margin=MARGINS)
        assert 1 <= pages_in(pdf) <= 2, (paper, pages_in(pdf))
