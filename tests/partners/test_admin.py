"""The Django admin sits behind allauth's sign-in (with MFA), never its own login form."""

from urllib.parse import urlencode

from django.urls import reverse

from tests.factories import make_user


def test_someone_signed_out_is_sent_to_allauths_sign_in(client, db):
    response = client.get("/admin/", follow=True)

    final_path, _ = response.redirect_chain[-1]
    assert final_path == reverse("account_login") + "?" + urlencode({"next": "/admin/"})
    assert response.status_code == 200
    assert 'name="login"' in response.content.decode()


def test_the_admins_own_login_form_is_never_shown(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_posting_to_the_admin_login_cannot_sign_in(client, db):
    staff = make_user(is_staff=True, is_superuser=True)

    client.post(reverse("admin:login"), {"username": staff.email, "password": "x"})

    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_who_is_not_staff_gets_403(loner_client):
    response = loner_client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_a_partner_who_is_not_staff_gets_403_on_any_admin_page(treatment_client):
    response = treatment_client.get("/admin/partners/partnership/", follow=True)

    assert response.status_code == 403


def test_staff_see_the_admin(client, db):
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Alongside editors" in response.content.decode()


def test_the_admin_never_shows_invitation_token_hashes(client, couple, in_treatment):
    from partners.models import Invitation

    invitation, _ = Invitation.issue(partnership=couple, invited_by=in_treatment, role="supporting")
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)

    page = client.get(
        reverse("admin:partners_invitation_change", args=[invitation.pk])
    ).content.decode()

    assert invitation.token_hash not in page
