"""'Taken as prescribed' says who sees it and that it can be left unanswered, and it can."""

from django.urls import reverse

from journal.models import CheckIn
from tests.journal.checkin_factories import make_checkin, treatment_post

URL = reverse("checkin_form")


def _help_for(page, name):
    start = page.index(f'id="id_{name}_helptext"')
    return page[start : page.index("</div>", start)]


def test_help_next_to_the_question_says_the_partner_sees_it_and_it_is_optional(
    treatment_client,
):
    page = treatment_client.get(URL).content.decode()
    help_text = _help_for(page, "as_prescribed")
    assert "Alex sees your answer" in help_text
    assert "leave it unanswered" in help_text


def test_it_can_be_left_out_of_the_post(treatment_client, couple):
    response = treatment_client.post(URL, treatment_post(couple, as_prescribed=None))
    assert response.status_code == 302
    assert CheckIn.objects.get().as_prescribed == ""


def test_no_answer_is_a_choice_and_saves_as_unanswered(treatment_client, couple):
    response = treatment_client.post(URL, treatment_post(couple, as_prescribed=""))
    assert response.status_code == 302
    assert CheckIn.objects.get().as_prescribed == ""


def test_what_the_help_says_is_true_the_partner_does_see_the_answer(
    treatment_client, supporting_client, couple, supporting
):
    treatment_client.post(URL, treatment_post(couple, as_prescribed="not_sure"))
    make_checkin(couple, supporting)
    checkin = CheckIn.objects.get(author__display_name__isnull=False, role="in_treatment")
    page = supporting_client.get(reverse("checkin_detail", args=[checkin.public_id]))
    text = page.content.decode()
    assert "Taken as prescribed, nothing extra" in text and "Not sure" in text
