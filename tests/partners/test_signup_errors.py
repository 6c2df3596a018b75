"""A sign-up error says exactly what to type again: password boxes come back empty."""

from django.urls import reverse

SIGNUP = reverse("account_signup")


def _post(client, **changes):
    data = {
        "display_name": "Noor",
        "email": "noor@example.com",
        "password1": "a-long-new-passphrase-9",
        "password2": "a-long-new-passphrase-9",
        "time_zone": "Europe/London",
        **changes,
    }
    return client.post(SIGNUP, data)


def test_mismatched_passwords_ask_for_both_again_and_keep_the_rest(client, db):
    response = _post(client, password2="something-else-entirely")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing you typed has been lost" not in page
    assert "type your password again in “Password” and “Password (again)”" in page
    assert 'value="noor@example.com"' in page
    assert 'value="Noor"' in page


def test_an_error_elsewhere_still_asks_for_the_passwords_again(client, db):
    page = _post(client, email="not-an-address").content.decode()
    assert "Nothing you typed has been lost" not in page
    assert "type your password again" in page


def test_a_form_without_passwords_keeps_its_promise(treatment_client):
    """Forms that redraw every value still say so."""
    response = treatment_client.post(
        reverse("account_profile"), {"display_name": "Sam", "time_zone": "Nowhere/Else"}
    )
    assert "Nothing you typed has been lost" in response.content.decode()
