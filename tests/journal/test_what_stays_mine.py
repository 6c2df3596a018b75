"""Issue 12: what a person wrote stays theirs when the shared space closes.

Ended by either role, closed by either person deleting their account, and re-paired with
someone new: the author keeps their check-ins, trends, treatment entries, boundary wordings
and (in treatment) the safety plan; the former partner keeps nothing of theirs, on any
page or in any export.
"""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.boundaries.models import State
from journal.history import archive
from journal.models import SafetyPlan, SafetyPlanSuggestion
from partners import my_data, pairing
from partners.access import load_couple
from partners.models import Role
from tests.factories import make_user
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin, make_history
from tests.journal.treatment_factories import make_entry, make_plan
from tests.partners.conftest import reauthenticate

pytestmark = pytest.mark.django_db

PLAN_TEXT = "PLAN-TEXT-7c2e"
HER_ANSWER = "HER-ANSWER-1a9f"
HIS_ANSWER = "HIS-ANSWER-4d3b"
HER_NOTE = "HER-NOTE-82aa"
HIS_SUGGESTION = "HIS-SUGGESTION-55e0"
ENTRY_NOTE = "ENTRY-NOTE-0b7c"
HER_WORDING = "Tell me when your dose changes 9f1"
HIS_WORDING = "I drive you home after each session 3e2"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lived_in(couple, in_treatment, supporting):
    """A plan with consent on, a not-safe check-in from each, a suggestion, log and boundaries."""
    make_plan(couple, warning_signs=PLAN_TEXT, alert_on_unsafe_now=True, alert_on_self_harm=True)
    make_checkin(
        couple, in_treatment, what_helped=HER_ANSWER, unsafe_now=True, private_note=HER_NOTE
    )
    make_checkin(couple, supporting, worries=HIS_ANSWER)
    SafetyPlanSuggestion.objects.create(
        partnership=couple, author=supporting, part="warning_signs", text=HIS_SUGGESTION
    )
    make_entry(couple, note=ENTRY_NOTE)
    make_boundary(in_treatment, supporting, State.AGREED, wording=HER_WORDING)
    make_boundary(supporting, in_treatment, State.AGREED, wording=HIS_WORDING)
    return couple


def end_by(user):
    pairing.end_partnership(load_couple(user))


def delete_account(user):
    my_data.delete_account(user)


def export_text(user):
    return json.dumps(my_data.export(user), ensure_ascii=False)


# --- Both roles can end it, and each keeps their own ------------------------------------


@pytest.mark.parametrize("ender", ["in_treatment", "supporting"])
def test_the_safety_plan_stays_on_its_owners_pages_whoever_ends(
    request, lived_in, in_treatment, ender
):
    end_by(request.getfixturevalue(ender))
    client = client_for(in_treatment)

    plan_page = client.get(reverse("safety_plan")).content.decode()
    home = client.get(reverse("dashboard")).content.decode()
    printable = client.get(reverse("safety_plan_print"))

    assert PLAN_TEXT in plan_page
    assert HIS_SUGGESTION not in plan_page
    assert "This shared space closed on" in home
    assert reverse("safety_plan") in home
    assert printable.status_code == 200 and PLAN_TEXT in printable.content.decode()


def test_the_owner_can_still_change_the_plan_after_the_end(lived_in, in_treatment, supporting):
    end_by(supporting)
    client = client_for(in_treatment)
    plan = SafetyPlan.objects.get(owner=in_treatment)
    form = client.get(reverse("safety_plan_edit"))
    values = dict.fromkeys(("coping_on_my_own", "people_and_places", "people_to_ask"), "")
    values.update(
        warning_signs="Rewritten alone",
        clinicians_and_lines="My clinic",
        safer_surroundings="",
        version=plan.version,
    )

    saved = client.post(reverse("safety_plan_edit"), values)

    assert form.status_code == 200
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert plan.warning_signs == "Rewritten alone"
    assert plan.updated_by == in_treatment


@pytest.mark.parametrize("ender", ["in_treatment", "supporting"])
def test_alert_consent_ends_with_the_partnership(request, lived_in, ender):
    end_by(request.getfixturevalue(ender))

    assert SafetyPlan.objects.get(partnership=lived_in).alert_on_unsafe_now is False


