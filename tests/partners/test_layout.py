"""The layout every page gets (templates/base.html): its navigation, sign-out form and crisis
footer, pinned word for word.

Parts of the layout are worked out once per process (partners/layout.py) instead of on every
request. These tests render an empty page through the whole stack (middleware, context
processors, base.html) for each kind of visitor and compare it with what the layout rendered
before any of it was precomputed (tests/partners/layout/*.html, whitespace aside), and check
each link against the URLs and helplines themselves, so nothing can silently go missing.
"""

import html
import os
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import TemplateSyntaxError, engines
from django.urls import path, reverse, set_script_prefix

from config.helplines import normalise
from config.urls import urlpatterns as project_urlpatterns
from journal.models import Notice
from partners import pairing
from partners.access import current_couple
from partners.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "layout"
EMPTY_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block head_title %}Layout{% endblock %}'
    "{% block content %}<h1>Layout</h1>{% endblock %}"
)


def empty_page(request):
    """base.html with nothing in it, as the bench's signed-in floor renders it."""
    current_couple(request)
    return HttpResponse(EMPTY_PAGE.render({}, request))


urlpatterns = [path("layout-test/", empty_page), *project_urlpatterns]


@pytest.fixture(autouse=True)
def _layout_urls(settings):
    settings.ROOT_URLCONF = __name__


def normalised(text):
    """Whitespace between tags and runs of it inside text do not count; the CSRF token is
    different on every request."""
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+"', r'\1CSRF"', text)
    text = re.sub(r">\s+<", "><", text)
    return re.sub(r"\s+", " ", text).strip()


def page(client):
    response = client.get("/layout-test/")
    assert response.status_code == 200
    return response.content.decode()


def part(text, start, end):
    [found] = re.findall(re.escape(start) + r".*?" + re.escape(end), text, re.DOTALL)
    return found


def nav_links(text):
    """(href, words) of every link in the header's two renderings of the navigation."""
    header = part(text, '<header class="site-header">', "</header>")
    menu = part(header, '<details class="nav-menu">', "</details>")
    wide = part(header, '<nav class="nav-wide" aria-label="Main">', "</nav>")
    links = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
    return [[(href, normalised(words)) for href, words in links.findall(n)] for n in (menu, wide)]


def sign_out_forms(text):
    header = part(text, '<header class="site-header">', "</header>")
    return re.findall(
        r'<form method="post" action="([^"]*)" class="inline-form">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">\s*'
        r'<button type="submit" class="link-button">Sign out</button>\s*</form>',
        header,
    )


def footer(text):
    return part(text, '<footer class="site-footer">', "</footer>")


def assert_snapshot(text, name):
    snapshot = SNAPSHOTS / f"{name}.html"
    if os.environ.get("WRITE_LAYOUT_SNAPSHOTS"):  # only ever from the layout as it was
        snapshot.write_text(text)
    assert normalised(text) == normalised(snapshot.read_text())


def journal_links(unread=0):
    count = (
        f' <span class="nav-count">{unread}<span class="visually-hidden"> new</span></span>'
        if unread
        else ""
    )
    return [
        (reverse("notice_list"), f"Notices{count}"),
        (reverse("checkin_week"), "Check-in"),
        (reverse("boundary_list"), "Boundaries"),
        (reverse("treatment_log"), "Treatment log"),
        (reverse("safety_plan"), "Safety plan"),
        (reverse("clinic_links"), "Clinic"),
    ]


def signed_in_links(journal):
    return [
        (reverse("dashboard"), "Home"),
        *journal,
        (reverse("library_home"), "Library"),
        (reverse("account_profile"), "Account"),
    ]


def assert_crisis_footer(text, lines):
    """Every helpline with its tap-to-call links and its address, in the footer."""
    shown = normalised(footer(text))
    assert "If you or your partner are not safe right now" in shown
    assert "Alongside is not a crisis service." in shown
    for line in lines:
        assert (
            normalised(
                f"<li><strong>{html.escape(line['region'])}:</strong> {html.escape(line['name'])}"
            )
            in shown
        )
        for action in line["actions"]:
            link = f'<a class="dial" href="{html.escape(action["href"])}">'
            assert f"{link}{html.escape(action['label'])}</a>" in shown
        if line["url"]:
            assert f'<a href="{html.escape(line["url"])}" rel="noopener noreferrer">' in shown
    assert shown.count('class="dial"') == sum(len(line["actions"]) for line in lines)
    assert f'<a href="{reverse("privacy")}">How privacy works</a>' in shown


def test_partner_in_treatment_sees_the_journal_and_their_own_safety_plan(
    treatment_client, settings
):
    text = page(treatment_client)

    expected = signed_in_links(journal_links())
    assert nav_links(text) == [expected, expected]
    assert sign_out_forms(text) == [reverse("account_logout")] * 2
    assert_crisis_footer(text, settings.CRISIS_LINES)
    plan = f'<p class="crisis-plan"><a href="{reverse("safety_plan")}">Your safety plan</a>'
    assert plan in text
    assert '<meta name="robots" content="noindex">' in text
    assert_snapshot(text, "in_treatment")


