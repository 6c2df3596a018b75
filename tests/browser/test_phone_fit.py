"""On a phone nothing is wider than the screen (the header's unread count included), and every
radio and checkbox row is a 44 px target for a thumb (Start a partnership, the check-in form,
proposing a boundary: the same choices as the counter-proposal)."""

import pytest

from journal.models import Notice
from tests.browser.test_phone_navigation import box, signed_in_page
from tests.factories import make_couple, make_user

MIN_TARGET = 44
HEADER_WIDTHS = """[...document.querySelectorAll('.header-inner > *')].map(
    (e) => [e.className, Math.round(e.getBoundingClientRect().width)])"""


def _couple(label, unread=12):
    partnership, sam, _alex = make_couple(
        make_user(f"sam.{label}@example.com", name="Sam", time_zone="Europe/London"),
        make_user(f"alex.{label}@example.com", name="Alex", time_zone="Europe/London"),
        time_zone="Europe/London",
    )
    for number in range(unread):
        Notice.objects.create(
            partnership=partnership,
            recipient=sam,
            kind=Notice.Kind.BOUNDARY,
            message=f"Alex proposed boundary {number}",
            link="/boundaries/",
        )
    return sam


@pytest.mark.parametrize("width", [390, 360])
def test_the_header_with_an_unread_count_fits_the_phone(
    new_page, live_server, transactional_db, width
):
    sam = _couple(f"w{width}")
    page = signed_in_page(new_page, live_server, sam, viewport={"width": width, "height": 844})
    for path in ("/home/", "/notices/", "/checkins/this-week/", "/boundaries/"):
        page.goto(path)
        assert "12" in page.locator(".nav-menu > summary").inner_text()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        widths = page.evaluate(HEADER_WIDTHS)
        assert scroll_width <= width, (path, scroll_width, widths)
        menu = box(page.locator(".nav-menu > summary"))
        assert menu["x"] + menu["width"] <= width, (path, menu)


def _rows(page, path):
    page.goto(path)
    labels = page.locator(".choices label, .field-checkbox label")
    heights = [
        box(labels.nth(i))["height"] for i in range(labels.count()) if labels.nth(i).is_visible()
    ]
    assert heights, f"no radio or checkbox on {path}"
    return heights


def test_every_radio_and_checkbox_row_is_a_thumb_sized_target(
    new_page, live_server, transactional_db
):
    loner = make_user("loner.fit@example.com", name="Lou")
    page = signed_in_page(new_page, live_server, loner, viewport={"width": 390, "height": 844})
    heights = {"start": _rows(page, "/partnership/start/")}

    sam = _couple("targets", unread=0)
    page = signed_in_page(new_page, live_server, sam, viewport={"width": 390, "height": 844})
    heights["checkin"] = _rows(page, "/checkins/this-week/")
    heights["boundary"] = _rows(page, "/boundaries/new/")
    page.goto("/checkins/this-week/")
    for name in ("Right now I don't feel safe", "I don't feel safe at home"):
        assert box(page.get_by_text(name, exact=True))["height"] >= MIN_TARGET, name
    short = {where: [h for h in found if h < MIN_TARGET] for where, found in heights.items()}
    assert short == {"start": [], "checkin": [], "boundary": []}, short


def test_a_word_longer_than_the_screen_wraps_instead_of_widening_the_page(
    new_page, live_server, transactional_db
):
    """Found by a reviewer: a 300-letter word a partner typed made home and the notices 950 px
    wide on a 390 px phone, and a boundary's page 8,000 px."""
    from tests.journal.boundary_factories import make_boundary

    sam = _couple("long-words", unread=0)
    alex = sam.memberships.get().partnership.members.get(role="supporting").user
    word = "W" * 300
    boundary = make_boundary(alex, sam, wording=word, why=f"Because {word}")
    Notice.objects.create(
        partnership=boundary.partnership,
        recipient=sam,
        kind=Notice.Kind.BOUNDARY,
        message=f"Alex proposed “{word[:150]}”",
        link="/boundaries/",
    )
    page = signed_in_page(new_page, live_server, sam, viewport={"width": 390, "height": 844})
    for path in ("/home/", "/notices/", "/boundaries/", f"/boundaries/{boundary.public_id}/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
