"""Installable, with help offline (journal/offline): the manifest, the service worker, the
offline page, the kept safety plan, and what signing out does to a device's caches.

The behaviour in a browser (the worker's caches, the network cut) is in
tests/browser/test_offline_journey.py; these pin the server's side of it.
"""

import json
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from journal.offline import rules
from journal.offline.views import WORKER_SOURCE
from partners import pairing
from partners.access import load_couple
from partners.middleware import IDLE_SINCE
from tests.factories import PASSWORD
from tests.journal.treatment_factories import make_plan

STATIC = Path(settings.BASE_DIR) / "static"
COPY = reverse("safety_plan_offline_copy")
KEEP = {"HTTP_X_ALONGSIDE_KEEP": "safety-plan"}
PLAN_TEXT = "Sleeping badly."


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


# --- The manifest ---------------------------------------------------------------------


def test_manifest_names_the_app_and_its_icons_on_this_site(client, db):
    response = client.get(reverse("web_manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Alongside" and manifest["short_name"] == "Alongside"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {}
    for icon in manifest["icons"]:
        # Same origin: a path on this site, never another host.
        assert icon["src"].startswith("/static/icons/") and "//" not in icon["src"]
        path = STATIC / icon["src"].split("/static/", 1)[1]
        width, height = png_size(path)
        assert icon["sizes"] == f"{width}x{height}"
        sizes.setdefault(icon["purpose"], set()).add(width)
    assert sizes == {"any": {192, 512}, "maskable": {512}}
    assert png_size(STATIC / "icons" / "apple-touch-icon.png") == (180, 180)


def test_every_page_links_the_manifest_and_the_apple_icon(client, db):
    page = client.get(reverse("landing")).content.decode()
    assert f'<link rel="manifest" href="{reverse("web_manifest")}">' in page
    assert 'rel="apple-touch-icon"' in page


def test_manifest_and_worker_answer_only_reads(client, db):
    for name in ("web_manifest", "service_worker", "offline"):
        assert client.post(reverse(name)).status_code == 405


# --- The service worker -----------------------------------------------------------------


def test_worker_is_served_from_the_root_as_javascript_and_never_cached(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    config = json.loads(re.match(r"const CONFIG = (\{.*\});\n", body).group(1))
    assert config["offlinePage"] == "/offline/"
    assert config["planPage"] == COPY
    assert set(config["shell"]) == {
        "/offline/",
        "/static/css/alongside.css",
        "/static/css/treatment.css",
        "/static/js/offline.js",
        "/static/icons/alongside.svg",
    }
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])


def test_worker_loads_nothing_from_anywhere_else():
    assert "importScripts" not in WORKER_SOURCE
    assert not re.search(r"https?://", WORKER_SOURCE)
    assert "eval(" not in WORKER_SOURCE


def test_worker_never_stores_a_no_store_response():
    storable = re.search(r"function storable\(response\) \{.*?\n\}", WORKER_SOURCE, re.S).group(0)
    assert "no-store" in storable
    # Every put into a cache goes through that check.
    assert WORKER_SOURCE.count("cache.put(") == 2
    assert WORKER_SOURCE.count("!storable(response)") == 2


# --- CSP: only worker-src and manifest-src added ---------------------------------------


def test_csp_allows_only_this_sites_worker_and_manifest(client, db):
    header = client.get(reverse("landing"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert directives["worker-src"] == "'self'"
    assert directives["manifest-src"] == "'self'"
    assert directives == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "form-action": "'self'",
        "manifest-src": "'self'",
        "worker-src": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }


# --- The offline page ----------------------------------------------------------------


def test_offline_page_has_every_crisis_line_to_tap(client, db):
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    page = response.content.decode()
    for line in settings.CRISIS_LINES:
        assert line["name"].replace("&", "&amp;") in page
        for action in line["actions"]:
            assert f'href="{action["href"]}"'.replace("&", "&amp;") in page
    assert "no-store" not in response.get("Cache-Control", "")


def test_offline_page_is_the_same_signed_in_and_never_says_signed_out(
    client, treatment_client, in_treatment
):
    anonymous = client.get(reverse("offline")).content.decode()
    signed_in = treatment_client.get(reverse("offline")).content.decode()
    assert signed_in == anonymous
    # ("Samaritans" is a crisis line; Sam's name is not on the page.)
    assert not re.search(rf"\b{in_treatment.name}\b", signed_in)
    assert in_treatment.email not in signed_in
    # Opened offline, it must not remove the kept plan (offline.js does so on signed-out pages).
    assert "data-signed-out" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous


# --- The kept plan -----------------------------------------------------------------------


def test_owner_gets_a_copy_to_keep_only_when_the_worker_asks(treatment_client, couple):
    make_plan(couple)
    kept = treatment_client.get(COPY, **KEEP)
    assert kept.status_code == 200
    assert kept["X-Alongside-Keep"] == "safety-plan"
    assert "no-store" not in kept["Cache-Control"] and "private" in kept["Cache-Control"]
    assert "X-Alongside-Keep" in kept["Vary"]
    page = kept.content.decode()
    assert PLAN_TEXT in page
    assert f"Saved on this device on {kept['X-Alongside-Saved-At']}" in page
    assert "csrfmiddlewaretoken" not in page and "data-signed-out" not in page

    opened = treatment_client.get(COPY)
    assert opened.status_code == 200
    assert "Saved on this device" not in opened.content.decode()
    assert "it is not saved anywhere" in opened.content.decode()
    assert "no-store" in opened["Cache-Control"]
    assert "X-Alongside-Keep" not in opened


def test_copy_says_when_it_was_saved_in_the_owners_time_zone(treatment_client, couple):
    make_plan(couple)
    owner = couple.members.get(role="in_treatment").user
    owner.time_zone = "Pacific/Auckland"
    owner.save()
    saved_at = treatment_client.get(COPY, **KEEP)["X-Alongside-Saved-At"]
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} at \d\d:\d\d \(Pacific/Auckland\)", saved_at)


def test_supporter_and_strangers_get_no_copy(supporting_client, client, couple, stranger):
    make_plan(couple)
    assert supporting_client.get(COPY, **KEEP).status_code == 404
    client.force_login(stranger)  # in treatment in their own couple, with no plan
    assert client.get(COPY, **KEEP).status_code == 404


def test_no_copy_without_a_saved_plan(treatment_client, couple):
    assert treatment_client.get(COPY, **KEEP).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, couple):
    make_plan(couple)
    response = client.get(COPY)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_worker_asking_signed_out_is_refused_in_so_many_words(client, couple):
    # A session ended elsewhere ("sign out other sessions", expiry): the worker's refresh must
    # get an answer it can tell from a captive portal's redirect or a 503, so it removes the copy.
    make_plan(couple)
    response = client.get(COPY, **KEEP)
    assert response.status_code == 403
    assert response["X-Alongside-Keep"] == "refused"
    assert "X-Alongside-Keep" in response["Vary"]