def test_supporting_partner_sees_their_unread_notices_and_their_partners_safety_plan(
    supporting_client, couple, supporting, settings
):
    for _ in range(2):
        Notice.objects.create(
            partnership=couple, recipient=supporting, message="Changed", link="/home/"
        )

    text = page(supporting_client)

    expected = signed_in_links(journal_links(unread=2))
    assert nav_links(text) == [expected, expected]
    summary = part(text, "<summary>", "</summary>")
    assert normalised(summary) == normalised(
        '<summary>Menu <span class="nav-count">2<span class="visually-hidden"> new notices'
        "</span></span></summary>"
    )
    plan = f'<p class="crisis-plan"><a href="{reverse("safety_plan")}">Sam\'s safety plan</a>'
    assert plan in text
    assert_crisis_footer(text, settings.CRISIS_LINES)
    assert_snapshot(text, "supporting_with_notices")


def test_a_person_without_a_partner_yet_sees_no_journal(client, settings):
    inviter = make_user(name="Dana")
    pairing.start_partnership(inviter, Role.IN_TREATMENT)
    loner = make_user(name="Jo")
    for person in (inviter, loner):
        client.force_login(person)
        text = page(client)

        expected = signed_in_links([])
        assert nav_links(text) == [expected, expected]
        assert sign_out_forms(text) == [reverse("account_logout")] * 2
        assert "crisis-plan" not in text
        assert_crisis_footer(text, settings.CRISIS_LINES)
        assert_snapshot(text, "single")


def test_a_visitor_sees_sign_in_and_no_sign_out(client, settings):
    text = page(client)

    expected = [
        (reverse("library_home"), "Library"),
        (reverse("account_login"), "Sign in"),
        (reverse("account_signup"), "Create account"),
    ]
    assert nav_links(text) == [expected, expected]
    assert sign_out_forms(text) == []
    assert "Sign out" not in text
    assert "crisis-plan" not in text
    assert "data-signed-out" in text
    assert 'name="robots"' not in text
    assert_crisis_footer(text, settings.CRISIS_LINES)
    assert_snapshot(text, "visitor")


def test_the_footer_follows_the_crisis_lines_setting(treatment_client, settings):
    page(treatment_client)  # whatever a process worked out before the setting changed
    settings.CRISIS_LINES = normalise(
        [{"region": "Testland", "name": "Help & Line", "call": "123 456", "text": "789"}],
        "CRISIS_LINES",
    )

    text = page(treatment_client)

    assert_crisis_footer(text, settings.CRISIS_LINES)
    assert "Samaritans" not in text
    assert '<a class="dial" href="tel:123456">Call 123 456</a>' in text
    assert "Help &amp; Line" in text


def test_the_layout_follows_the_static_url(client, settings):
    page(client)
    settings.STATIC_URL = "/assets/"

    text = page(client)

    assert '<link rel="stylesheet" href="/assets/css/alongside.css">' in text
    assert "/static/" not in text


@pytest.mark.parametrize("prefix", ["/alongside/", "/"])
def test_links_keep_the_address_the_site_is_served_under(client, prefix, settings):
    """Mounted under a path (the WSGI server's SCRIPT_NAME), every link keeps it."""
    # Django's static storage takes a relative STATIC_URL's prefix once, when first used;
    # an absolute one keeps this test from leaving "/alongside/static/" to the next.
    settings.STATIC_URL = "/static/"
    set_script_prefix(prefix)
    try:
        text = page(client)
    finally:
        set_script_prefix("/")

    hrefs = [href for menu in nav_links(text) for href, _ in menu]
    assert hrefs and all(href.startswith(prefix) for href in hrefs)
    assert f'<a href="{prefix}privacy/">How privacy works</a>' in text


def test_remembered_filter_gives_each_text_its_own_output():
    remembered = engines["django"].from_string(
        "{% load layout %}{% remembered_filter striptags|truncatechars:12 %}{{ text }}"
        "{% endremembered_filter %}"
    )
    plain = engines["django"].from_string(
        "{% filter striptags|truncatechars:12 %}{{ text }}{% endfilter %}"
    )
    texts = ["<b>Short</b>", "A much longer <i>description</i>", "Short", "<b>Short</b>"]
    for text in texts * 2:
        assert remembered.render({"text": text}) == plain.render({"text": text})


def test_remembered_filter_refuses_arguments_that_change_per_page():
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(
            "{% load layout %}{% remembered_filter truncatechars:length %}x"
            "{% endremembered_filter %}"
        )


def test_addresses_remembered_stay_few(client, settings):
    """The prefix comes from the WSGI environ; however many a server passes, the layout
    keeps URLs for a few at a time and still links each page under its own."""
    from partners.templatetags import layout

    settings.STATIC_URL = "/static/"  # as above: no prefixed static URL left behind

    for n in range(3 * layout.MOST_ADDRESSES):
        set_script_prefix(f"/mount{n}/")
        try:
            text = page(client)
        finally:
            set_script_prefix("/")
        assert f'<a href="/mount{n}/privacy/">How privacy works</a>' in text
        assert len(layout._urls) <= layout.MOST_ADDRESSES


def test_an_edited_partial_is_rendered_again_under_runserver(client):
    """runserver reloads templates without restarting when one is edited: the helplines
    rendered once must be rendered again, or an edit would not show until a restart."""
    from django.utils.autoreload import file_changed

    from partners.templatetags import layout

    page(client)
    assert layout._helplines

    file_changed.send(sender=None, file_path=SNAPSHOTS.parent / "helplines.html")

    assert not layout._helplines and not layout._urls
