"""Review fixes for clinic links: no token in Referer or in the app's log, true words about
private notes and what the summary shows, a permanent cap on wrong codes, the fresh link in
the session, and a minimal layout for the clinician's pages."""

import logging

import pytest
from django.urls import reverse

from journal.clinic import rules
from journal.clinic.models import ClinicShareLink
from journal.models import Notice
from tests.journal.checkin_factories import make_checkin
from tests.journal.test_clinic_links import anonymous, make_link, post_new
from tests.journal.test_what_stays_mine import client_for
from tests.partners.conftest import reauthenticate

pytestmark = pytest.mark.django_db


def _wrong(code: str) -> str:
    return "2" * 6 if code != "2" * 6 else "3" * 6


# --- 1. Referrer ----------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["open", "code", "unknown", "revoked"])
def test_public_pages_say_no_referrer_in_the_html_too(in_treatment, state):
    made = make_link(in_treatment, with_code=state == "code")
    if state == "revoked":
        rules.revoke(made.link)
    url = rules.token_url(made.token) if state != "unknown" else "/for-clinic/nothing.here/"

    response = anonymous().get(url)
    page = response.content.decode()

    # The code page posts a form, so it sends its origin (never the path); the rest nothing.
    policy = "strict-origin" if state == "code" else "no-referrer"
    assert f'<meta name="referrer" content="{policy}">' in page
    assert response["Referrer-Policy"] == policy
    assert 'content="same-origin"' not in page


# --- 2. Logs --------------------------------------------------------------------------------


def test_the_token_never_reaches_the_log(in_treatment, caplog):
    made = make_link(in_treatment)
    rules.revoke(made.link)
    selector, secret = made.token.split(".")
    caplog.set_level(logging.INFO)

    assert anonymous().get(rules.token_url(made.token)).status_code == 410
    assert anonymous().get(f"/for-clinic/{selector}.{'x' * 43}/").status_code == 404
    logging.getLogger("django.server").info('"GET %s HTTP/1.1" 200 5', rules.token_url(made.token))
    logging.getLogger("alongside.security").warning("odd path /invite/abcdefSECRET/ seen")
    logging.getLogger("django.request").warning(f"Bad Request: /calendar/feed/{secret}.ics")

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "/for-clinic/[secret]/" in text
    assert selector not in text and secret not in text and "abcdefSECRET" not in text
    assert "/invite/[secret]/" in text and "/calendar/feed/[secret]" in text


# --- 3. Private notes: true words -----------------------------------------------------------


def test_the_note_page_and_privacy_page_say_a_clinic_may_read_included_notes(
    couple, in_treatment, treatment_client, client
):
    checkin = make_checkin(couple, in_treatment, private_note="mine")
    url = reverse("checkin_note", args=[checkin.public_id])

    before = treatment_client.get(url).content.decode()
    assert "Nobody but you can read this" not in before
    assert "only you will ever see this" not in before
    assert "and a clinic, if you choose to include your notes in a summary link" in before
    assert "A summary link for your clinic that works now includes" not in before

    made = make_link(in_treatment, include_private_notes=True)
    during = treatment_client.get(url).content.decode()
    assert "A summary link for your clinic that works now includes your private notes" in during
    form = treatment_client.get(reverse("checkin_form")).content.decode()
    assert "works now includes your private notes" in form
    # The form's opening words say the same, not "for you alone" (re-review finding).
    assert "Your private note is for you alone" not in form
    assert "a clinic reads it only if you include your notes in a summary link" in form

    rules.revoke(made.link)
    assert "works now includes" not in treatment_client.get(url).content.decode()

    privacy = client.get(reverse("privacy")).content.decode()
    assert "seen only by the person who wrote them." not in privacy
    assert "by a clinic if they choose to include their notes in a summary link" in privacy


def test_the_supporting_partners_note_still_says_only_them(couple, supporting, supporting_client):
    checkin = make_checkin(couple, supporting, private_note="mine")
    page = supporting_client.get(reverse("checkin_note", args=[checkin.public_id]))
    assert "Nobody but you can read this, in any view, ever." in page.content.decode()


