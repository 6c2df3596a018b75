"""Staff (editors, reviewers, operators) need a second factor before the admin opens."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import make_user


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, db):
    staff = make_user(is_staff=True, is_superuser=True, second_factor=False)
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    page = client.get(response["Location"]).content.decode()
    assert "two-step sign-in before you can use the admin" in page


def test_staff_with_a_second_factor_see_the_admin(client, db):
    staff = make_user(is_staff=True, is_superuser=True)
    assert Authenticator.objects.filter(user=staff).exists()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_partners_are_not_asked_for_one(treatment_client):
    assert treatment_client.get(reverse("dashboard")).status_code == 200
