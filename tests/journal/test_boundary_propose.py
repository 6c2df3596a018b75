"""Proposing a boundary, from scratch or from a starter suggestion."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from journal.boundaries.models import Category, State
from journal.boundaries.starters import BY_KEY, STARTERS
from journal.models import Boundary, Notice
from partners.models import Membership, Partnership, Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = reverse("boundary_propose")


def form_data(couple, **overrides):
    data = {
        "wording": "Tell me the same day if your dose changes.",
        "why": "So I am never surprised.",
        "category": Category.TREATMENT,
        "revisit_on": (couple.today() + timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return data


def key_from(response):
    return re.search(r'name="submission_key" value="([^"]+)"', response.content.decode())[1]


def test_requires_sign_in(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404
    assert loner_client.post(URL, {}).status_code == 404


def test_someone_whose_partner_has_not_joined_is_sent_home(client):
    alone = make_user()
    partnership = Partnership.objects.create(started_by=alone)
    Membership.objects.create(partnership=partnership, user=alone, role=Role.IN_TREATMENT)
    client.force_login(alone)

    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


@pytest.mark.parametrize("client_name", ["treatment_client", "supporting_client"])
def test_either_partner_can_propose(client_name, request, couple):
    client = request.getfixturevalue(client_name)
    page = client.get(URL)
    assert page.status_code == 200

    response = client.post(URL, form_data(couple, submission_key=key_from(page)))

    boundary = Boundary.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("boundary_detail", args=[boundary.public_id])
    assert boundary.partnership == couple
    assert boundary.state == State.PROPOSED
    assert boundary.wording == "Tell me the same day if your dose changes."


def test_the_partner_gets_a_notice(treatment_client, couple, supporting):
    treatment_client.post(URL, form_data(couple))

    notice = Notice.objects.get(recipient=supporting)
    assert notice.kind == Notice.Kind.BOUNDARY


def test_the_form_suggests_a_revisit_date_about_three_months_ahead(treatment_client, couple):
    html = treatment_client.get(URL).content.decode()

    expected = couple.today() + timedelta(days=91)
    assert f'value="{expected.isoformat()}"' in html


def test_a_starter_fills_the_form_to_reword(treatment_client, couple):
    starter = BY_KEY["ride-home"]

    html = treatment_client.get(URL, {"starter": "ride-home"}).content.decode()

    assert "next day, after a good night" in html
    assert 'value="session_days" required id="id_category_1" checked' in html
    assert "Started from a suggestion" in html
    assert starter.why in html


def test_an_adopted_starter_is_remembered_even_when_reworded(treatment_client, couple):
    treatment_client.post(
        f"{URL}?starter=no-quizzing", form_data(couple, wording="I'll wait for you to tell me.")
    )

    boundary = Boundary.objects.get()
    assert boundary.starter == "no-quizzing"
    assert boundary.wording == "I'll wait for you to tell me."


@pytest.mark.parametrize("starter", ["nope", "ride-home\x00", "x" * 5000, ""])
def test_an_unknown_starter_is_ignored(starter, treatment_client):
    response = treatment_client.get(URL, {"starter": starter})

    assert response.status_code == 200
    assert "Started from a suggestion" not in response.content.decode()


def test_every_starter_fits_the_form(treatment_client, couple):
    for starter in STARTERS:
        response = treatment_client.post(
            f"{URL}?starter={starter.key}",
            form_data(couple, wording=starter.wording, why=starter.why, category=starter.category),
        )
        assert response.status_code == 302, starter.key
    assert Boundary.objects.count() == len(STARTERS)


def test_the_same_form_sent_twice_makes_one_boundary(treatment_client, couple):
    key = key_from(treatment_client.get(URL))

    first = treatment_client.post(URL, form_data(couple, submission_key=key))
    second = treatment_client.post(URL, form_data(couple, submission_key=key), follow=True)

    assert Boundary.objects.count() == 1
    assert first.url == second.redirect_chain[0][0]
    assert "already sent this proposal" in second.content.decode()


def test_spacing_is_tidied(treatment_client, couple):
    treatment_client.post(URL, form_data(couple, wording="  Call   me\n\nafter  "))

    assert Boundary.objects.get().wording == "Call me after"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wording", "", "Write the boundary in a sentence or two."),
        ("wording", "   ", "Write the boundary in a sentence or two."),
        ("wording", "x" * 5000, "300 characters or fewer (it has 5000)"),
        ("wording", "Tell me\x00 now", "Null characters are not allowed."),
        ("why", "y" * 1001, "1000 characters or fewer"),
        ("category", "everything", "Select a valid choice."),
        ("revisit_on", "", "Choose a date to revisit it."),
        ("revisit_on", "1900-01-01", "Choose a date after today"),
        ("revisit_on", "9999-12-31", "within the next 3 years"),
        ("revisit_on", "99999-01-01", "Enter a real date"),
        ("revisit_on", "2027-02-30", "Enter a real date"),
        ("revisit_on", "2027\x00-01-01", "Enter a real date"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(
    field, value, message, treatment_client, couple
):
    data = form_data(couple, why="My careful reasons")
    data[field] = value

    response = treatment_client.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Nothing you typed has been lost" in html
    if field != "why":
        assert "My careful reasons" in html
    if field != "wording":
        assert "Tell me the same day if your dose changes." in html
    assert not Boundary.objects.exists()


def test_a_tampered_submission_key_is_explained(treatment_client, couple):
    response = treatment_client.post(URL, form_data(couple, submission_key="not-a-key"))

    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    assert not Boundary.objects.exists()
