"""Crisis help on every response, error pages included (issue 10, finding 6).

Each error page carries the crisis lines with their numbers as tap-to-call links and their
addresses written out, and the "Get help now" link at the top.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from config.helplines import normalise

HELP_MARKERS = (
    'href="tel:988"',
    'href="sms:741741?&amp;body=HOME"',
    'href="tel:116123"',
    'href="sms:85258?&amp;body=SHOUT"',
    'href="sms:50808"',
    'href="tel:112"',
    'href="tel:999"',
    "findahelpline.com",  # written out, not only linked
    "Get help now",
)


def assert_has_help(response):
    page = response.content.decode()
    missing = [marker for marker in HELP_MARKERS if marker not in page]
    assert not missing, (response.status_code, missing)


def test_every_page_has_tap_to_call_lines_and_get_help(client, db):
    assert_has_help(client.get(reverse("landing")))


def test_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_has_help(response)


def test_405_is_a_page_not_a_blank(treatment_client):
    response = treatment_client.get(reverse("safety_plan_alert"))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "Nothing was changed" in response.content.decode()
    assert_has_help(response)
    assert "no-store" in response["Cache-Control"]


def test_403_csrf_failure(in_treatment, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(in_treatment)
    response = client.post(reverse("safety_plan_alert"), {})
    assert response.status_code == 403
    assert "could not be sent safely" in response.content.decode()
    assert_has_help(response)


def test_403_wrong_role(supporting_client):
    response = supporting_client.post(reverse("safety_plan_alert"), {})
    assert response.status_code == 403
    assert_has_help(response)


def test_400(admin_client):
    response = admin_client.get("/admin/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert_has_help(response)


def test_429_is_what_allauth_answers_with(rf, db):
    """allauth looks up config.urls.handler429 for every rate limit it enforces."""
    from allauth.core.ratelimit import respond_429
    from django.contrib.auth.models import AnonymousUser

    request = rf.post(reverse("account_login"))
    request.user = AnonymousUser()
    response = respond_429(request)
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert_has_help(response)


def test_500_has_the_lines_with_addresses_without_touching_the_database(rf):
    from partners.views.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert_has_help(response)


def test_ireland_emergency_numbers_and_canada_are_spelled_out():
    regions = {line["region"]: line for line in settings.CRISIS_LINES}
    assert [a["label"] for a in regions["Emergency, Ireland"]["actions"]] == [
        "Call 112",
        "Call 999",
    ]
    assert "Canada" in regions and regions["Canada"]["actions"][0]["href"] == "tel:988"


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [{"name": "No region"}],
        [{"region": "X", "name": "Y", "call": "not a number"}],
        [{"region": "X", "name": "Y", "url": "http://insecure.example"}],
        [{"region": "X", "name": "Y", "colour": "red"}],
    ],
)
def test_malformed_lines_stop_the_app(bad):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        normalise(bad, "CRISIS_LINES")