def test_every_refusal_says_refused(supporting_client, treatment_client, couple):
    make_plan(couple)
    assert supporting_client.get(COPY, **KEEP)["X-Alongside-Keep"] == "refused"
    in_treatment = couple.members.get(role="in_treatment").user
    pairing.end_partnership(load_couple(in_treatment))
    assert supporting_client.get(COPY, **KEEP)["X-Alongside-Keep"] == "refused"


def test_signed_out_answers_carry_a_marker_the_worker_reads(client, treatment_client, couple):
    assert client.get(reverse("landing"))["X-Alongside-Signed-Out"] == "1"
    assert client.get(reverse("offline"))["X-Alongside-Signed-Out"] == "1"
    assert "X-Alongside-Signed-Out" not in treatment_client.get(reverse("dashboard"))


def test_a_shared_device_keeps_no_plan(treatment_client, couple):
    make_plan(couple)
    session = treatment_client.session
    session[IDLE_SINCE] = session.get(IDLE_SINCE) or 1e12
    session.save()
    assert treatment_client.get(COPY, **KEEP).status_code == 403
    page = treatment_client.get(reverse("this_device")).content.decode()
    assert "shared or public device" in page
    assert "data-offline-keep" not in page


def test_the_owner_keeps_their_plan_after_the_space_closes(treatment_client, couple):
    make_plan(couple)
    in_treatment = couple.members.get(role="in_treatment").user
    pairing.end_partnership(load_couple(in_treatment))
    response = treatment_client.get(COPY, **KEEP)
    assert response.status_code == 200 and PLAN_TEXT in response.content.decode()


def test_the_former_supporter_gets_the_calm_page_and_nothing_to_keep(supporting_client, couple):
    make_plan(couple)
    in_treatment = couple.members.get(role="in_treatment").user
    pairing.end_partnership(load_couple(in_treatment))
    response = supporting_client.get(COPY, **KEEP)
    assert response.status_code == 200
    assert "This shared space closed on" in response.content.decode()
    assert PLAN_TEXT not in response.content.decode()
    assert response.get("X-Alongside-Keep") != "safety-plan"
    assert "no-store" in response["Cache-Control"]


# --- The settings page: what stays on the device --------------------------------------------


def test_this_device_page_says_what_stays_and_needs_javascript(treatment_client, couple):
    make_plan(couple)
    page = treatment_client.get(reverse("this_device")).content.decode()
    assert "Always: the crisis lines" in page
    assert "Nothing else is kept" in page
    # True even when the session ends without "Sign out" here (expiry, another device).
    assert "Anyone who can use this browser on this device while you are signed in" not in page
    assert "stays on this device until you sign out here, turn this off" in page
    assert "signing this device out from another device removes it" in page
    assert "Anyone who can open this browser can read it while it is here" in page
    # Without JavaScript: said plainly, and the buttons stay hidden.
    assert "needs JavaScript" in page
    assert re.search(r"<div data-offline-plan-controls hidden>", page)
    assert "Keep my safety plan on this device" in page