# --- 4. What the summary shows --------------------------------------------------------------


def test_the_create_page_says_exactly_what_the_summary_shows(treatment_client):
    page = treatment_client.get(reverse("clinic_link_new")).content.decode()
    assert "your answer to every PHQ-9 question" not in page
    assert "totals (not your answer to each question)" in page
    assert 'in any week it was above "Not at all"' in page


# --- 6. A permanent cap on wrong codes ------------------------------------------------------


def test_enough_wrong_codes_turn_the_link_off_for_good_and_sam_is_told(
    in_treatment, treatment_client, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    made = make_link(in_treatment, with_code=True)
    url = rules.token_url(made.token)
    wrong = _wrong(made.code)

    for n in range(rules.WRONG_CODES_TOTAL - 1):
        assert anonymous(f"192.0.2.{n}").post(url, {"code": wrong}).status_code == 400
    detail = treatment_client.get(reverse("clinic_link", args=[made.link.public_id]))
    assert f"{rules.WRONG_CODES_TOTAL - 1} wrong codes, last at" in detail.content.decode()

    last = anonymous("198.51.100.1").post(url, {"code": wrong})
    assert last.status_code == 410
    assert "turned itself off for good" in last.content.decode()
    # A notice was left; whether the person has read it is not known (never "has been told").
    assert "has been told" not in last.content.decode()
    assert "A notice about it is waiting for the person who shared it" in last.content.decode()
    # Even the right code opens nothing now: the cache's windows no longer matter.
    after = anonymous("198.51.100.2").post(url, {"code": made.code})
    assert after.status_code == 410
    link = ClinicShareLink.objects.get()
    assert link.is_revoked and link.turned_off_by_wrong_codes
    assert link.wrong_codes == rules.WRONG_CODES_TOTAL
    notice = Notice.objects.get(recipient=in_treatment)
    assert "turned itself off" in notice.message
    page = treatment_client.get(reverse("clinic_link", args=[link.public_id])).content.decode()
    assert f"by itself, after {rules.WRONG_CODES_TOTAL} wrong codes" in page


def test_a_wrong_code_has_its_own_message(in_treatment):
    made = make_link(in_treatment, with_code=True)
    page = anonymous().post(rules.token_url(made.token), {"code": _wrong(made.code)})
    text = page.content.decode()
    assert "Nothing you typed has been lost" not in text
    assert "That code did not open the summary" in text


# --- 7. The fresh address lives in the session, not a cookie --------------------------------


def test_the_fresh_address_is_in_the_session_and_shown_once(treatment_client):
    response = post_new(treatment_client, with_code="on")

    assert "alongside_clinic_new" not in response.cookies
    token = treatment_client.session["alongside_clinic_new"]["token"]
    first = treatment_client.get(response["Location"]).content.decode()
    assert f"/for-clinic/{token}/" in first
    assert "alongside_clinic_new" not in treatment_client.session
    assert "/for-clinic/" not in treatment_client.get(response["Location"]).content.decode()


# --- 8. A minimal layout for the clinician --------------------------------------------------


@pytest.mark.parametrize("state", ["open", "code", "unknown"])
def test_the_clinicians_pages_have_no_app_shell(in_treatment, state):
    made = make_link(in_treatment, with_code=state == "code")
    url = rules.token_url(made.token) if state != "unknown" else "/for-clinic/nothing.here/"

    page = anonymous().get(url).content.decode()

    assert "offline.js" not in page and "data-worker" not in page and "manifest" not in page
    assert "nav-menu" not in page and 'aria-label="Main"' not in page
    assert "If you or your partner are not safe right now" not in page


def test_the_end_page_says_what_happens_to_clinic_links(in_treatment, supporting):
    said = {
        in_treatment: "Summary links you made for your clinic keep working",
        supporting: "Your answers stop being included in any summary",
    }
    for person, words in said.items():
        client = client_for(person)
        reauthenticate(client)
        assert words in client.get(reverse("partnership_end")).content.decode()
