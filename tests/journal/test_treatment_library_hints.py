"""Treatment-log details that come from the library: no "No ride needed" after esketamine,
a link to the at-home article for a dose at home, and after-effects the clinic should hear."""

import html

import pytest
from django.urls import reverse

from journal.checkins.answers import groups
from journal.checkins.models import ANSWER_FIELDS, AfterEffect
from journal.models import TreatmentEntry
from journal.treatment.models import Driver, Kind
from partners.models import Role
from tests.journal.test_treatment_new import SESSION_URL, session_data
from tests.journal.treatment_factories import make_entry

pytestmark = pytest.mark.django_db
AT_HOME_URL = "/library/at-home-ketamine/"


def test_an_esketamine_session_cannot_be_logged_without_a_ride(treatment_client, couple):
    data = session_data(couple, kind=Kind.ESKETAMINE, driver=Driver.NONE)
    response = treatment_client.post(SESSION_URL, data)
    assert response.status_code == 400
    assert "a ride home is always needed" in html.unescape(response.content.decode())
    assert not TreatmentEntry.objects.exists()


def test_other_sessions_may_still_need_no_ride(treatment_client, couple):
    data = session_data(couple, kind=Kind.THERAPY, driver=Driver.NONE)
    assert treatment_client.post(SESSION_URL, data).status_code == 302


def test_the_new_session_form_says_no_ride_is_never_right_after_esketamine(treatment_client):
    page = html.unescape(treatment_client.get(SESSION_URL).content.decode())
    assert "No ride needed (never after esketamine)" in page


def test_editing_an_esketamine_session_does_not_offer_no_ride(treatment_client, couple):
    entry = make_entry(couple, kind=Kind.ESKETAMINE, place="Riverside Clinic")
    page = html.unescape(
        treatment_client.get(reverse("treatment_edit", args=[entry.public_id])).content.decode()
    )
    assert "Who is driving you home?" in page
    assert "No ride needed" not in page


@pytest.mark.parametrize(
    ("place", "kind", "linked"),
    [
        ("home", Kind.OTHER_KETAMINE, True),
        ("At home with Alex", Kind.OTHER_KETAMINE, True),
        ("Riverside Clinic", Kind.OTHER_KETAMINE, False),
        ("home", Kind.THERAPY, False),
        ("Homestead Clinic", Kind.IV_INFUSION, False),
    ],
)
def test_a_dose_at_home_links_the_at_home_article(
    place, kind, linked, treatment_client, supporting_client, couple
):
    entry = make_entry(couple, kind=kind, place=place)
    url = reverse("treatment_entry", args=[entry.public_id])
    for client in (treatment_client, supporting_client):
        assert (AT_HOME_URL in client.get(url).content.decode()) is linked


def _answers(effects):
    answers = dict.fromkeys(ANSWER_FIELDS)
    answers.update(after_effects=effects, after_effects_other="")
    return answers


@pytest.mark.parametrize(
    ("effects", "told"),
    [
        ([AfterEffect.BLADDER], "Bladder symptoms"),
        ([AfterEffect.DISSOCIATION], "Dissociation that lasts past the day"),
        ([AfterEffect.NAUSEA, AfterEffect.HEADACHE], None),
    ],
)
def test_after_effects_that_need_the_clinic_say_so(effects, told):
    rows = {
        row.label: row.value
        for group in groups(_answers(effects), Role.IN_TREATMENT)
        for row in group.rows
    }
    if told:
        assert told in rows["Worth telling the clinic"]
        assert "tell the clinic" in rows["Worth telling the clinic"]
    else:
        assert "Worth telling the clinic" not in rows


def test_after_care_links_the_article_that_explains_it(supporting_client, couple):
    entry = make_entry(couple, kind=Kind.IV_INFUSION, aftercare="A quiet evening.")
    page = supporting_client.get(reverse("treatment_entry", args=[entry.public_id]))
    assert "/library/after-care-and-integration/" in page.content.decode()
