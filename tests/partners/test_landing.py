"""The landing and privacy pages: public, and they explain what Alongside is."""

from django.urls import reverse


def test_landing_explains_the_app_to_someone_signed_out(client, db):
    response = client.get(reverse("landing"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "private space for two partners" in page
    assert "How privacy works" in page
    assert reverse("account_signup") in page
    assert reverse("account_login") in page


def test_landing_sends_a_signed_in_person_home(treatment_client):
    response = treatment_client.get(reverse("landing"))

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_landing_sends_someone_without_a_partner_home_too(loner_client):
    response = loner_client.get(reverse("landing"))

    assert response.url == reverse("dashboard")


def test_crisis_help_and_no_medical_advice_on_the_landing_page(client, db):
    page = client.get(reverse("landing")).content.decode()

    assert "If you or your partner are not safe right now" in page
    assert "988" in page
    assert "116 123" in page
    assert "does not give medical advice" in page


def test_privacy_page_is_public(client, db):
    response = client.get(reverse("privacy"))

    assert response.status_code == 200
    assert "Who sees what" in response.content.decode()


def test_privacy_page_is_readable_signed_in(supporting_client):
    response = supporting_client.get(reverse("privacy"))

    assert response.status_code == 200