def test_supporter_is_told_the_plan_is_not_theirs_to_keep(supporting_client, couple):
    make_plan(couple)
    page = supporting_client.get(reverse("this_device")).content.decode()
    assert "only Sam can keep it" in page
    assert "data-offline-keep" not in page


def test_owners_plan_page_refreshes_the_copy_and_links_the_setting(
    treatment_client, supporting_client, couple
):
    make_plan(couple)
    assert (
        "data-refresh-offline-plan" in treatment_client.get(reverse("safety_plan")).content.decode()
    )
    assert (
        "data-refresh-offline-plan"
        not in supporting_client.get(reverse("safety_plan")).content.decode()
    )


# --- Signing out clears the device ------------------------------------------------------


def test_signing_out_clears_this_sites_caches_and_storage(treatment_client):
    response = treatment_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_session_ended_by_its_limit_clears_them_too(client, in_treatment):
    client.post(reverse("account_login"), {"login": in_treatment.email, "password": PASSWORD})
    session = client.session
    session["alongside_signed_in_at"] -= 13 * 3600
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signed_in_pages_do_not_clear_anything(treatment_client):
    assert "Clear-Site-Data" not in treatment_client.get(reverse("dashboard"))


@pytest.mark.parametrize("signed_in", [True, False])
def test_signed_out_pages_are_marked_for_the_script(client, in_treatment, signed_in):
    if signed_in:
        client.force_login(in_treatment)
    page = client.get(reverse("privacy")).content.decode()
    assert ("data-signed-out" in page) is not signed_in


def test_rules_name_the_same_cache_as_the_script():
    assert f'var PLAN_CACHE = "{rules.PLAN_CACHE}";' in (STATIC / "js" / "offline.js").read_text()


# --- Cost: flat, whatever the history ---------------------------------------------------


def test_query_counts_are_pinned(client, treatment_client, couple, django_assert_num_queries):
    make_plan(couple)
    treatment_client.get(COPY, **KEEP)  # the session is now in the cache
    for name in ("offline", "service_worker", "web_manifest"):
        with django_assert_num_queries(0):
            client.get(reverse(name))
    # The couple (with its members) and the plan; nothing grows with weeks of check-ins.
    with django_assert_num_queries(2):
        assert treatment_client.get(COPY, **KEEP).status_code == 200
    with django_assert_num_queries(2):
        assert treatment_client.get(reverse("this_device")).status_code == 200


# --- Review fixes: honest words, and targets a thumb can hit -----------------------------------


def test_signed_in_devices_page_says_a_device_may_still_hold_the_plan(treatment_client, couple):
    page = treatment_client.get(reverse("usersessions_list")).content.decode()
    assert "may still hold a kept copy of a safety plan until it is next online" in page


def test_hidden_always_hides_even_a_button():
    css = (STATIC / "css" / "alongside.css").read_text()
    assert "[hidden] { display: none !important; }" in css


def test_offline_lines_are_big_targets_and_web_links_say_they_need_a_connection(client, db):
    page = client.get(reverse("offline")).content.decode()
    lines = settings.CRISIS_LINES
    for line in lines:
        for action in line["actions"]:
            href = action["href"].replace("&", "&amp;")
            assert f'<li><a class="button button-secondary dial" href="{href}">' in page, href
        if line.get("url"):
            assert f"{line['url_display']}</a> (needs a connection)" in page
    # Calls and texts come before any web address.
    assert page.index('href="tel:') < page.index('href="https://')


def test_kept_copy_says_when_the_plan_last_changed_with_the_time(treatment_client, couple):
    make_plan(couple)
    owner = couple.members.get(role="in_treatment").user
    owner.time_zone = "Pacific/Auckland"
    owner.save()
    page = treatment_client.get(COPY, **KEEP).content.decode()
    assert re.search(
        r"The plan was last changed on \d{1,2} \w+ \d{4} at \d\d:\d\d \(Pacific/Auckland\)", page
    )


def test_worker_removes_a_copy_only_on_alongsides_own_refusal():
    # A proxy's bare 404 during a deploy, a 503 or a captive portal must not delete the plan.
    refused = WORKER_SOURCE.split("function refused(response) {", 1)[1].split("\n}", 1)[0]
    assert "CONFIG.refusedValue" in refused and "CONFIG.signedOutHeader" in refused
    assert "status" not in refused


def test_the_plan_does_not_offer_to_keep_itself_on_a_shared_device(treatment_client, couple):
    """A reviewer signed in on a "shared device" was still offered "Keep your plan on this
    device", which that page then refuses."""
    make_plan(couple)
    assert (
        "Keep your plan on this device"
        in treatment_client.get(reverse("safety_plan")).content.decode()
    )
    session = treatment_client.session
    session[IDLE_SINCE] = session.get(IDLE_SINCE) or 1e12
    session.save()
    page = treatment_client.get(reverse("safety_plan")).content.decode()
    assert "Keep your plan on this device" not in page
    assert "shared or public device" in page
