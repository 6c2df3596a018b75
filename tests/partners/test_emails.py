"""partners.emails and allauth's emails: no health details, and a dead mail server is survivable."""

import logging

import pytest
from django.urls import reverse

from partners import emails
from tests.factories import PASSWORD, make_user
from tests.partners.conftest import assert_no_health_words


def test_the_invitation_email_has_the_link_and_nothing_about_treatment(mailoutbox):
    delivery = emails.send_invitation(to="alex@example.com", link="/invite/abc/")

    delivery.refresh_from_db()
    assert delivery.status.sent
    message = mailoutbox[0]
    assert message.subject == "[Alongside] You have been invited to Alongside"
    assert "http://testserver/invite/abc/" in message.body
    assert 'href="http://testserver/invite/abc/"' in message.alternatives[0][0]
    assert_no_health_words(message)


def test_the_something_waiting_email_says_only_that(loner, mailoutbox):
    emails.send_something_waiting(loner, link="/checkins/")

    message = mailoutbox[0]
    assert "Something is waiting for you" in message.body
    assert "http://testserver/checkins/" in message.body
    assert_no_health_words(message)


def test_no_waiting_email_for_someone_who_turned_them_off(db, mailoutbox):
    person = make_user(email_notifications=False)

    assert emails.send_something_waiting(person, link="/home/") is None
    assert mailoutbox == []


def test_the_partnership_ended_email_says_nothing_more(loner, couple, mailoutbox):
    emails.send_partnership_ended(loner, partnership=couple)

    message = mailoutbox[0]
    assert message.to == [loner.email]
    assert "Jo" in message.body
    assert_no_health_words(message)


def test_the_partnership_ended_email_is_sent_even_with_notifications_off(couple, mailoutbox):
    person = make_user(email_notifications=False)

    emails.send_partnership_ended(person, partnership=couple)

    assert len(mailoutbox) == 1
    assert "turn these emails off" not in mailoutbox[0].alternatives[0][0]


def test_a_mail_server_that_is_down_is_logged_not_raised(mail_down, loner, caplog):
    with caplog.at_level(logging.ERROR, logger="partners.deliveries"):
        delivery = emails.send_something_waiting(loner, link="/home/")

    delivery.refresh_from_db()
    assert delivery.status.pending  # to be tried again
    assert delivery.status.reason == "ConnectionRefusedError: mail server down"
    assert "could not be sent" in caplog.text
    assert loner.email not in caplog.text  # no addresses in logs


# --- allauth's own emails ----------------------------------------------------------------


def test_the_sign_up_confirmation_email_has_no_health_words(client, db, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "UTC",
        },
    )

    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert_no_health_words(mailoutbox[0])


def test_the_password_reset_email_has_no_health_words(client, loner, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": loner.email})

    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert_no_health_words(mailoutbox[0])


def test_signing_up_while_the_mail_server_is_down_is_not_a_500(client, db, mail_down):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "UTC",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "could not send" in response.content.decode()


@pytest.mark.parametrize("name", ["account_reset_password"])
def test_asking_for_a_reset_while_the_mail_server_is_down_is_not_a_500(
    client, loner, mail_down, name
):
    response = client.post(reverse(name), {"email": loner.email}, follow=True)

    assert response.status_code == 200
    assert "could not send" in response.content.decode()


def test_plain_text_parts_show_names_as_typed_not_html_escaped(db, couple, mailoutbox):
    from tests.factories import make_user

    person = make_user(name="Jo & Sam's <friend>")
    emails.send_partnership_ended(person, partnership=couple)

    message = mailoutbox[0]
    assert "Hello Jo & Sam's <friend>," in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    # The HTML part still escapes it.
    assert "Jo &amp; Sam&#x27;s &lt;friend&gt;" in message.alternatives[0][0]
