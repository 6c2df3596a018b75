"""The admin: number overflow in filters, staff password changes logged, no day change."""

import pytest
from django.urls import reverse

from partners.models import SecurityEvent
from tests.factories import make_user


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "query",
    [
        "reviewed_on__year=9999",
        "reviewed_on__year=2147483648",
        "reviewed_on__year=0",
        "reviewed_on__day=99999999999999999999",
    ],
)
def test_out_of_range_date_filters_are_a_400_not_a_500(operator_client, query):
    response = operator_client.get(f"/admin/resources/review/?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["reviewed_on__month=13", "reviewed_on__year=-5"])
def test_other_odd_dates_are_never_a_500(operator_client, query):
    assert operator_client.get(f"/admin/resources/review/?{query}").status_code < 500


def test_an_ordinary_year_filter_still_works(operator_client):
    assert operator_client.get("/admin/resources/review/?reviewed_on__year=2025").status_code == 200


def test_a_huge_number_in_any_filter_is_a_400(operator_client):
    response = operator_client.get("/admin/partners/user/?id__exact=99999999999999999999999")
    assert response.status_code == 400


def test_a_staff_password_change_is_in_the_persons_security_log(operator_client, loner):
    url = reverse("admin:auth_user_password_change", args=[loner.pk]).replace(
        "auth/user", "partners/user"
    )
    response = operator_client.post(
        url,
        {"password1": "a-new-long-passphrase-9", "password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == 302
    assert loner.security_events.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED_BY_STAFF).exists()


def test_operators_cannot_move_a_couples_check_in_day(operator_client, couple):
    page = operator_client.get(
        reverse("admin:partners_partnership_change", args=[couple.pk])
    ).content.decode()
    assert 'name="checkin_weekday"' not in page
