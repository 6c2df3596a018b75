"""Former partners in the authorization matrix (issue 12): every URL pattern, asked by

- "former partner (ended)": the supporting partner of a couple whose space the partner in
  treatment ended, with that couple's ids (the check-in, notice, entry and boundary named
  are the other's writing);
- "former partner (deleted)": the partner in treatment of a couple whose supporter deleted
  their account, with that couple's ids (now all her own writing, in a closed space).

The shared space's URLs answer a 404 when they name an object, whoever wrote it, and the
calm "This shared space closed" page (200) otherwise, never showing what is behind it.
One's own archive answers 200 (`test_own_archive_opens`). Every other URL answers as it
does for the same person while paired (`tests.security.matrix`), except where a row below
says why it differs now they have no partnership.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from journal.history import archive
from partners import my_data, pairing
from partners.access import load_couple
from tests.security.expect import ACTORS, ADMIN_LOGIN, LOGIN, is_refusal, mismatch
from tests.security.matrix import CLINIC_LINK_PAGE, TABLE
from tests.security.test_authorization_matrix import METHODS, writes_during
from tests.world import build_world

pytestmark = pytest.mark.django_db

FORMER_ACTORS = {
    # actor: (which couple's ids, their role there, their column in the table while paired:
    # the partner in treatment of "theirs" is the table's "stranger")
    "former partner (ended)": ("ours", "supporting", "supporting"),
    "former partner (deleted)": ("theirs", "in_treatment", "stranger"),
}
# One's own archive: open with or without a partnership (see test_own_archive_opens).
ARCHIVE = {"my_history", "my_history_checkin"}
# A clinic summary link is the partner in treatment's own (journal.clinic): it outlives the
# space, so they can still list it, see it and turn it off; anyone else's is a 404. The
# method is checked before the link is looked up. (The list says the space closed: tested in
# tests/journal/test_clinic_links.py.)
OWN_LINK = {"clinic_links", "clinic_link", "clinic_link_revoke"}
CLOSED = "This shared space closed on"

# Where an unpaired former partner's answer differs from their paired one, and why.
UNPAIRED = {
    # Nobody to pair with any more: starting a new space is offered, not redirected away.
    ("partnership_start", "GET"): 200,
    ("partnership_start", "POST"): 200,
    # A bound empty invitation answer: the same 400 as anyone.
    ("invitation_answer", "POST"): 400,
    # Library actions that go to a partner: a 404 for anyone unpaired, as for staff; the
    # article itself stays readable to everyone.
    ("library_mark_read", "GET"): 404,
    ("library_mark_read", "POST"): 404,
    ("library_suggest", "GET"): 404,
    ("library_suggest", "POST"): 404,
    # The plan's copy for a device is only read (405 to a POST from anyone).
    ("safety_plan_offline_copy", "POST"): 405,
}
# Safety-plan pages open on the owner's own plan once the space has closed.
OWN_PLAN = {
    ("safety_plan", "GET"): 200,
    ("safety_plan_print", "GET"): 200,
    ("safety_plan_edit", "GET"): 200,
    ("safety_plan_edit", "POST"): 400,  # an empty form: errors shown, nothing saved
    ("safety_plan", "POST"): 405,
    ("safety_plan_print", "POST"): 405,
    # Her own plan, to keep on her device (journal/offline).
    ("safety_plan_offline_copy", "GET"): 200,
    ("safety_plan_offline_copy", "POST"): 405,
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        pairing.end_partnership(load_couple(world.ours.in_treatment))
        my_data.delete_account(world.theirs.supporting)
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def session_keys(world):
    keys = {}
    for actor, (couple, role, _) in FORMER_ACTORS.items():
        client = Client()
        client.force_login(getattr(getattr(world, couple), role))
        keys[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def client_for(session_keys, actor):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_keys[actor]
    return client


def shared_space_pattern(row):
    """A page of the shared space: the staff (unpaired) answer 404 where a partner does not."""
    answers = dict(zip(ACTORS, row.get, strict=True))
    # Not the admin's pages: staff get in there, partners are sent to its sign-in.
    return row.couple_object or (
        answers["editor"] == 404 and answers["in_treatment"] not in (404, ADMIN_LOGIN)
    )


def expected_for(key, method, actor):
    row = TABLE[key]
    _, role, column = FORMER_ACTORS[actor]
    if key == "my_history_checkin":
        # Names the partner in treatment's check-in: hers to open, a 404 for him.
        if method == "POST":
            return 405
        return 200 if role == "in_treatment" else 404
    if key in OWN_LINK:
        owner = role == "in_treatment"
        return {
            ("clinic_links", "GET"): 200,
            ("clinic_links", "POST"): 405,
            ("clinic_link", "GET"): 200 if owner else 404,
            ("clinic_link", "POST"): 405,
            ("clinic_link_revoke", "GET"): 405,
            ("clinic_link_revoke", "POST"): CLINIC_LINK_PAGE if owner else 404,
        }[(key, method)]
    if role == "in_treatment" and (key, method) in OWN_PLAN:
        return OWN_PLAN[(key, method)]
    if (key, method) in UNPAIRED:
        return UNPAIRED[(key, method)]
    if key not in ARCHIVE and shared_space_pattern(row):
        return 404 if row.couple_object else 200
    return dict(zip(ACTORS, getattr(row, method.lower()), strict=True))[column]


def _cases():
    for key in sorted(TABLE):
        for method in METHODS:
            for actor in FORMER_ACTORS:
                yield pytest.param(
                    key,
                    method,
                    actor,
                    expected_for(key, method, actor),
                    id=f"{key}-{method}-{actor}",
                )


@pytest.mark.parametrize(("key", "method", "actor", "expected"), list(_cases()))
def test_former_partner_matrix(world, session_keys, key, method, actor, expected):
    row = TABLE[key]
    couple = getattr(world, FORMER_ACTORS[actor][0])
    client = client_for(session_keys, actor)

    response, written = writes_during(client, method, row.url(world, couple))

    path = response.request["PATH_INFO"]
    problem = mismatch(response, expected, path, world, couple)
    assert problem is None, f"{method} {path} as {actor}: {problem}"
    if is_refusal(expected) or (method == "GET" and not row.writes_on_get):
        assert written == [], f"{method} {path} as {actor} wrote: {written}"
    if (
        key not in ARCHIVE | OWN_LINK
        and shared_space_pattern(row)
        and (key, method) not in OWN_PLAN
        and (key, method) not in UNPAIRED
    ):
        # The closed space is explained, and nothing of it is shown.
        assert CLOSED in response.content.decode(), f"{method} {path} as {actor}"


def test_the_expectations_keep_the_other_s_writing_behind_a_404():
    """The rule itself: no row may let a former partner open an object of the old space."""
    for key, row in TABLE.items():
        if row.couple_object:
            for method in METHODS:
                for actor in FORMER_ACTORS:
                    assert expected_for(key, method, actor) == 404, (key, method, actor)
    assert LOGIN not in [expected_for("my_history", "GET", actor) for actor in FORMER_ACTORS]


def test_own_archive_opens(world, session_keys):
    for actor, (couple_name, role, _) in FORMER_ACTORS.items():
        person = getattr(getattr(world, couple_name), role)
        client = client_for(session_keys, actor)
        assert client.get(reverse("my_history")).status_code == 200
        own = list(archive.own_checkins(person))
        assert own, actor
        for checkin in own:
            url = reverse("my_history_checkin", args=[checkin.public_id])
            assert client.get(url).status_code == 200, (actor, url)


def test_the_other_s_archive_is_a_404(world, session_keys):
    her = world.ours.in_treatment
    client = client_for(session_keys, "former partner (ended)")
    for checkin in archive.own_checkins(her):
        url = reverse("my_history_checkin", args=[checkin.public_id])
        assert client.get(url).status_code == 404