@pytest.mark.parametrize("ender", ["in_treatment", "supporting"])
def test_the_former_partner_keeps_nothing_of_the_plan(request, lived_in, supporting, ender):
    end_by(request.getfixturevalue(ender))
    client = client_for(supporting)

    for name in ("safety_plan", "safety_plan_print", "safety_plan_edit"):
        response = client.get(reverse(name))
        assert PLAN_TEXT not in response.content.decode(), name
    assert PLAN_TEXT not in export_text(supporting)


@pytest.mark.parametrize("ender", ["in_treatment", "supporting"])
def test_both_see_a_calm_page_on_every_shared_page(
    request, lived_in, in_treatment, supporting, ender
):
    end_by(request.getfixturevalue(ender))
    for person in (in_treatment, supporting):
        client = client_for(person)
        for name in (
            "checkin_week",
            "checkin_history",
            "checkin_trends",
            "boundary_list",
            "treatment_log",
            "notice_list",
            "partnership_settings",
        ):
            response = client.get(reverse(name))
            page = response.content.decode()
            assert response.status_code == 200, (name, person)
            assert "This shared space closed on" in page, name
            for secret in (HER_ANSWER, HIS_ANSWER, ENTRY_NOTE, HER_WORDING, HIS_WORDING):
                assert secret not in page, (name, secret)


@pytest.mark.parametrize("ender", ["in_treatment", "supporting"])
def test_each_keeps_their_own_history_and_nothing_of_the_others(
    request, lived_in, in_treatment, supporting, ender
):
    end_by(request.getfixturevalue(ender))

    hers = client_for(in_treatment).get(reverse("my_history")).content.decode()
    his = client_for(supporting).get(reverse("my_history")).content.decode()

    assert HER_WORDING in hers and ENTRY_NOTE in hers and HIS_WORDING not in hers
    assert HIS_WORDING in his and ENTRY_NOTE not in his and HER_WORDING not in his
    assert "closed on" in hers and "closed on" in his


def test_own_check_in_opens_and_the_others_is_a_404(lived_in, in_treatment, supporting):
    end_by(supporting)
    hers = archive.own_checkins(in_treatment).get()
    his = archive.own_checkins(supporting).get()
    her_client, his_client = client_for(in_treatment), client_for(supporting)

    mine = her_client.get(reverse("my_history_checkin", args=[hers.public_id]))

    assert mine.status_code == 200
    assert HER_ANSWER in mine.content.decode() and HER_NOTE in mine.content.decode()
    assert her_client.get(reverse("my_history_checkin", args=[his.public_id])).status_code == 404
    assert his_client.get(reverse("my_history_checkin", args=[hers.public_id])).status_code == 404
    # The old shared URLs name the other's writing: a 404, worded calmly.
    old = his_client.get(reverse("checkin_detail", args=[hers.public_id]))
    assert old.status_code == 404
    assert HER_ANSWER not in old.content.decode()


def test_the_end_page_says_who_keeps_what_for_both_roles(couple, in_treatment, supporting):
    for person in (in_treatment, supporting):
        client = client_for(person)
        reauthenticate(client)
        page = client.get(reverse("partnership_end")).content.decode()
        assert "keeps what they wrote" in page.replace("\n", " ")
        assert "including answers you have already read" in page


# --- The export -------------------------------------------------------------------------


@pytest.mark.parametrize("ender", ["in_treatment", "supporting"])
def test_the_export_after_the_end_holds_only_ones_own(
    request, lived_in, in_treatment, supporting, ender
):
    end_by(request.getfixturevalue(ender))
    # Move the clock on a week: the week closes, which once revealed unanswered check-ins.
    later = timezone.now() + timedelta(days=8)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        his, hers = export_text(supporting), export_text(in_treatment)

    assert HIS_ANSWER in his and HIS_SUGGESTION in his and HIS_WORDING in his
    for secret in (HER_ANSWER, HER_NOTE, ENTRY_NOTE, PLAN_TEXT, HER_WORDING):
        assert secret not in his, secret
    for secret in (HER_ANSWER, HER_NOTE, ENTRY_NOTE, PLAN_TEXT, HER_WORDING):
        assert secret in hers, secret
    for secret in (HIS_ANSWER, HIS_SUGGESTION, HIS_WORDING):
        assert secret not in hers, secret


