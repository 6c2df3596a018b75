"""Changing the sign-in email needs a fresh password, tells the old address, and is logged.

The attack this guards: from any old session, add an address the attacker reads, confirm
it, reset the password to it. allauth's reauthentication stops the first step; its
notification emails tell the victim when any change does happen.
"""

import re

from allauth.account.models import EmailAddress
from django.urls import reverse

from partners.models import SecurityEvent
from tests.factories import PASSWORD
from tests.partners.conftest import reauthenticate

EMAIL = reverse("account_email")
Kind = SecurityEvent.Kind


def _add(client, address="attacker@example.net"):
    return client.post(EMAIL, {"action_add": "", "email": address})


def test_adding_an_address_with_only_a_session_asks_for_the_password(
    treatment_client, in_treatment, mailoutbox
):
    response = _add(treatment_client)

    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert not EmailAddress.objects.filter(email="attacker@example.net").exists()
    assert mailoutbox == []


def test_making_another_address_primary_asks_for_the_password(treatment_client, in_treatment):
    other = EmailAddress.objects.create(
        user=in_treatment, email="second@example.com", verified=True
    )
    response = treatment_client.post(EMAIL, {"action_primary": "", "email": other.email})
    assert reverse("account_reauthenticate") in response["Location"]
    other.refresh_from_db()
    assert not other.primary


def test_removing_an_address_asks_for_the_password(treatment_client, in_treatment):
    EmailAddress.objects.create(user=in_treatment, email="second@example.com", verified=True)
    response = treatment_client.post(EMAIL, {"action_remove": "", "email": "second@example.com"})
    assert reverse("account_reauthenticate") in response["Location"]
    assert EmailAddress.objects.filter(email="second@example.com").exists()


def test_a_completed_change_is_emailed_to_the_old_address_and_logged(
    treatment_client, in_treatment, mailoutbox
):
    old = in_treatment.email
    reauthenticate(treatment_client)
    assert _add(treatment_client, "new.address@example.com").status_code == 302
    assert in_treatment.security_events.filter(kind=Kind.EMAIL_CHANGE_ASKED).count() == 1
    confirmation = mailoutbox[-1]
    assert confirmation.to == ["new.address@example.com"]
    key_url = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", confirmation.body)
    mailoutbox.clear()

    treatment_client.post(key_url.group(1))

    in_treatment.refresh_from_db()
    assert in_treatment.email == "new.address@example.com"
    to_old = [message for message in mailoutbox if message.to == [old]]
    assert len(to_old) == 1
    assert "new.address@example.com" in to_old[0].body
    assert in_treatment.security_events.filter(kind=Kind.EMAIL_CHANGED).count() == 1


def test_a_removed_address_is_logged(treatment_client, in_treatment):
    EmailAddress.objects.create(user=in_treatment, email="second@example.com", verified=True)
    reauthenticate(treatment_client)
    treatment_client.post(EMAIL, {"action_remove": "", "email": "second@example.com"})
    assert in_treatment.security_events.filter(kind=Kind.EMAIL_REMOVED).count() == 1


def test_a_password_change_is_emailed_to_the_person(treatment_client, in_treatment, mailoutbox):
    response = treatment_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase-7",
            "password2": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[in_treatment.email]]
    assert "password" in mailoutbox[0].subject.lower()
