"""The check-in form: saving once, editing with history, bad input, safety, query count."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from journal.checkins.questionnaires import GAD7, PHQ9
from journal.models import CheckIn, CheckInRevision, Notice, SafetyAlert, SafetyPlan
from tests.journal.checkin_factories import (
    answers_for,
    make_checkin,
    make_history,
    supporting_post,
    this_week,
    treatment_post,
)

URL = reverse("checkin_form")


def test_requires_sign_in(client, couple):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_partner_in_treatment_gets_their_questions(treatment_client):
    page = treatment_client.get(URL).content.decode()
    assert "After-effects I noticed" in page
    assert "Dissociation that lasted past the day of the session" in page
    assert "Taken as prescribed, nothing extra" in page
    assert "How Sam seemed to me" not in page


def test_supporting_partner_gets_their_questions(supporting_client):
    page = supporting_client.get(URL).content.decode()
    assert "How Sam seemed to me" in page
    assert "My own stress" in page
    assert "After-effects I noticed" not in page
    assert "PHQ-9" not in page


def test_stranger_sees_only_their_own_couples_form(stranger_client, couple, in_treatment):
    make_checkin(couple, in_treatment, what_helped="Our secret walk")
    page = stranger_client.get(URL).content.decode()
    assert "Our secret walk" not in page


def test_submitting_saves_and_tells_the_partner_without_details(
    treatment_client,
    couple,
    in_treatment,
    supporting,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = treatment_client.post(URL, treatment_post(couple))
    assert response.status_code == 302
    assert response.url == reverse("checkin_week")
    checkin = CheckIn.objects.get()
    assert (checkin.author, checkin.mood, checkin.anxiety, checkin.sleep) == (
        in_treatment,
        6,
        4,
        None,
    )
    assert checkin.after_effects == ["nausea"]
    notice = Notice.objects.get(recipient=supporting)
    assert notice.kind == Notice.Kind.CHECKIN_WAITING
    assert "Sam has checked in" in notice.message
    assert "walk" not in notice.message
    [email] = mailoutbox
    assert email.to == [supporting.email]
    assert "walk" not in email.body and "Quiet after sessions" not in email.body


def test_partner_who_turned_emails_off_gets_only_the_notice(
    treatment_client, couple, supporting, mailoutbox, django_capture_on_commit_callbacks
):
    supporting.email_notifications = False
    supporting.save(update_fields=["email_notifications"])
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(URL, treatment_post(couple))
    assert Notice.objects.filter(recipient=supporting).count() == 1
    assert mailoutbox == []


def test_second_to_check_in_tells_the_first_they_can_read_both(
    treatment_client, supporting_client, couple, in_treatment
):
    supporting_client.post(URL, supporting_post(couple))
    treatment_client.post(URL, treatment_post(couple))
    latest = Notice.objects.filter(recipient__in=[couple.members.get(role="supporting").user])
    assert "read each other's" in latest.first().message


def test_double_submit_creates_one_row_and_loses_nothing(treatment_client, couple):
    data = treatment_post(couple)
    first = treatment_client.post(URL, data)
    second = treatment_client.post(URL, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert CheckIn.objects.count() == 1
    assert CheckInRevision.objects.count() == 0
    assert Notice.objects.count() == 1


def test_second_tab_with_other_answers_keeps_what_was_typed(treatment_client, couple):
    treatment_client.post(URL, treatment_post(couple, what_helped="First tab"))
    response = treatment_client.post(URL, treatment_post(couple, what_helped="Second tab"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "another tab or window" in page
    assert "Second tab" in page
    assert CheckIn.objects.get().what_helped == "First tab"
    # The page now carries the saved version, so pressing Save again replaces it.
    form = response.context["form"]
    again = treatment_client.post(URL, {**form.data.dict(), "after_effects": ["nausea"]})
    assert again.status_code == 302
    assert CheckIn.objects.get().what_helped == "Second tab"


def test_editing_keeps_the_earlier_version(treatment_client, couple):
    treatment_client.post(URL, treatment_post(couple, what_helped="Before", private_note="n1"))
    treatment_client.post(
        URL, treatment_post(couple, version="1", what_helped="After", private_note="n2")
    )
    checkin = CheckIn.objects.get()
    assert (checkin.version, checkin.what_helped, checkin.private_note) == (2, "After", "n2")
    revision = CheckInRevision.objects.get()
    assert revision.version == 1
    assert revision.answers["what_helped"] == "Before"
    assert revision.answers["private_note"] == "n1"


def test_a_form_for_a_closed_week_keeps_the_text_and_says_why(treatment_client, couple):
    last_week = this_week(couple).start - timedelta(weeks=1)
    response = treatment_client.post(
        URL, treatment_post(couple, week=last_week.isoformat(), what_helped="Written late")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "closed before you saved" in page
    assert "Written late" in page
    assert not CheckIn.objects.exists()
    # Saving the same page again puts it in this week.
    again = treatment_client.post(
        URL, {**response.context["form"].data.dict(), "after_effects": []}
    )
    assert again.status_code == 302
    assert CheckIn.objects.get().week_start == this_week(couple).start


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mood", "11", "Choose a number from 0 to 10."),
        ("mood", "-1", "Choose a number from 0 to 10."),
        ("mood", "", "This is the one question we ask every week."),
        ("anxiety", "seven", "Choose a number from 0 to 10."),
        ("sessions", "99", "from 0 to 21"),
        ("sessions", "1.5", "from 0 to 21"),
        ("as_prescribed", "sometimes", "Choose one of the answers listed."),
        ("after_effects", ["nausea", "hair-loss"], "Choose from the after-effects listed."),
        ("what_helped", "walk\x00ing", "a null byte"),
        ("mood", "5\x00", "Choose a number from 0 to 10."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_rest(
    treatment_client, couple, field, value, message
):
    data = treatment_post(couple, need="Please keep this text")
    data[field] = value
    response = treatment_client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Please keep this text" in page
    assert not CheckIn.objects.exists()


def test_a_megabyte_of_text_is_refused_politely_and_kept(treatment_client, couple):
    huge = "x" * 1_000_000
    response = treatment_client.post(URL, treatment_post(couple, what_helped=huge))
    assert response.status_code == 400
    assert "Please keep this to 2000 characters or fewer; it has 1000000" in (
        response.content.decode()
    )
    assert response.context["form"]["what_helped"].value() == huge
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("field", ["week", "version"])
def test_damaged_hidden_fields_ask_to_save_again(treatment_client, couple, field):
    response = treatment_client.post(URL, treatment_post(couple, **{field: "\x00nonsense"}))
    assert response.status_code == 400
    assert "This page was out of date" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_questionnaires_are_scored_with_their_items_kept(treatment_client, couple):
    data = treatment_post(couple, phq9_difficulty="1")
    data.update(answers_for(PHQ9, [1, 2, 1, 1, 0, 1, 2, 1, 0]))
    data.update(answers_for(GAD7, [3, 3, 3, 3, 3, 0, 0]))
    assert treatment_client.post(URL, data).status_code == 302
    checkin = CheckIn.objects.get()
    assert checkin.phq9 == [1, 2, 1, 1, 0, 1, 2, 1, 0]
    assert (checkin.phq9_total, checkin.phq9_difficulty) == (9, 1)
    assert checkin.gad7_total == 15


def test_questionnaire_answers_are_shown_again_on_the_form(treatment_client, couple):
    """The questionnaires' radios are written out by hand (templates/journal/checkins/
    _radios.html): saved answers come back checked when the person opens the questionnaire
    to change them (answered this week, it is folded until then: issue 16), and refused
    answers come back checked at once."""
    data = treatment_post(couple, phq9_difficulty="1")
    data.update(answers_for(PHQ9, [1, 2, 1, 1, 0, 1, 2, 1, 0]))
    treatment_client.post(URL, data)

    folded = treatment_client.get(URL).content.decode()
    saved = treatment_client.get(URL + "?change=phq9").content.decode()
    refused = treatment_client.post(
        URL, {**treatment_post(couple), **answers_for(PHQ9, [3, 0])}
    ).content.decode()

    assert 'name="phq9_1"' not in folded
    assert '<a href="?change=phq9#phq9">Change my answers</a>' in folded
    for page, item, value in ((saved, 2, 2), (saved, 5, 0), (refused, 1, 3), (refused, 2, 0)):
        assert f'name="phq9_{item}" value="{value}" checked' in page
    checked = re.findall(r'name="(phq9_\w+)" value="\d*" checked>', saved)
    assert len(checked) == 10  # nine items and the difficulty, nothing else
    assert 'name="phq9_difficulty" value="1" checked' in saved
    assert "<legend>1. Little interest or pleasure in doing things</legend>" in saved


def test_a_half_answered_questionnaire_asks_for_all_or_none(treatment_client, couple):
    data = treatment_post(couple)
    data.update(answers_for(PHQ9, [1, 2, 1]))
    response = treatment_client.post(URL, data)
    assert response.status_code == 400
    assert "Answer all 9 PHQ-9 questions" in response.content.decode()


def test_phq9_and_gad7_are_offered_every_two_weeks(treatment_client, couple, in_treatment):
    assert "Over the last 2 weeks" in treatment_client.get(URL).content.decode()
    make_checkin(
        couple,
        in_treatment,
        this_week(couple).start - timedelta(weeks=1),
        phq9=[0] * 9,
        phq9_total=0,
    )
    page = treatment_client.get(URL).content.decode()
    assert "Answer them this week anyway" in page
    assert "Little interest or pleasure" not in page
    shown = treatment_client.get(URL + "?questionnaires=show").content.decode()
    assert "Little interest or pleasure" in shown


def test_phq9_item_nine_shows_crisis_help_at_once(treatment_client, couple, supporting):
    data = treatment_post(couple)
    data.update(answers_for(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1]))
    response = treatment_client.post(URL, data, follow=True)
    page = response.content.decode()
    assert "You don't have to get through this alone" in page
    assert "988 Suicide &amp; Crisis Lifeline" in page
    assert "Tell Alex now" in page
    # Without consent in the safety plan, nothing is sent.
    assert not SafetyAlert.objects.exists()


def test_not_feeling_safe_alerts_the_partner_only_with_consent(
    treatment_client, couple, supporting, mailoutbox, django_capture_on_commit_callbacks
):
    # Was: "Alex has been told" after a notice was merely created (issue 10, finding 2).
    SafetyPlan.objects.create(partnership=couple, alert_on_unsafe_now=True)
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(URL, treatment_post(couple, unsafe_now="on"))
    page = treatment_client.get(reverse("checkin_week")).content.decode()
    assert "has been told" not in page
    assert "Alex has not marked it as seen yet" in page
    alert = SafetyAlert.objects.get()
    assert alert.recipient == supporting
    subjects = sorted(message.subject for message in mailoutbox)
    assert subjects == [
        "[Alongside] Please check in with Sam now",
        "[Alongside] Something is waiting for you",
    ]
    assert all("safe" not in message.body for message in mailoutbox)


def test_supporting_partner_not_feeling_safe_sees_help_and_nothing_is_sent(
    supporting_client, couple
):
    SafetyPlan.objects.create(partnership=couple, alert_on_unsafe_now=True)
    response = supporting_client.post(URL, supporting_post(couple, unsafe_now="on"), follow=True)
    page = response.content.decode()
    assert "Samaritans" in page and "Tell Sam now" in page
    assert not SafetyAlert.objects.exists()


def test_crisis_help_shows_even_when_the_rest_of_the_form_has_mistakes(treatment_client, couple):
    response = treatment_client.post(URL, treatment_post(couple, mood="", unsafe_now="on"))
    assert response.status_code == 400
    assert "988 Suicide &amp; Crisis Lifeline" in response.content.decode()


def _count(client, django_assert_max_num_queries, limit):
    client.get(URL)  # the first request of a session also records the session
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_query_count_is_the_same_with_one_week_or_five_years(
    treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards against loading history to decide what the form shows: the running week, the
    partner's status and whether questionnaires are due are each one query, whatever the
    number of past weeks. (12 includes sign-in and session bookkeeping, and the boundaries
    section's one query.)"""
    make_history(couple, in_treatment, supporting, 1, include_current=True)
    small = _count(treatment_client, django_assert_max_num_queries, 12)
    CheckIn.objects.all().delete()
    make_history(couple, in_treatment, supporting, 260, include_current=True)
    large = _count(treatment_client, django_assert_max_num_queries, 12)
    assert small == large
