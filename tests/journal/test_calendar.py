"""Session days in a calendar: a private feed per person, and one day as a download.

Parsed with a small RFC 5545 reader below (CRLF, 75-octet folding, escaping, required
properties), so a malformed file fails here rather than in someone's calendar app.
"""

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from journal.calendar import ics
from journal.models import TreatmentEntry
from journal.treatment.models import Driver, Kind, Status
from partners import pairing
from partners.access import load_couple
from partners.models import Membership
from tests.journal.treatment_factories import make_entry, make_planned

SETTINGS = reverse("calendar_settings")
HEALTH_WORDS = re.compile(
    r"ketamine|esketamine|infusion|spray|dose|mg\b|therapy|clinic|treatment|depress|drug",
    re.IGNORECASE,
)


def parse(body: bytes) -> list[dict]:
    """The VEVENTs of a calendar, checking what RFC 5545 asks of the text on the way."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    raw_lines = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in raw_lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw_lines), "lines fold at 75 octets"
    lines: list[str] = []
    for line in raw_lines:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        assert re.fullmatch(r"[A-Z-]+(;[A-Z-]+=[A-Z0-9-]+)*", name), line
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                assert required in current, required
            events.append(current)
            current = None
        elif current is not None:
            key = name.split(";", 1)[0]
            current[key] = value
            current[f"{key}@params"] = name
    assert current is None
    return events


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _start_feed(client) -> str:
    page = client.post(SETTINGS, {"action": "make"}).content.decode()
    match = re.search(r'value="(https?://[^"]+/calendar/feed/[^"]+\.ics)"', page)
    assert match, "the new address is shown once"
    return match.group(1).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


# --- The writer ------------------------------------------------------------------------------


def test_text_is_escaped_and_long_lines_fold_without_splitting_characters():
    long_name = "Ée, ça; va\\ " * 20 + "\nnext"
    event = ics.Event(
        uid="x@alongside",
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
        summary=long_name,
        description="",
        sequence=0,
        on_day=datetime(2026, 1, 2).date(),
    )
    body = ics.calendar([event], name="Test").encode("utf-8")
    (parsed,) = parse(body)
    assert unescape(parsed["SUMMARY"]) == long_name
    assert parsed["DTSTART@params"] == "DTSTART;VALUE=DATE" and parsed["DTSTART"] == "20260102"


# --- The one-day download --------------------------------------------------------------------


def test_download_is_one_valid_event_in_utc_with_no_health_words(treatment_client, couple):
    couple.time_zone = "Europe/London"
    couple.save()
    entry = make_planned(couple, at_time=time(10, 0), kind=Kind.ESKETAMINE, note="56 mg dose")
    response = treatment_client.get(reverse("treatment_entry_calendar", args=[entry.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    (event,) = parse(response.content)
    assert event["UID"] == f"{entry.public_id}@alongside"
    local = datetime.combine(entry.on_date, time(10, 0), tzinfo=ZoneInfo("Europe/London"))
    assert event["DTSTART"] == local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert unescape(event["SUMMARY"]) == "Session day: Alex driving"
    for key in ("SUMMARY", "DESCRIPTION"):
        assert not HEALTH_WORDS.search(unescape(event[key])), event[key]
    assert "Pick-up at 12:30" in unescape(event["DESCRIPTION"])


def test_partner_can_download_and_another_couple_gets_404(
    supporting_client, stranger_client, couple
):
    entry = make_planned(couple)
    url = reverse("treatment_entry_calendar", args=[entry.public_id])
    assert supporting_client.get(url).status_code == 200
    assert stranger_client.get(url).status_code == 404


def test_done_sessions_and_changes_have_no_download(treatment_client, couple):
    for entry in (make_entry(couple), make_entry(couple, kind=Kind.DOSE)):
        url = reverse("treatment_entry_calendar", args=[entry.public_id])
        assert treatment_client.get(url).status_code == 404


def test_planned_session_page_links_to_its_download(treatment_client, couple):
    entry = make_planned(couple)
    page = treatment_client.get(reverse("treatment_entry", args=[entry.public_id]))
    assert reverse("treatment_entry_calendar", args=[entry.public_id]) in page.content.decode()


# --- The feed --------------------------------------------------------------------------------


def test_feed_lists_planned_session_days_with_stable_uids(treatment_client, client, couple):
    first = make_planned(couple, at_time=None)
    second = make_planned(couple, days_ahead=10, driver=Driver.OTHER, driver_name="Jo")
    make_entry(couple)  # done: not in the feed
    make_planned(couple, days_ahead=5, status=Status.CANCELLED)
    path = _start_feed(treatment_client)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = parse(response.content)
    assert [e["UID"] for e in events] == [
        f"{first.public_id}@alongside",
        f"{second.public_id}@alongside",
    ]
    assert events[0]["DTSTART@params"] == "DTSTART;VALUE=DATE"
    assert unescape(events[1]["SUMMARY"]) == "Session day: Jo driving"
    assert events == parse(client.get(path).content), "same answer, same UIDs"
    assert not HEALTH_WORDS.search(response.content.decode())


def test_only_a_hash_of_the_address_is_stored(treatment_client, couple, in_treatment):
    path = _start_feed(treatment_client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = Membership.objects.get(user=in_treatment).calendar_feed_hash
    assert stored and token not in stored and len(token) >= 40


def test_turning_it_off_or_making_a_new_one_stops_the_old_address(treatment_client, client, couple):
    make_planned(couple)
    old = _start_feed(treatment_client)
    new = _start_feed(treatment_client)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    treatment_client.post(SETTINGS, {"action": "stop"})
    assert client.get(new).status_code == 404


def test_leaving_the_partnership_stops_it(supporting_client, client, couple, supporting):
    path = _start_feed(supporting_client)
    assert client.get(path).status_code == 200
    pairing.end_partnership(load_couple(supporting))
    assert client.get(path).status_code == 404


def test_a_made_up_or_other_couples_address_is_404(
    treatment_client, stranger_client, client, couple, other_couple
):
    make_planned(other_couple)
    theirs = _start_feed(stranger_client)
    mine = _start_feed(treatment_client)
    assert client.get(reverse("calendar_feed", args=["x" * 43])).status_code == 404
    assert theirs != mine
    # Their address shows their days, never ours.
    entry = make_planned(couple)
    assert str(entry.public_id) not in client.get(theirs).content.decode()


def test_the_address_is_kept_out_of_the_request_log(db, client, caplog):
    with caplog.at_level("DEBUG"):
        client.get(reverse("calendar_feed", args=["secret-guess-123"]))
    assert "secret-guess-123" not in caplog.text


def test_guessing_addresses_is_rate_limited(db, client):
    url = lambda n: reverse("calendar_feed", args=[f"guess{n}"])  # noqa: E731
    codes = [client.get(url(n)).status_code for n in range(70)]
    assert codes[0] == 404 and codes[-1] == 429


def test_settings_page_explains_and_an_empty_post_is_a_clear_400(treatment_client):
    page = treatment_client.get(SETTINGS).content.decode()
    assert "never the treatment" in page
    response = treatment_client.post(SETTINGS, {})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("name", ["calendar_settings"])
def test_stranger_without_partnership_gets_404(loner_client, name):
    assert loner_client.get(reverse(name)).status_code == 404


def test_feed_query_count_is_flat(treatment_client, client, couple, django_assert_max_num_queries):
    path = _start_feed(treatment_client)
    for days in range(1, 30):
        make_planned(couple, days_ahead=days)
    with django_assert_max_num_queries(4):
        assert client.get(path).status_code == 200
    assert TreatmentEntry.objects.count() == 29
