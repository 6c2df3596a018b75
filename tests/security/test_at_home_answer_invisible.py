""" "I don't feel safe at home" never reaches the partner, by any URL (issue 10).

For every URL pattern in the authorization matrix that the supporting partner (or a stranger)
may open, the page is rendered twice: with the partner in treatment's revealed check-in saying
"not safe at home" and without. The two must be the same page, byte for byte, once the
per-render CSRF token and double-submit keys are set aside: not a word, a class, a count or
a timestamp may differ.
The same holds for the data export.
"""

import re

import pytest
from django.db import transaction
from django.test import Client

from journal.models import CheckIn
from partners.my_data import export
from tests.security.expect import ACTORS
from tests.security.matrix import TABLE
from tests.world import build_world

pytestmark = pytest.mark.django_db

# Fresh on every render by design: the CSRF token and each form's double-submit key.
PER_RENDER = re.compile(
    r'name="(csrfmiddlewaretoken|submission_key|[\w-]*submission_key)" value="[^"]+"'
)
OBSERVERS = ("supporting", "stranger")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def pages_open_to(actor):
    index = ACTORS.index(actor)
    return sorted(name for name, row in TABLE.items() if row.get[index] == 200)


def render(client, user, path):
    # A few pages (another person's email confirmation) sign the visitor out: sign back in.
    if "_auth_user_id" not in client.session:
        client.force_login(user)
    response = client.get(path)
    return response.status_code, PER_RENDER.sub("", response.content.decode(errors="replace"))


@pytest.mark.parametrize("actor", OBSERVERS)
def test_no_page_differs_when_the_partner_says_not_safe_at_home(world, actor):
    user = world.user_for(actor)
    theirs = CheckIn.objects.filter(public_id=world.ours.checkin)
    paths = [TABLE[name].url(world, world.ours) for name in pages_open_to(actor)]
    assert len(paths) > 20  # the walk reaches the whole signed-in app, not a handful

    client = Client()
    after = {}

    def differs(path):
        theirs.update(unsafe_at_home=False)
        before = render(client, user, path)
        theirs.update(unsafe_at_home=True)
        after[path] = render(client, user, path)
        return before != after[path]

    # Each page twice in a row. A page that differs is asked again: a clock ticking past a
    # minute can differ once, an answer showing through differs every time.
    differing = [path for path in paths if differs(path) and differs(path) and differs(path)]
    assert differing == []
    # Pages really rendered (a few redirect, e.g. a page that signs the visitor out).
    assert sum(status == 200 for status, _ in after.values()) > 20


def test_the_partners_export_never_carries_it(world):
    CheckIn.objects.filter(public_id=world.ours.checkin).update(unsafe_at_home=True)
    shown = export(world.ours.supporting)["partner_checkins_as_shown_to_me"]
    assert shown, "the partner's check-in was revealed, so the export carries it"
    assert all("unsafe_at_home" not in entry for entry in shown)
    assert "at home" not in str(shown).lower()
    authors = export(world.ours.in_treatment)["checkins"]
    assert any(entry.get("unsafe_at_home") for entry in authors)
