"""A questionnaire answered this week comes back folded (issue 16), in Chromium: "Change my
answers" (a plain link, no script) opens it with the answers checked, a save with it folded
keeps them, and axe passes on a phone in dark mode in both states."""

import re

from journal.models import CheckIn
from tests.browser.conftest import check_accessibility, visit
from tests.browser.test_checkin_journey import couple_in_chromium, scale


def test_a_folded_questionnaire_opens_and_keeps_its_answers(new_page, live_server):
    _, sam, _ = couple_in_chromium(
        new_page,
        viewport={"width": 375, "height": 740},
        color_scheme="dark",
    )
    visit(sam, "/checkins/this-week/?questionnaires=show")
    sam.get_by_text("Patient Health Questionnaire (PHQ-9)").click()
    scale(sam, "Overall mood this week", 6)
    for number in range(1, 10):
        # Item 9 (thoughts of self-harm) "Not at all": this journey is not the crisis one.
        answer = "Several days" if number < 9 else "Not at all"
        sam.get_by_role("group", name=re.compile(f"^{number}\\. ")).first.get_by_label(
            answer
        ).check()
    sam.get_by_role("button", name="Save my check-in").click()
    sam.wait_for_url("**/checkins/")

    visit(sam, "/checkins/this-week/")
    folded = sam.locator("#phq9")
    assert "Answered on" in folded.inner_text()
    assert sam.locator('input[name="phq9_1"]').count() == 0
    check_accessibility(sam)

    # Saving with it folded keeps the answers.
    sam.get_by_label("What helped").fill("Tea in the garden")
    sam.get_by_role("button", name="Save changes").click()
    sam.wait_for_url("**/checkins/")
    assert CheckIn.objects.get().phq9 == [1] * 8 + [0]

    visit(sam, "/checkins/this-week/")
    sam.locator("#phq9").get_by_role("link", name="Change my answers").click()
    sam.wait_for_url("**/checkins/this-week/?change=phq9#phq9")
    first = sam.get_by_role("group", name=re.compile(r"^1\. Little interest"))
    assert first.get_by_label("Several days").is_checked()
    check_accessibility(sam)
