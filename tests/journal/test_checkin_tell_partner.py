"""'Tell my partner now': one button, one notice, only for the author of a check-in that
asked for crisis help."""

from django.urls import reverse

from journal.models import CheckIn, Notice
from tests.journal.checkin_factories import make_checkin


def url(checkin):
    return reverse("checkin_tell_partner", args=[checkin.public_id])


def test_requires_sign_in(client, couple, in_treatment):
    response = client.post(url(make_checkin(couple, in_treatment, unsafe_now=True)))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_only_post(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, unsafe_now=True)
    assert treatment_client.get(url(checkin)).status_code == 405
    assert not Notice.objects.exists()


def test_tells_the_partner_once(treatment_client, couple, in_treatment, supporting):
    checkin = make_checkin(couple, in_treatment, unsafe_now=True)
    first = treatment_client.post(url(checkin), follow=True)
    assert "Alex has been told" in first.content.decode()
    treatment_client.post(url(checkin))
    notice = Notice.objects.get()
    assert (notice.recipient, notice.kind) == (supporting, Notice.Kind.CHECKIN_SAFETY)
    assert CheckIn.objects.get().partner_told_at is not None


def test_nothing_is_sent_for_a_checkin_that_did_not_ask_for_help(
    treatment_client, couple, in_treatment
):
    checkin = make_checkin(couple, in_treatment)
    treatment_client.post(url(checkin))
    assert not Notice.objects.exists()


def test_partner_and_stranger_get_404(supporting_client, stranger_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, unsafe_now=True)
    assert supporting_client.post(url(checkin)).status_code == 404
    assert stranger_client.post(url(checkin)).status_code == 404
    assert not Notice.objects.exists()