def test_an_unrevealed_check_in_of_the_former_partner_stays_out_of_the_export(
    couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, what_helped=HER_ANSWER)  # he never answered
    end_by(in_treatment)
    later = timezone.now() + timedelta(days=8)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        assert HER_ANSWER not in export_text(supporting)


# --- Deleting an account closes the space the same way ------------------------------------


def test_his_deletion_leaves_her_everything(lived_in, in_treatment, supporting):
    delete_account(supporting)
    client = client_for(in_treatment)

    assert PLAN_TEXT in client.get(reverse("safety_plan")).content.decode()
    history = client.get(reverse("my_history")).content.decode()
    assert HER_WORDING in history and ENTRY_NOTE in history
    assert "This shared space closed on" in client.get(reverse("checkin_week")).content.decode()
    hers = export_text(in_treatment)
    assert HER_ANSWER in hers and PLAN_TEXT in hers and HIS_ANSWER not in hers


def test_her_deletion_leaves_him_his_own(lived_in, in_treatment, supporting):
    delete_account(in_treatment)
    client = client_for(supporting)

    history = client.get(reverse("my_history")).content.decode()
    assert HIS_WORDING in history and HER_WORDING not in history
    plan = client.get(reverse("safety_plan"))
    assert PLAN_TEXT not in plan.content.decode()
    assert not SafetyPlan.objects.filter(warning_signs=PLAN_TEXT).exists()
    his = export_text(supporting)
    assert HIS_ANSWER in his and HER_ANSWER not in his and PLAN_TEXT not in his


# --- Pairing again ------------------------------------------------------------------------


def repair(user, role=Role.IN_TREATMENT):
    """`user` starts a new space in `role`; a newcomer joins it. Returns the newcomer."""
    pairing.start_partnership(user, role)
    _, token = pairing.invite(load_couple(user), user)
    from partners.models import Invitation

    newcomer = make_user(name="Newcomer")
    pairing.accept(Invitation.find(token), newcomer)
    return newcomer


def test_the_new_partner_cannot_reach_the_old_space(lived_in, in_treatment, supporting):
    end_by(supporting)
    old_checkins = list(archive.own_checkins(in_treatment)) + list(archive.own_checkins(supporting))
    newcomer = repair(in_treatment)
    client = client_for(newcomer)

    for checkin in old_checkins:
        for name in ("checkin_detail", "checkin_revisions", "my_history_checkin"):
            assert client.get(reverse(name, args=[checkin.public_id])).status_code == 404
    pages = [
        client.get(reverse(name)).content.decode()
        for name in (
            "checkin_history",
            "checkin_trends",
            "treatment_log",
            "boundary_list",
            "my_history",
            "dashboard",
        )
    ]
    exported = export_text(newcomer)
    for secret in (HER_ANSWER, HIS_ANSWER, ENTRY_NOTE, HER_WORDING, HIS_WORDING, HIS_SUGGESTION):
        assert all(secret not in page for page in pages), secret
        assert secret not in exported, secret


def test_the_plan_comes_along_into_the_new_space_without_old_suggestions(
    lived_in, in_treatment, supporting
):
    end_by(in_treatment)
    newcomer = repair(in_treatment)

    hers = client_for(in_treatment).get(reverse("safety_plan")).content.decode()

    assert PLAN_TEXT in hers and HIS_SUGGESTION not in hers
    plan = SafetyPlan.objects.get(owner=in_treatment)
    assert plan.partnership == load_couple(newcomer).partnership
    assert plan.alert_on_unsafe_now is False
    # The former partner has no way back to it.
    assert PLAN_TEXT not in client_for(supporting).get(reverse("safety_plan")).content.decode()
    # Nor does the new partner, until she saves it in the new space (review finding: a new
    # partner sees only what is written in the new space).
    assert "can't see this plan: you wrote it before they joined" in hers
    newcomers = client_for(newcomer)
    for name in ("safety_plan", "safety_plan_print", "dashboard"):
        assert PLAN_TEXT not in newcomers.get(reverse(name)).content.decode(), name
    assert PLAN_TEXT not in export_text(newcomer)
    edit = client_for(in_treatment).get(reverse("safety_plan_edit"))
    data = {**edit.context["form"].initial, "version": plan.version}
    client_for(in_treatment).post(reverse("safety_plan_edit"), data)
    assert PLAN_TEXT in newcomers.get(reverse("safety_plan")).content.decode()


