"""Clinic summary links (issue 18): made by the partner in treatment, opened by a clinician
without an account, expiring, revocable, optionally behind a spoken code, rate limited, each
opening logged; the partner's answers only with their consent and while they are partners."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.checkins.models import CheckIn
from journal.clinic import rules
from journal.clinic.models import ClinicLinkOpening, ClinicShareLink, PartnerAnswers
from journal.models import Notice
from partners import pairing
from partners.access import load_couple
from partners.my_data import delete_account
from tests.factories import make_couple, make_user
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin, make_history
from tests.journal.checkin_factories import this_week as current_week
from tests.journal.treatment_factories import make_entry
from tests.journal.treatment_factories import make_history as make_log

pytestmark = pytest.mark.django_db

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
FORM = {"weeks": "8", "days": "14", "note_for_clinic": ""}


def post_new(client, **fields):
    return client.post(reverse("clinic_link_new"), {**FORM, **fields})


def make_link(user, **options):
    values = {
        "weeks": 8,
        "days": 14,
        "with_code": False,
        "include_private_notes": False,
        "note_for_clinic": "",
        "ask_partner": False,
    }
    values.update(options)
    return rules.create_link(load_couple(user), **values)


def anonymous(ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=ANDROID_CHROME)


# --- Making a link -------------------------------------------------------------------------


def test_the_partner_in_treatment_makes_a_link_and_sees_its_address_once(
    couple, in_treatment, treatment_client
):
    response = post_new(treatment_client, with_code="on", note_for_clinic="Ask about sleep.")

    link = ClinicShareLink.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic_link", args=[link.public_id])
    page = treatment_client.get(response["Location"]).content.decode()
    address = re.search(r'value="(http://testserver/for-clinic/[^"]+/)"', page).group(1)
    code = re.search(r"data-code>(\d{6})<", page).group(1)
    token = address.rsplit("/", 2)[1]
    selector, secret = token.split(".")
    # Only hashes are stored: neither the secret half nor the code is in the row.
    stored = " ".join(str(value) for value in ClinicShareLink.objects.values().get().values())
    assert secret not in stored and code not in stored
    assert link.selector == selector and link.has_code
    assert link.owner == in_treatment and link.partnership == couple
    assert (link.expires_at - link.created_at) == timedelta(days=14)
    assert link.note_for_clinic == "Ask about sleep."
    # Shown once: the next visit has no address on it.
    again = treatment_client.get(response["Location"]).content.decode()
    assert "/for-clinic/" not in again
    assert "shown once" in again


def test_a_double_submit_makes_one_link(treatment_client):
    form_page = treatment_client.get(reverse("clinic_link_new")).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', form_page).group(1)

    first = post_new(treatment_client, submission_key=key)
    second = post_new(treatment_client, submission_key=key)

    assert ClinicShareLink.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"days": "91"}, "Choose at most 90 days."),
        ({"days": "0"}, "Choose at least 1 day."),
        ({"days": "soon"}, "Enter a number of days, like 14."),
        ({"weeks": "52"}, "Choose 4, 8 or 12 weeks."),
        ({"note_for_clinic": "x" * 1001}, "at most 1000 characters"),
        ({"note_for_clinic": "Ask\x00 about"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_a_clear_message_and_keeps_what_was_typed(treatment_client, fields, message):
    typed = {"note_for_clinic": "Questions about the dose", **fields}

    response = post_new(treatment_client, **typed)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    if "note_for_clinic" not in fields:
        assert "Questions about the dose" in page
    assert ClinicShareLink.objects.count() == 0


def test_the_default_is_fourteen_days_and_eight_weeks(treatment_client):
    page = treatment_client.get(reverse("clinic_link_new")).content.decode()

    assert 'name="days" value="14"' in page
    assert re.search(r'value="8"[^>]*checked|checked[^>]*value="8"', page)


def test_the_supporting_partner_cannot_make_a_link(supporting):
    client = Client()
    client.force_login(supporting)

    assert client.get(reverse("clinic_link_new")).status_code == 403
    assert post_new(client).status_code == 403
    assert ClinicShareLink.objects.count() == 0


# --- Opening it ----------------------------------------------------------------------------


def test_a_clinician_opens_it_without_an_account(couple, in_treatment, supporting):
    make_checkin(
        couple,
        in_treatment,
        mood=4,
        anxiety=7,
        what_helped="Evening walks",
        after_effects=["bladder"],
        phq9=[1, 1, 1, 1, 1, 1, 1, 1, 0],
        phq9_total=8,
        private_note=f"{NOTE_MARKER} mine",
    )
    make_checkin(couple, supporting, seemed_notes="SUPPORTER-WROTE-THIS", worries="PARTNER-WORRY")
    make_entry(couple, kind="dose", note="Dose up to 0.75 mg/kg")
    made = make_link(in_treatment, note_for_clinic="Please ask about sleep.")

    response = anonymous().get(rules.token_url(made.token))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sam: summary for the clinic" in page
    assert f"Covers 8 weeks, {made.link.weeks_label}" in page
    assert "(the last week is still under way)" in page
    assert "not medical advice" in page and "what Sam wrote" in page
    assert "Evening walks" in page and "Bladder pain or urgency" in page
    assert "8, mild" in page
    assert "Dose change" in page and "Dose up to 0.75 mg/kg" in page
    assert "Please ask about sleep." in page
    assert 'answered "Not at all" in every week' in page
    # Never the partner's answers, never private notes unless chosen.
    assert "SUPPORTER-WROTE-THIS" not in page and "PARTNER-WORRY" not in page
    assert NOTE_MARKER not in page
    # Private: not indexed, not stored, no referrer, the same strict CSP.
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in page
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_each_opening_is_logged_coarsely_and_shown_to_the_person(in_treatment, treatment_client):
    made = make_link(in_treatment)

    anonymous().get(rules.token_url(made.token))

    opening = ClinicLinkOpening.objects.get()
    assert opening.link == made.link
    assert opening.browser == "Chrome on Android"
    page = treatment_client.get(reverse("clinic_link", args=[made.link.public_id]))
    assert "Chrome on Android" in page.content.decode()
    listing = treatment_client.get(reverse("clinic_links")).content.decode()
    assert "Opened 1 time," in listing


def test_private_notes_only_when_chosen(couple, in_treatment):
    make_checkin(couple, in_treatment, private_note=f"{NOTE_MARKER} chosen")
    made = make_link(in_treatment, include_private_notes=True)

    page = anonymous().get(rules.token_url(made.token)).content.decode()

    assert f"{NOTE_MARKER} chosen" in page


def test_a_phq9_question_9_answer_is_shown_plainly(couple, in_treatment):
    week = current_week(couple).start
    make_checkin(couple, in_treatment, phq9=[0] * 8 + [2], phq9_total=2, week_start=week)
    made = make_link(in_treatment)

    page = anonymous().get(rules.token_url(made.token)).content.decode()

    assert "Please read first" in page
    assert "PHQ-9 question 9" in page
    assert "Thoughts that you would be better off dead or of hurting yourself" in page
    assert "More than half the days" in page


def test_weeks_outside_the_link_are_left_out(couple, in_treatment):
    old = current_week(couple).start - timedelta(weeks=20)
    make_checkin(couple, in_treatment, week_start=old, what_helped="LONG-AGO")
    made = make_link(in_treatment, weeks=4)

    page = anonymous().get(rules.token_url(made.token)).content.decode()

    assert "LONG-AGO" not in page
    assert "Covers 4 weeks" in page and "Sam checked in for 0 of them" in page


# --- Expiry, turning it off, unknown links --------------------------------------------------


def test_an_expired_link_opens_nothing(in_treatment):
    made = make_link(in_treatment)
    ClinicShareLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = anonymous().get(rules.token_url(made.token))

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "Sam: summary" not in response.content.decode()
    assert ClinicLinkOpening.objects.count() == 0


def test_turning_it_off_works_at_once(in_treatment, treatment_client):
    made = make_link(in_treatment)
    visitor = anonymous()
    assert visitor.get(rules.token_url(made.token)).status_code == 200

    response = treatment_client.post(reverse("clinic_link_revoke", args=[made.link.public_id]))

    assert response.status_code == 302
    closed = visitor.get(rules.token_url(made.token))
    assert closed.status_code == 410
    assert "turned it off" in closed.content.decode()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # wrong secret
        lambda token: "A" * 16 + token[16:],  # unknown selector
        lambda token: "nonsense",
        lambda token: token + "\x00",
    ],
)
def test_a_wrong_address_is_a_404_that_says_so(in_treatment, mangle):
    made = make_link(in_treatment)

    response = anonymous().get(rules.token_url(mangle(made.token)))

    assert response.status_code == 404
    assert "does not open a summary" in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]


def test_deleting_the_account_kills_its_links(in_treatment):
    made = make_link(in_treatment)

    delete_account(in_treatment)

    assert anonymous().get(rules.token_url(made.token)).status_code == 404
    assert ClinicShareLink.objects.count() == 0


# --- The spoken code and brute force --------------------------------------------------------


def test_a_wrong_code_is_refused_and_the_right_one_opens_it(in_treatment):
    made = make_link(in_treatment, with_code=True)
    visitor = anonymous()
    url = rules.token_url(made.token)

    asked = visitor.get(url)
    assert asked.status_code == 200
    assert "Enter the code" in asked.content.decode()
    assert "Sam: summary" not in asked.content.decode()

    wrong = "1" * 6 if made.code != "1" * 6 else "2" * 6
    refused = visitor.post(url, {"code": wrong})
    assert refused.status_code == 400
    assert "That code is not right. Check it with Sam." in refused.content.decode()
    assert f'value="{wrong}"' in refused.content.decode()

    right = visitor.post(url, {"code": f" {made.code[:3]} {made.code[3:]} "})
    assert right.status_code == 302
    page = visitor.get(url)
    assert "Sam: summary for the clinic" in page.content.decode()
    # Another browser still needs the code.
    assert "Enter the code" in anonymous("198.51.100.2").get(url).content.decode()


def test_wrong_codes_are_throttled_per_link_even_across_networks(in_treatment):
    made = make_link(in_treatment, with_code=True)
    url = rules.token_url(made.token)
    wrong = "1" * 6 if made.code != "1" * 6 else "2" * 6

    for n in range(5):
        assert anonymous(f"192.0.2.{n}").post(url, {"code": wrong}).status_code == 400

    # The right code is refused too, for a while: guessing cannot be told from knowing.
    locked = anonymous("192.0.2.99").post(url, {"code": made.code})
    assert locked.status_code == 429
    assert "Too many wrong codes" in locked.content.decode()
    assert locked["Retry-After"] == "600"


def test_unknown_addresses_are_throttled_per_network(in_treatment):
    made = make_link(in_treatment)
    guesser = anonymous("198.51.100.9")

    for n in range(20):
        assert guesser.get(f"/for-clinic/{'B' * 16}.{str(n).zfill(43)}/").status_code == 404

    # Even a right address is refused from that network, so a hit cannot be recognised...
    refused = guesser.get(rules.token_url(made.token))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    # ...while the clinic, elsewhere, is not locked out.
    assert anonymous("203.0.113.50").get(rules.token_url(made.token)).status_code == 200


# --- The partner's answers: only with their consent, while they are partners ----------------


def _partner_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_partner_is_asked_in_the_app_and_nothing_shows_until_they_agree(
    couple, in_treatment, supporting, mailoutbox, treatment_client
):
    week = current_week(couple).start - timedelta(weeks=1)
    make_checkin(couple, in_treatment, week_start=week)
    make_checkin(couple, supporting, week_start=week, seemed_notes="SEEMED-TIRED")
    post_new(treatment_client, ask_partner="on")
    link = ClinicShareLink.objects.get()
    url_public = None

    notice = Notice.objects.get(recipient=supporting)
    assert notice.link == reverse("clinic_link_consent", args=[link.public_id])
    assert mailoutbox == []  # no email at all, let alone health details
    assert link.partner_answers == PartnerAnswers.ASKED

    made = make_link(in_treatment, ask_partner=True)
    url_public = rules.token_url(made.token)
    assert "SEEMED-TIRED" not in anonymous().get(url_public).content.decode()

    alex = _partner_client(supporting)
    consent_url = reverse("clinic_link_consent", args=[made.link.public_id])
    assert "how they seemed" in alex.get(consent_url).content.decode()
    assert alex.post(consent_url, {"accept": "1"}).status_code == 302
    page = anonymous().get(url_public).content.decode()
    assert "SEEMED-TIRED" in page
    assert "How Sam seemed to Alex" in page

    # Changing their mind takes them out again at once.
    alex.post(consent_url, {"decline": "1"})
    assert "SEEMED-TIRED" not in anonymous().get(url_public).content.decode()


def test_a_consent_page_without_a_choice_is_a_clear_400(in_treatment, supporting):
    made = make_link(in_treatment, ask_partner=True)

    response = _partner_client(supporting).post(
        reverse("clinic_link_consent", args=[made.link.public_id]), {}
    )

    assert response.status_code == 400
    assert "Choose Include my answers" in response.content.decode()


def test_consent_covers_only_weeks_the_person_may_read(couple, in_treatment, supporting):
    """The reveal rule holds: this week's answer of the partner stays out until it would be
    shown to the person themselves."""
    make_checkin(couple, supporting, seemed_notes="NOT-YET-REVEALED")
    made = make_link(in_treatment, ask_partner=True)
    rules.answer_request(made.link, accept=True)

    page = anonymous().get(rules.token_url(made.token)).content.decode()

    assert "NOT-YET-REVEALED" not in page


def test_when_the_partnership_ends_the_link_keeps_only_the_persons_own_writing(
    couple, in_treatment, supporting
):
    week = current_week(couple).start - timedelta(weeks=1)
    make_checkin(couple, in_treatment, week_start=week, what_helped="MY-OWN-WORDS")
    make_checkin(couple, supporting, week_start=week, seemed_notes="FORMER-PARTNER")
    made = make_link(in_treatment, ask_partner=True)
    rules.answer_request(made.link, accept=True)
    assert "FORMER-PARTNER" in anonymous().get(rules.token_url(made.token)).content.decode()

    pairing.end_partnership(load_couple(supporting))

    page = anonymous().get(rules.token_url(made.token)).content.decode()
    assert "MY-OWN-WORDS" in page
    assert "FORMER-PARTNER" not in page
    # The person can still see and turn off their link after the space closed.
    client = _partner_client(in_treatment)
    detail = client.get(reverse("clinic_link", args=[made.link.public_id]))
    assert detail.status_code == 200
    assert "No longer shown" in detail.content.decode()
    listing = client.get(reverse("clinic_links")).content.decode()
    assert "This shared space closed on" in listing and "Summary of" in listing
    client.post(reverse("clinic_link_revoke", args=[made.link.public_id]))
    assert anonymous().get(rules.token_url(made.token)).status_code == 410


# --- Another couple -------------------------------------------------------------------------


def test_another_couples_links_are_a_404(in_treatment, stranger):
    made = make_link(in_treatment, ask_partner=True)
    client = _partner_client(stranger)

    for name, method in (
        ("clinic_link", "get"),
        ("clinic_link_revoke", "post"),
        ("clinic_link_consent", "get"),
        ("clinic_link_consent", "post"),
    ):
        response = getattr(client, method)(reverse(name, args=[made.link.public_id]))
        assert response.status_code == 404, name
    assert not ClinicShareLink.objects.get().is_revoked


def test_the_partner_cannot_open_or_turn_off_the_persons_link(in_treatment, supporting):
    made = make_link(in_treatment)
    alex = _partner_client(supporting)

    assert alex.get(reverse("clinic_link", args=[made.link.public_id])).status_code == 404
    assert alex.post(reverse("clinic_link_revoke", args=[made.link.public_id])).status_code == 404
    # Not asked, so not theirs to answer either.
    assert alex.get(reverse("clinic_link_consent", args=[made.link.public_id])).status_code == 404


# --- Cost -----------------------------------------------------------------------------------


def _queries_for_public_page(partnership, sam, alex, weeks_of_history, log_entries):
    if weeks_of_history:
        make_history(partnership, sam, alex, weeks_of_history)
    if log_entries:
        make_log(partnership, log_entries)
    made = make_link(sam, weeks=12, include_private_notes=True, ask_partner=True)
    rules.answer_request(made.link, accept=True)
    visitor = anonymous()
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(rules.token_url(made.token))
    assert response.status_code == 200
    return len(queries)


def test_the_public_page_costs_the_same_with_one_week_or_five_years():
    small = _queries_for_public_page(
        *make_couple(make_user(name="Sam"), make_user(name="Alex")), 1, 1
    )
    large = _queries_for_public_page(
        *make_couple(make_user(name="Sam"), make_user(name="Alex")), 260, 600
    )

    assert small == large, (small, large)
    assert large <= 6, large


def test_the_management_page_costs_the_same_with_many_links_and_openings(in_treatment):
    client = _partner_client(in_treatment)
    make_link(in_treatment)
    client.get(reverse("clinic_links"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("clinic_links"))
    for _ in range(15):
        made = make_link(in_treatment)
        for _ in range(3):
            rules.log_opening(made.link, ANDROID_CHROME)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("clinic_links"))

    assert len(few) == len(many)


# --- Small parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        (ANDROID_CHROME, "Chrome on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iPhone or iPad",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
            "Firefox on Mac",
        ),
        ("curl/8.5.0", "An unrecognised browser"),
        ("", "An unrecognised browser"),
    ],
)
def test_browser_family_is_coarse(agent, family):
    assert rules.browser_family(agent) == family


def test_codes_are_compared_whole(in_treatment):
    made = make_link(in_treatment, with_code=True)

    assert rules.code_matches(made.link, made.code)
    assert not rules.code_matches(made.link, made.code[:5])
    assert not rules.code_matches(made.link, "")
    assert not rules.code_matches(made.link, made.code + "\x00")


def test_checkins_are_untouched_by_opening(couple, in_treatment):
    checkin = make_checkin(couple, in_treatment)
    made = make_link(in_treatment)

    anonymous().get(rules.token_url(made.token))

    assert CheckIn.objects.get(pk=checkin.pk).version == checkin.version


def test_the_persons_links_and_openings_are_in_their_data_download(in_treatment, supporting):
    from partners.my_data import export

    made = make_link(in_treatment, note_for_clinic="For Dr Rao")
    rules.log_opening(made.link, ANDROID_CHROME)

    [link] = export(in_treatment)["my_clinic_links"]
    assert link["note_for_clinic"] == "For Dr Rao"
    assert link["openings"][0]["browser"] == "Chrome on Android"
    assert made.token.split(".")[1] not in str(link)
    assert export(supporting)["my_clinic_links"] == []
