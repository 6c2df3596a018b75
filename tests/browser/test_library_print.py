""" "Who to call, when" is meant to be printed and kept: it must fit on one sheet, on A4 and
US Letter alike, with the numbers on it and none of the page around it."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import check_accessibility, visit

SLUG = "who-to-call-when"


def pages_in(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_who_to_call_prints_on_one_page(page, paper):
    call_command("load_library", verbosity=0)
    visit(page, f"/library/{SLUG}/")
    check_accessibility(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("heading", name="Talk about it").is_visible()
    assert page.get_by_text("116 123").first.is_visible()
    pdf = page.pdf(
        format=paper, margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}
    )
    assert pages_in(pdf) == 1


def test_the_page_counter_counts_pages():
    assert pages_in(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page >>") == 2