def test_her_trend_continues_across_two_partnerships(couple, in_treatment, supporting):
    make_history(couple, in_treatment, supporting, 4)
    end_by(supporting)
    newcomer = repair(in_treatment)
    new = load_couple(in_treatment).partnership
    make_checkin(new, in_treatment, mood=9)

    trend = archive.own_trend(in_treatment, count=5)

    assert [checkin.partnership_id for checkin in trend] == [couple.pk] * 4 + [new.pk]
    page = client_for(in_treatment).get(reverse("my_history")).content.decode()
    assert "My mood, week by week" in page
    # The new partner's trends read only the new space, where her one check-in is not
    # revealed yet (he has not answered): none of her four earlier weeks is drawn, and
    # with nothing to draw he sees the first-week guide.
    theirs = client_for(newcomer).get(reverse("checkin_trends"))
    assert "charts" not in theirs.context
    assert "Nothing to draw yet" in theirs.content.decode()


def test_my_history_query_count_does_not_grow_with_years(
    django_assert_max_num_queries, couple, in_treatment, supporting
):
    """Guards my history from an N+1 over check-ins, entries or boundary wordings (each list
    is one query, capped) however many years lie behind it."""
    make_history(couple, in_treatment, supporting, 260)
    for _ in range(30):
        make_entry(couple, note="n")
    end_by(supporting)
    client = client_for(in_treatment)
    client.get(reverse("my_history"))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("my_history"))

    assert response.status_code == 200


def test_while_waiting_for_a_new_partner_the_plan_is_at_hand(lived_in, in_treatment, supporting):
    end_by(supporting)
    pairing.start_partnership(in_treatment, Role.IN_TREATMENT)
    client = client_for(in_treatment)

    home = client.get(reverse("dashboard")).content.decode()
    plan = client.get(reverse("safety_plan")).content.decode()

    assert reverse("safety_plan") in home
    assert PLAN_TEXT in plan and HIS_SUGGESTION not in plan
    assert "your new partner can read it once they have joined and you have saved it" in plan


@pytest.mark.parametrize("weeks", [2, 260])
def test_closed_space_and_own_plan_pages_query_counts_stay_flat(
    django_assert_max_num_queries, couple, in_treatment, supporting, weeks
):
    """Guards the closed-space page and the owner's plan page from reading the old space's
    history (neither lists any of it), however long it was."""
    make_history(couple, in_treatment, supporting, weeks)
    make_plan(couple)
    end_by(supporting)
    client = client_for(in_treatment)
    client.get(reverse("checkin_week"))

    with django_assert_max_num_queries(3):
        closed = client.get(reverse("checkin_week"))
    with django_assert_max_num_queries(4):
        plan = client.get(reverse("safety_plan"))

    assert closed.status_code == 200 and plan.status_code == 200


def test_earlier_versions_stay_with_their_author(lived_in, in_treatment, supporting):
    from journal.models import CheckInRevision

    hers = archive.own_checkins(in_treatment).get()
    CheckInRevision.objects.create(
        checkin=hers, version=1, answers={"what_helped": "FIRST-DRAFT-11"}, saved_at=timezone.now()
    )
    end_by(supporting)

    page = client_for(in_treatment).get(reverse("my_history_checkin", args=[hers.public_id]))

    assert "FIRST-DRAFT-11" in page.content.decode()
    # Labelled as the check-in pages label them, not by field name (review finding).
    assert "What helped" in page.content.decode()
    assert "Phq9" not in page.content.decode() and "Unsafe now" not in page.content.decode()
    assert "FIRST-DRAFT-11" in export_text(in_treatment)
    assert "FIRST-DRAFT-11" not in export_text(supporting)
