"""A person's own settings: name the partner sees, time zone, notification emails."""

import pytest
from django.urls import reverse

URL = reverse("account_profile")


def test_requires_sign_in(client, db):
    assert client.get(URL).url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "client_name", ["treatment_client", "supporting_client", "loner_client", "stranger_client"]
)
def test_everyone_signed_in_has_their_own_settings(request, client_name):
    client = request.getfixturevalue(client_name)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Account settings" in response.content.decode()


def test_the_form_shows_only_my_values(treatment_client, in_treatment, supporting):
    page = treatment_client.get(URL).content.decode()

    assert f'value="{in_treatment.display_name}"' in page
    assert supporting.display_name not in page


def test_saving_changes_my_name_zone_and_emails(treatment_client, in_treatment):
    response = treatment_client.post(
        URL, {"display_name": "  Sammy ", "time_zone": "America/Chicago"}
    )

    assert response.url == URL
    in_treatment.refresh_from_db()
    assert in_treatment.display_name == "Sammy"
    assert in_treatment.time_zone == "America/Chicago"
    assert in_treatment.email_notifications is False
    assert "Your settings are saved." in treatment_client.get(URL).content.decode()


def test_my_partner_sees_my_new_name(treatment_client, supporting_client):
    treatment_client.post(
        URL, {"display_name": "Sammy", "time_zone": "UTC", "email_notifications": "on"}
    )

    assert "Sammy" in supporting_client.get(reverse("dashboard")).content.decode()


def test_an_empty_post_shows_errors_rather_than_a_blank_form(loner_client, loner):
    response = loner_client.post(URL, {})

    assert "This field is required." in response.content.decode()
    loner.refresh_from_db()
    assert loner.email_notifications is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "x" * 81, "time_zone": "UTC"}, "at most 80 characters"),
        ({"display_name": "Sam\x00", "time_zone": "UTC"}, "Null characters"),
        ({"display_name": "Sam", "time_zone": "Nowhere/Town"}, "Select a valid choice."),
    ],
    ids=["too-long", "nul", "zone"],
)
def test_bad_input_keeps_what_was_typed(loner_client, loner, data, message):
    response = loner_client.post(URL, data)

    page = response.content.decode()
    assert message in page
    loner.refresh_from_db()
    assert loner.display_name == "Jo"


def test_saving_my_profile_does_not_undo_a_password_change_made_meanwhile(
    loner_client, loner, monkeypatch
):
    """Another tab changes the password while this form is being saved."""
    from partners.forms import ProfileForm
    from partners.models import User

    original_clean = ProfileForm.clean

    def clean_while_password_changes(form):
        other = User.objects.get(pk=loner.pk)
        other.set_password("a-brand-new-passphrase-7")
        other.save(update_fields=["password"])
        return original_clean(form)

    monkeypatch.setattr(ProfileForm, "clean", clean_while_password_changes)

    loner_client.post(URL, {"display_name": "Jo", "time_zone": "UTC"})

    loner.refresh_from_db()
    assert loner.check_password("a-brand-new-passphrase-7")


def test_errors_and_help_are_wired_to_their_field(loner_client):
    """Every id a field points aria-describedby at exists, so screen readers read it."""
    import re

    page = loner_client.post(URL, {"display_name": "x" * 81, "time_zone": "UTC"}).content.decode()

    described = re.findall(r'aria-describedby="([^"]+)"', page)
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    assert "id_display_name_error" in " ".join(described)
    for reference in " ".join(described).split():
        assert reference in ids, f"aria-describedby points at missing #{reference}"


def test_a_name_cannot_turn_the_apps_own_words_around(treatment_client, in_treatment, supporting):
    """Found by a reviewer: a right-to-left override never closed in a partner's name
    reversed the rest of the sentence around it ("Waiting for Rob ,edir eht mrifnoc")."""
    treatment_client.post(URL, {"display_name": "Rob \u202eevil\u2066", "time_zone": "UTC"})
    in_treatment.refresh_from_db()
    assert in_treatment.display_name == "Rob evil"
    # A name saved before this rule is shown without them too.
    supporting.display_name = "Alex \u202dx\u202e"
    supporting.save(update_fields=["display_name"])
    assert supporting.name == "Alex x"
