"""Two POSTs of the same form at the same moment: exactly one row, and a clear page for both.

Real concurrency on PostgreSQL: each request runs in its own thread with its own database
connection. A barrier releases the two requests together, and a second barrier holds each
one just before its INSERT into the contested table, so both have already looked for an
existing row and found none: the database constraint, not luck, has to keep it to one row.
(Where the code takes a row lock first, the second request waits on the lock instead and
the INSERT barrier times out; the test then records that only one request got that far.)
"""

import contextlib
import copy
import os
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client

from journal import weeks
from journal.boundaries.models import Boundary, BoundaryEvent
from journal.models import CheckIn, CheckInRevision, Notice, TreatmentEntry
from journal.safety.models import SafetyPlanSuggestion
from partners import pairing
from partners.access import load_couple
from partners.models import Invitation, Membership, Partnership, Role, User
from resources.models import ReadingMark, Suggestion
from tests.factories import make_couple, make_user
from tests.failures.forms import form_data
from tests.resources.builders import publish

# serialized_rollback: the flush after each test would otherwise wipe the rows the
# migrations made (library categories, staff groups) for every test that runs later.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WAIT = 3  # seconds a request waits for its twin before going on alone


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("concurrency is tested on PostgreSQL; CI must set DATABASE_URL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers")


@dataclass
class Race:
    responses: list
    inserts: int  # how many requests reached the INSERT into the contested table
    errors: list = field(default_factory=list)


def race(*requests, table):
    """Run each request (a no-argument callable) in its own thread, released together."""
    start = threading.Barrier(len(requests))
    before_insert = threading.Barrier(len(requests))
    responses = [None] * len(requests)
    inserts = []
    errors = []
    prefix = f'INSERT INTO "{table}"'

    def gate(execute, sql, params, many, context):
        if sql.startswith(prefix):
            inserts.append(1)
            # A broken barrier: the twin waits on a lock we hold, or has already finished.
            with contextlib.suppress(threading.BrokenBarrierError):
                before_insert.wait(WAIT)
        return execute(sql, params, many, context)

    def run(index, request):
        try:
            with connection.execute_wrapper(gate):
                start.wait(WAIT)
                responses[index] = request()
        except Exception as error:  # reported below with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 10)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    assert errors == [], errors
    return Race(responses=responses, inserts=len(inserts))


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def second_tab(client):
    """The same browser (same session), another tab."""
    tab = Client(raise_request_exception=False)
    tab.cookies = copy.deepcopy(client.cookies)
    return tab


def post(client, path, data):
    return lambda: client.post(path, data)


def page_after(client, response):
    """Where the redirect lands, as the person would see it."""
    assert response.status_code == 302, (response.status_code, response.content[:500])
    target = response["Location"]
    assert not urlsplit(target).netloc
    return client.get(target)


@pytest.fixture
def couple():
    partnership, sam, alex = make_couple(make_user(name="Sam"), make_user(name="Alex"))
    return partnership, sam, alex


# --- the weekly check-in ------------------------------------------------------------------


def _checkin_data(client, **answers):
    data = form_data(client, "/checkins/this-week/")
    data.update({"mood": ["6"], "what_helped": ["A long walk."], **answers})
    return data


def test_the_same_checkin_sent_twice_at_once_is_saved_once(couple):
    partnership, sam, alex = couple
    tab = signed_in(sam)
    other_tab = second_tab(tab)
    data = _checkin_data(tab)

    result = race(
        post(tab, "/checkins/this-week/", data),
        post(other_tab, "/checkins/this-week/", data),
        table="journal_checkin",
    )

    assert result.inserts == 2  # both got past "is there one already?"
    week = weeks.current_week(partnership).start
    assert CheckIn.objects.filter(author=sam, week_start=week).count() == 1
    assert not CheckInRevision.objects.exists()  # the same answers are not an edit
    # Alex hears about it once, not twice.
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.CHECKIN_WAITING).count() == 1
    # The browser shows whichever response came last: both confirm the save.
    for client, response in zip((tab, other_tab), result.responses, strict=True):
        assert response["Location"] == "/checkins/"
        page = page_after(client, response).content.decode()
        assert "Your check-in is saved." in page
        assert "A long walk." in page


def test_two_tabs_with_different_answers_keep_one_row_and_show_the_other_what_happened(
    couple,
):
    _, sam, _ = couple
    tab = signed_in(sam)
    other_tab = second_tab(tab)
    first = _checkin_data(tab, what_helped=["Cooking together."])
    second = _checkin_data(tab, what_helped=["Talking to my therapist."])

    result = race(
        post(tab, "/checkins/this-week/", first),
        post(other_tab, "/checkins/this-week/", second),
        table="journal_checkin",
    )

    assert result.inserts == 2
    saved = CheckIn.objects.get(author=sam)
    statuses = sorted(response.status_code for response in result.responses)
    assert statuses == [302, 409]
    conflict = next(r for r in result.responses if r.status_code == 409).content.decode()
    assert "in another tab or window" in conflict
    # The losing tab keeps what was typed there, ready to save over the winner.
    lost = ({"Cooking together.", "Talking to my therapist."} - {saved.what_helped}).pop()
    assert lost in conflict


