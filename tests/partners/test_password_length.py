"""Passwords are at least 12 characters (ASVS 2.1.1)."""

from django.urls import reverse


def _sign_up(client, password):
    return client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": password,
            "password2": password,
            "time_zone": "UTC",
        },
    )


def test_eleven_characters_are_refused(client, db):
    response = _sign_up(client, "plum-river7")
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_twelve_characters_are_enough(client, db):
    assert _sign_up(client, "plum-river7x").status_code == 302
