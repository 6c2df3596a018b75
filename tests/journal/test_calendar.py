"""Session days in a calendar: a private feed per person, and one day as a download.

Parsed with a small RFC 5545 reader below (CRLF, 75-octet folding, escaping, required
properties), so a malformed file fails here rather than in someone's calendar app.
"""

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.calendar import ics, rules, views
from journal.models import TreatmentEntry
from journal.treatment.models import Driver, Kind, Status
from partners import pairing
from partners.access import load_couple
from partners.models import Membership
from tests.journal.treatment_factories import make_entry, make_planned
from tests.partners.conftest import reauthenticate

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
    assert event["UID"] == rules.uid(entry)
    local = datetime.combine(entry.on_date, time(10, 0), tzinfo=ZoneInfo("Europe/London"))
    assert event["DTSTART"] == local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    # Alex was asked but has not said yes: the calendar must not say Alex is driving.
    assert unescape(event["SUMMARY"]) == "Session day: ride not confirmed yet"
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
    assert [e["UID"] for e in events] == [rules.uid(first), rules.uid(second)]
    assert events[0]["DTSTART@params"] == "DTSTART;VALUE=DATE"
    # A typed driver's name is free text: it stays in Alongside, out of the feed.
    assert unescape(events[1]["SUMMARY"]) == "Session day: lift arranged"
    assert events == parse(client.get(path).content), "same answer, same UIDs"
    assert not HEALTH_WORDS.search(response.content.decode())


def _confirm_ride(entry, supporting) -> None:
    TreatmentEntry.objects.filter(pk=entry.pk).update(
        driver_confirmed_by=supporting, driver_confirmed_at=timezone.now()
    )


def test_only_a_confirmed_ride_says_who_is_driving(
    treatment_client, supporting_client, client, couple, supporting
):
    asked = make_planned(couple, days_ahead=2)
    confirmed = make_planned(couple, days_ahead=4)
    _confirm_ride(confirmed, supporting)
    undecided = make_planned(couple, days_ahead=6, driver=Driver.UNDECIDED)
    no_ride = make_planned(couple, days_ahead=8, driver=Driver.NONE)
    expected = [
        "Session day: ride not confirmed yet",
        f"Session day: {supporting.name} driving",
        "Session day: ride home not arranged yet",
        "Session day",
    ]
    for person in (treatment_client, supporting_client):
        events = parse(client.get(_start_feed(person)).content)
        assert [unescape(e["SUMMARY"]) for e in events] == expected
        for entry, summary in ((asked, expected[0]), (confirmed, expected[1])):
            url = reverse("treatment_entry_calendar", args=[entry.public_id])
            (one,) = parse(person.get(url).content)
            assert unescape(one["SUMMARY"]) == summary
    assert undecided and no_ride


def test_the_feed_names_no_site_no_product_and_no_typed_driver(treatment_client, client, couple):
    make_planned(couple, driver=Driver.OTHER, driver_name='"Ketamine" Smith', pickup_time=None)
    entry = make_planned(couple, days_ahead=5)
    body = client.get(_start_feed(treatment_client)).content.decode()
    unfolded = body.replace("\r\n ", "")
    assert "X-WR-CALNAME:Session days" in unfolded
    for word in ("Alongside", "alongside", "http", "Smith", "Ketamine", str(entry.public_id)):
        assert word not in unfolded, word
    assert not HEALTH_WORDS.search(unfolded)
    assert "DESCRIPTION:Pick-up at 12:30." in unfolded


def test_settings_page_says_only_a_confirmed_ride_names_the_driver(treatment_client):
    page = treatment_client.get(SETTINGS).content.decode()
    assert "once the ride is confirmed" in page


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
    body = client.get(theirs).content.decode()
    assert str(entry.public_id) not in body and rules.uid(entry) not in body


def test_the_address_is_kept_out_of_the_request_log(db, client, caplog):
    with caplog.at_level("DEBUG"):
        client.get(reverse("calendar_feed", args=["secret-guess-123"]))
    assert "secret-guess-123" not in caplog.text


def test_guessing_addresses_is_rate_limited(db, client):
    url = lambda n: reverse("calendar_feed", args=[f"guess{n}"])  # noqa: E731
    responses = [client.get(url(n)) for n in range(70)]
    assert responses[0].status_code == 404 and responses[-1].status_code == 429
    assert int(responses[-1]["Retry-After"]) > 0
    assert b"Too many" in responses[-1].content


def test_guesses_from_an_address_never_shut_out_valid_feeds_from_it(
    treatment_client, supporting_client, client, couple
):
    """Calendar services fetch many people's feeds from one address."""
    make_planned(couple)
    mine, theirs = _start_feed(treatment_client), _start_feed(supporting_client)
    for n in range(100):
        client.get(reverse("calendar_feed", args=[f"guess{n}"]))
    assert client.get(reverse("calendar_feed", args=["guess-more"])).status_code == 429
    # Valid feeds from the same address: each fetched more often than any app polls.
    codes = {client.get(path).status_code for path in (mine, theirs) for _ in range(70)}
    assert codes == {200}


def test_one_valid_address_fetched_without_pause_is_slowed_on_its_own(
    treatment_client, supporting_client, client, couple
):
    mine, theirs = _start_feed(treatment_client), _start_feed(supporting_client)
    codes = [client.get(mine).status_code for _ in range(views.TOKEN_REQUESTS + 1)]
    assert codes[0] == 200 and codes[-1] == 429
    assert client.get(theirs).status_code == 200


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


def test_the_end_page_says_calendar_addresses_stop_and_they_do(
    treatment_client, supporting_client, client, couple, supporting
):
    reauthenticate(treatment_client)
    page = treatment_client.get(reverse("partnership_end")).content.decode()
    assert "Calendar addresses for session days stop working for both of you" in page
    paths = [_start_feed(treatment_client), _start_feed(supporting_client)]
    pairing.end_partnership(load_couple(supporting))
    assert [client.get(path).status_code for path in paths] == [404, 404]