def test_both_partners_checking_in_at_the_same_moment_each_get_their_own(couple):
    partnership, sam, alex = couple
    sams, alexs = signed_in(sam), signed_in(alex)

    result = race(
        post(sams, "/checkins/this-week/", _checkin_data(sams)),
        post(alexs, "/checkins/this-week/", _checkin_data(alexs)),
        table="journal_checkin",
    )

    assert [response.status_code for response in result.responses] == [302, 302]
    assert CheckIn.objects.filter(partnership=partnership).count() == 2


# --- boundaries, treatment log, safety plan -----------------------------------------------


def test_the_same_boundary_proposed_twice_at_once_is_one_proposal(couple):
    partnership, sam, alex = couple
    tab = signed_in(sam)
    other_tab = second_tab(tab)
    data = form_data(tab, "/boundaries/new/")
    data["wording"] = ["Tell me the same day if a session moves."]

    result = race(
        post(tab, "/boundaries/new/", data),
        post(other_tab, "/boundaries/new/", data),
        table="journal_boundary",
    )

    assert result.inserts == 2
    boundary = Boundary.objects.get(partnership=partnership)
    assert BoundaryEvent.objects.filter(boundary=boundary).count() == 1
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.BOUNDARY).count() == 1
    pages = []
    for client, response in zip((tab, other_tab), result.responses, strict=True):
        assert response["Location"] == f"/boundaries/{boundary.public_id}/"
        pages.append(page_after(client, response).content.decode())
    assert any("You had already sent this proposal; here it is." in page for page in pages)


def test_the_same_treatment_change_logged_twice_at_once_is_one_entry(couple):
    partnership, sam, alex = couple
    tab = signed_in(sam)
    other_tab = second_tab(tab)
    data = form_data(tab, "/treatment/new/change/")
    data.update({"kind": ["dose"], "note": ["Up to 0.75 mg/kg."]})

    result = race(
        post(tab, "/treatment/new/change/", data),
        post(other_tab, "/treatment/new/change/", data),
        table="journal_treatmententry",
    )

    assert result.inserts == 2
    entry = TreatmentEntry.objects.get(partnership=partnership)
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.TREATMENT_CHANGE).count() == 1
    for client, response in zip((tab, other_tab), result.responses, strict=True):
        assert response["Location"] == f"/treatment/{entry.public_id}/"
        page = page_after(client, response).content.decode()
        assert "Saved. Alex will see a notice about this change." in page
        assert "Up to 0.75 mg/kg." in page


def test_the_same_safety_plan_suggestion_sent_twice_at_once_is_one_suggestion(couple):
    partnership, sam, alex = couple
    tab = signed_in(alex)
    other_tab = second_tab(tab)
    data = form_data(tab, "/safety-plan/suggest/")
    data.update({"part": ["warning_signs"], "text": ["Skipping meals."]})

    result = race(
        post(tab, "/safety-plan/suggest/", data),
        post(other_tab, "/safety-plan/suggest/", data),
        table="journal_safetyplansuggestion",
    )

    assert result.inserts == 2
    assert SafetyPlanSuggestion.objects.filter(partnership=partnership).count() == 1
    assert Notice.objects.filter(recipient=sam, kind=Notice.Kind.SAFETY_PLAN).count() == 1
    for client, response in zip((tab, other_tab), result.responses, strict=True):
        page = page_after(client, response).content.decode()
        assert "Thank you. Sam will see your suggestion" in page


# --- the library --------------------------------------------------------------------------


def test_the_same_article_suggested_twice_at_once_is_one_suggestion(couple):
    partnership, sam, alex = couple
    article = publish("what-is-ketamine", title="What ketamine treatment is")
    tab = signed_in(sam)
    other_tab = second_tab(tab)
    action = f"/library/{article.slug}/suggest/"
    data = form_data(tab, article.get_absolute_url(), action)
    data["note"] = ["This one helped me."]

    result = race(
        post(tab, action, data), post(other_tab, action, data), table="resources_suggestion"
    )

    assert result.inserts == 2
    suggestion = Suggestion.objects.get(partnership=partnership)
    assert suggestion.note == "This one helped me."
    assert Notice.objects.filter(recipient=alex, kind=Notice.Kind.ARTICLE_SUGGESTED).count() == 1
    pages = [
        page_after(client, response).content.decode()
        for client, response in zip((tab, other_tab), result.responses, strict=True)
    ]
    assert any("Suggested to Alex." in page for page in pages)
    assert any("You had already suggested this to Alex" in page for page in pages)


def test_marking_an_article_read_twice_at_once_leaves_one_mark(couple):
    partnership, sam, _ = couple
    article = publish("what-is-ketamine", title="What ketamine treatment is")
    tab = signed_in(sam)
    other_tab = second_tab(tab)
    action = f"/library/{article.slug}/read/"
    data = form_data(tab, article.get_absolute_url(), action)

    result = race(
        post(tab, action, data), post(other_tab, action, data), table="resources_readingmark"
    )

    assert result.inserts == 2
    assert ReadingMark.objects.filter(partnership=partnership, user=sam).count() == 1
    assert [response.status_code for response in result.responses] == [302, 302]


# --- pairing ------------------------------------------------------------------------------


@pytest.fixture
def invitation():
    dana = make_user(name="Dana")
    pairing.start_partnership(dana, Role.IN_TREATMENT)
    return pairing.invite(load_couple(dana), dana)


def test_accepting_an_invitation_twice_at_once_joins_once(invitation):
    _, token = invitation
    jo = make_user(name="Jo")
    tab = signed_in(jo)
    other_tab = second_tab(tab)
    action = f"/invite/{token}/answer/"
    data = {**form_data(tab, f"/invite/{token}/", action), "confirm": ["on"]}

    result = race(
        post(tab, action, data), post(other_tab, action, data), table="partners_membership"
    )

    assert Membership.objects.filter(user=jo).count() == 1
    # The inviter hears once that Jo joined, not once per click.
    from journal.models import Notice

    assert Notice.objects.filter(recipient=invitation[0].invited_by).count() == 1
    # Both tabs land in the shared space: the second click is not told the link is used up.
    for client, response in zip((tab, other_tab), result.responses, strict=True):
        assert response["Location"] == "/home/"
        assert "You are paired" in page_after(client, response).content.decode()


def test_two_people_accepting_one_invitation_at_once_only_one_joins(invitation):
    invite, token = invitation
    jo, kim = make_user(name="Jo"), make_user(name="Kim")
    jos, kims = signed_in(jo), signed_in(kim)
    action = f"/invite/{token}/answer/"
    data = {**form_data(jos, f"/invite/{token}/", action), "confirm": ["on"]}

    result = race(post(jos, action, data), post(kims, action, data), table="partners_membership")

    assert invite.partnership.members.count() == 2
    statuses = sorted(response.status_code for response in result.responses)
    assert statuses == [302, 409]
    refused = next(r for r in result.responses if r.status_code == 409).content.decode()
    assert "This invitation has already been used" in refused


def test_starting_a_partnership_twice_at_once_makes_one(db):
    jo = make_user(name="Jo")
    tab = signed_in(jo)
    other_tab = second_tab(tab)
    data = {**form_data(tab, "/partnership/start/"), "role": [Role.SUPPORTING]}

    result = race(
        post(tab, "/partnership/start/", data),
        post(other_tab, "/partnership/start/", data),
        table="partners_partnership",
    )

    assert Partnership.objects.filter(started_by=jo).count() == 1
    assert Membership.objects.filter(user=jo).count() == 1
    for client, response in zip((tab, other_tab), result.responses, strict=True):
        assert page_after(client, response).status_code == 200


def test_making_a_new_invitation_link_twice_at_once_leaves_one_working(invitation):
    first, _ = invitation
    dana = first.invited_by
    tab = signed_in(dana)
    other_tab = second_tab(tab)
    data = form_data(tab, "/partnership/invite/", "/partnership/invite/new/")

    result = race(
        post(tab, "/partnership/invite/new/", data),
        post(other_tab, "/partnership/invite/new/", data),
        table="partners_invitation",
    )

    assert Invitation.objects.pending().filter(partnership=first.partnership).count() == 1
    assert [response.status_code for response in result.responses] == [302, 302]


# --- accounts -----------------------------------------------------------------------------


def test_signing_up_twice_at_once_makes_one_account(db):
    """A double click on Sign Up used to be a 500 for the second request."""
    tab = Client(raise_request_exception=False)
    other_tab = second_tab(tab)
    data = form_data(tab, "/accounts/signup/")
    data.update({"email": ["new.person@example.com"], "display_name": ["Nia"]})

    result = race(
        post(tab, "/accounts/signup/", data),
        post(other_tab, "/accounts/signup/", data),
        table="partners_user",
    )

    assert result.inserts == 2
    assert User.objects.filter(email="new.person@example.com").count() == 1
    # Both tabs say what any sign-up says: check your email (never a 500, never "taken").
    for response in result.responses:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/confirm-email/"
