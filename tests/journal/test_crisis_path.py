"""The crisis path, as a couple lives it (issue 10).

Every trigger x consent x email setting, for both roles; what each person is told (true at the
moment it is read); the alert pinned until seen; the past tense once the person is safe again;
and "not safe at home", which never reaches the partner.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from journal.checkins.questionnaires import PHQ9
from journal.models import CheckIn, Notice, SafetyAlert, SafetyPlan
from journal.safety import crisis
from tests.journal.checkin_factories import (
    answers_for,
    make_checkin,
    supporting_post,
    this_week,
    treatment_post,
)

FORM = reverse("checkin_form")
WEEK = reverse("checkin_week")
SELF_HARM = answers_for(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1])  # item 9: "Several days"

TRIGGERS = {
    "unsafe_now": {"unsafe_now": "on"},
    "self_harm": SELF_HARM,
    "at_home": {"unsafe_at_home": "on"},
    "unsafe_now_and_at_home": {"unsafe_now": "on", "unsafe_at_home": "on"},
    "self_harm_and_unsafe_now": {**SELF_HARM, "unsafe_now": "on"},
}
CONSENTS = {
    "none": (False, False),
    "unsafe_now": (True, False),
    "self_harm": (False, True),
    "both": (True, True),
}
# Which (trigger, consent) pairs alert the partner without asking again, and why.
EXPECTED_REASON = {
    ("unsafe_now", "unsafe_now"): "unsafe_now",
    ("unsafe_now", "both"): "unsafe_now",
    ("self_harm", "self_harm"): "self_harm",
    ("self_harm", "both"): "self_harm",
    ("self_harm_and_unsafe_now", "unsafe_now"): "unsafe_now",
    ("self_harm_and_unsafe_now", "self_harm"): "self_harm",
    ("self_harm_and_unsafe_now", "both"): "unsafe_now",
}


def consent(couple, name):
    on_now, on_harm = CONSENTS[name]
    SafetyPlan.objects.create(
        partnership=couple, alert_on_unsafe_now=on_now, alert_on_self_harm=on_harm
    )


def raised_alert(couple, person, recipient, week_start=None, **fields):
    """A check-in of `person` that said "not safe right now", and an alert from it."""
    checkin = make_checkin(couple, person, week_start, mood=3, unsafe_now=True)
    values = {"reason": "told", "email": SafetyAlert.Email.QUEUED, **fields}
    return SafetyAlert.objects.create(
        partnership=couple, checkin=checkin, person=person, recipient=recipient, **values
    )


def check_in(client, couple, callbacks, **answers):
    """Save the form, run what waits for the commit (the email), then open the week page,
    as the browser does after the redirect."""
    with callbacks(execute=True):
        response = client.post(FORM, treatment_post(couple, **answers))
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(WEEK)


@pytest.mark.parametrize("emails_on", [True, False], ids=["emails-on", "emails-off"])
@pytest.mark.parametrize("consent_name", list(CONSENTS))
@pytest.mark.parametrize("trigger", list(TRIGGERS))
def test_partner_in_treatment_alerts_only_for_the_triggers_chosen(
    trigger,
    consent_name,
    emails_on,
    treatment_client,
    couple,
    supporting,
    django_capture_on_commit_callbacks,
):
    supporting.urgent_alert_emails = emails_on
    supporting.save()
    consent(couple, consent_name)
    mail.outbox.clear()
    page = check_in(
        treatment_client, couple, django_capture_on_commit_callbacks, **TRIGGERS[trigger]
    ).content.decode()

    reason = EXPECTED_REASON.get((trigger, consent_name))
    alerts = list(SafetyAlert.objects.all())
    urgent = [m for m in mail.outbox if "Please check in with Sam now" in m.subject]
    if reason is None:
        assert alerts == []
        assert urgent == []
        assert "urgent notice was placed" not in page
    else:
        (alert,) = alerts
        assert (alert.reason, alert.recipient) == (reason, supporting)
        assert "urgent notice was placed at the top of every page Alex opens" in page
        assert "Alex has not marked it as seen yet" in page
        if emails_on:
            assert len(urgent) == 1 and alert.email == SafetyAlert.Email.QUEUED
            assert "was sent on" in page
        else:
            assert urgent == [] and alert.email == SafetyAlert.Email.OFF
            assert "No email was sent: Alex had turned off urgent alert emails at the time" in page
    # Never the old, untrue claim.
    assert "has been told" not in page


@pytest.mark.parametrize("consent_name", list(CONSENTS))
@pytest.mark.parametrize("trigger", ["unsafe_now", "at_home", "self_harm"])
def test_supporting_partner_is_never_alerted_about_automatically(
    trigger, consent_name, supporting_client, couple, django_capture_on_commit_callbacks
):
    consent(couple, consent_name)
    answers = {k: v for k, v in TRIGGERS[trigger].items() if not k.startswith("phq9")}
    with django_capture_on_commit_callbacks(execute=True):
        response = supporting_client.post(FORM, supporting_post(couple, **answers), follow=True)
    assert not SafetyAlert.objects.exists()
    page = response.content.decode()
    if answers:
        assert "have to get through this alone" in page


def test_self_harm_answer_without_its_own_consent_reveals_nothing(
    treatment_client, supporting_client, couple, supporting, django_capture_on_commit_callbacks
):
    """Finding 1: consent to "not safe right now" no longer covers the item-9 answer."""
    consent(couple, "unsafe_now")
    mail.outbox.clear()
    page = check_in(treatment_client, couple, django_capture_on_commit_callbacks, **SELF_HARM)
    assert "thoughts of death or of hurting yourself" in page.content.decode()
    assert not SafetyAlert.objects.exists()
    assert not Notice.objects.filter(recipient=supporting, kind="checkin_safety").exists()
    assert mail.outbox == [] or all("check in with Sam now" not in m.subject for m in mail.outbox)
    dashboard = supporting_client.get(reverse("dashboard")).content.decode()
    assert "may not be safe" not in dashboard and "self-harm" not in dashboard


def test_the_alert_is_pinned_on_every_page_until_seen_and_the_person_sees_when(
    treatment_client,
    supporting_client,
    couple,
    in_treatment,
    supporting,
    django_capture_on_commit_callbacks,
):
    consent(couple, "unsafe_now")
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, unsafe_now="on")
    alert = SafetyAlert.objects.get()
    for url in (reverse("dashboard"), reverse("library_home"), reverse("account_profile"), WEEK):
        page = supporting_client.get(url).content.decode()
        assert "Urgent" in page and "Sam may not be safe right now" in page, url
        assert "I've seen this" in page
        assert "Sam's safety plan" in page
    # The person who raised it cannot mark it seen for the partner.
    seen = reverse("safety_alert_seen", args=[alert.public_id])
    assert treatment_client.post(seen).status_code == 404
    response = supporting_client.post(seen, {"next": reverse("library_home")})
    assert response["Location"] == reverse("library_home")
    assert "Sam may not be safe" not in supporting_client.get(reverse("dashboard")).content.decode()
    alert.refresh_from_db()
    assert alert.seen_at is not None
    mine = treatment_client.get(WEEK).content.decode()
    assert f"Alex saw it on {crisis.when(alert.seen_at, in_treatment)}" in mine
    assert "has not marked it as seen yet" not in mine


def test_seen_ignores_an_outside_next_address(supporting_client, couple, in_treatment, supporting):
    alert = raised_alert(couple, in_treatment, supporting)
    response = supporting_client.post(
        reverse("safety_alert_seen", args=[alert.public_id]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == WEEK


def test_stranger_cannot_see_or_mark_an_alert(stranger_client, couple, in_treatment, supporting):
    alert = raised_alert(couple, in_treatment, supporting)
    assert (
        stranger_client.post(reverse("safety_alert_seen", args=[alert.public_id])).status_code
        == 404
    )
    assert "may not be safe" not in stranger_client.get(reverse("dashboard")).content.decode()
    alert.refresh_from_db()
    assert alert.seen_at is None


def test_unticking_turns_the_alert_to_the_past_tense_with_both_times(
    treatment_client, supporting_client, couple, supporting, django_capture_on_commit_callbacks
):
    """Finding 3: nothing reads "right now" after the person said they are safe again."""
    consent(couple, "unsafe_now")
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, unsafe_now="on")
    alert = SafetyAlert.objects.get()
    assert "right now" in supporting_client.get(reverse("dashboard")).content.decode()
    check_in(
        treatment_client,
        couple,
        django_capture_on_commit_callbacks,
        version=str(CheckIn.objects.get().version),
    )
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    page = supporting_client.get(reverse("dashboard")).content.decode()
    assert "right now" not in page.split("urgent-alert")[1].split("</section>")[0]
    assert f"On {crisis.when(alert.raised_at, supporting)}, Sam let you know" in page
    assert (
        f"On {crisis.when(alert.resolved_at, supporting)}, that answer was no longer in their "
        "latest check-in" in page
    )


def test_an_open_alert_stops_saying_right_now_after_a_day(couple, in_treatment, supporting):
    alert = raised_alert(
        couple,
        in_treatment,
        supporting,
        reason="unsafe_now",
        raised_at=timezone.now() - timedelta(hours=25),
    )
    alert = SafetyAlert.objects.select_related("person", "recipient").get(pk=alert.pk)
    text = crisis.for_partner(alert)
    assert not text["present"]
    assert "right now" not in " ".join([text["heading"], *text["sentences"]])


def test_a_newer_checkin_without_danger_resolves_the_alert(couple, in_treatment, supporting):
    from partners.access import load_couple

    last_week = this_week(couple).start - timedelta(days=7)
    alert = raised_alert(couple, in_treatment, supporting, last_week, reason="unsafe_now")
    newer = make_checkin(couple, in_treatment, mood=6)
    crisis.respond(load_couple(in_treatment), newer)
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_the_tell_button_sends_one_urgent_alert_and_says_what_happened(
    treatment_client, couple, supporting, django_capture_on_commit_callbacks
):
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, unsafe_now="on")
    checkin = CheckIn.objects.get()
    url = reverse("checkin_tell_partner", args=[checkin.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(url)
        treatment_client.post(url)  # a double click
    page = treatment_client.get(WEEK).content.decode()
    alert = SafetyAlert.objects.get()
    assert alert.reason == "told"
    assert "An urgent notice is now waiting for Alex" in page
    assert "has been told" not in page
    urgent = [m for m in mail.outbox if m.subject.endswith("Please check in with Sam now")]
    assert len(urgent) == 1
    body = urgent[0].body + urgent[0].alternatives[0][0]
    for word in ("safe", "harm", "ketamine", "depress", "suicid", "crisis"):
        assert word not in body.lower().replace("check in with", "")


def test_a_failed_email_is_reported_as_failed(
    treatment_client, couple, supporting, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.journal.test_crisis_path.BrokenBackend"
    consent(couple, "unsafe_now")
    page = check_in(
        treatment_client, couple, django_capture_on_commit_callbacks, unsafe_now="on"
    ).content.decode()
    assert SafetyAlert.objects.get().email == SafetyAlert.Email.QUEUED
    # The delivery retries with backoff; the page says it has not gone yet, never "sent".
    assert "The email to Alex has not gone yet: our mail server did not take it" in page
    assert "already waiting for them" in page
    assert "was sent on" not in page


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_at_home_shows_abuse_lines_and_a_quick_exit_and_offers_no_alert(
    treatment_client, couple, django_capture_on_commit_callbacks
):
    consent(couple, "both")
    page = check_in(
        treatment_client,
        couple,
        django_capture_on_commit_callbacks,
        unsafe_at_home="on",
        unsafe_now="on",
        **SELF_HARM,
    ).content.decode()
    assert not SafetyAlert.objects.exists()
    assert "Only you can see this answer" in page
    assert "National Domestic Abuse Helpline" in page and 'href="tel:08082000247"' in page
    assert "Women&#x27;s Aid" in page and "National Domestic Violence Hotline" in page
    assert "Leave this page quickly" in page
    assert "Tell Alex now" not in page
    assert "Alongside has sent no alert to anyone" in page


def test_at_home_is_said_on_the_form_to_be_invisible_to_the_partner(treatment_client):
    page = treatment_client.get(FORM).content.decode()
    assert "I don&#x27;t feel safe at home" in page
    assert "Alex never sees this answer" in page


@pytest.mark.parametrize(
    ("client_name", "plan_link"),
    [("treatment_client", "Open your safety plan"), ("supporting_client", None)],
)
def test_each_card_links_the_right_plan_and_names_the_clinic(
    client_name, plan_link, request, couple, django_capture_on_commit_callbacks
):
    """Finding 5: the supporter's own card no longer offers "your" plan (it is Sam's)."""
    client = request.getfixturevalue(client_name)
    post = treatment_post if client_name == "treatment_client" else supporting_post
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(FORM, post(couple, unsafe_now="on"), follow=True).content.decode()
    assert "prescriber or clinic" in page
    card = page.split('id="crisis-now"')[1].split("</section>")[0]
    if plan_link:
        assert plan_link in card
    else:
        assert "safety plan" not in card


def test_partner_export_and_pages_never_carry_the_at_home_answer(
    supporting_client, couple, in_treatment, supporting
):
    from partners.my_data import export

    CheckIn.objects.create(
        partnership=couple,
        author=in_treatment,
        role="in_treatment",
        mood=3,
        week_start=timezone.localdate() - timedelta(days=14),
        unsafe_at_home=True,
    )
    data = export(supporting)
    assert "unsafe_at_home" not in str(data)
    mine = export(in_treatment)
    assert mine["checkins"][0]["unsafe_at_home"] is True


def test_an_alert_held_back_at_home_is_never_sent_later_by_unticking(
    treatment_client, couple, django_capture_on_commit_callbacks
):
    """Review finding: unticking "at home" used to release the held-back alert hours later,
    stamped with the time of the release, without the person choosing it."""
    consent(couple, "both")
    page = check_in(
        treatment_client,
        couple,
        django_capture_on_commit_callbacks,
        unsafe_at_home="on",
        **SELF_HARM,
    ).content.decode()
    assert "the alert you chose in your safety plan was not sent" in page
    check_in(
        treatment_client,
        couple,
        django_capture_on_commit_callbacks,
        version=str(CheckIn.objects.get().version),
        **SELF_HARM,
    )
    assert not SafetyAlert.objects.exists()
    assert "Tell Alex now" in treatment_client.get(WEEK).content.decode()


def test_the_at_home_card_never_contradicts_an_earlier_alert(
    treatment_client, couple, django_capture_on_commit_callbacks
):
    consent(couple, "unsafe_now")
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, unsafe_now="on")
    page = check_in(
        treatment_client,
        couple,
        django_capture_on_commit_callbacks,
        version=str(CheckIn.objects.get().version),
        unsafe_now="on",
        unsafe_at_home="on",
    ).content.decode()
    assert "Alongside has sent no alert to anyone" not in page
    assert "An alert sent earlier is described below" in page
    assert "urgent notice was placed" in page


def test_the_partners_export_carries_no_save_count_or_save_time(couple, in_treatment, supporting):
    from partners.my_data import export

    CheckIn.objects.create(
        partnership=couple,
        author=in_treatment,
        role="in_treatment",
        mood=3,
        week_start=timezone.localdate() - timedelta(days=14),
        version=5,
    )
    (shown,) = export(supporting)["partner_checkins_as_shown_to_me"]
    assert "version" not in shown and "updated_at" not in shown
    assert "edited_at" in shown


@pytest.mark.parametrize("trigger", ["unsafe_now", "self_harm"])
def test_the_form_never_promises_an_alert_that_saving_again_will_not_send(
    trigger, treatment_client, couple, django_capture_on_commit_callbacks
):
    """Saved once with a chosen trigger, the partner was alerted then. Opened again, or sent
    back with a mistake, the form says what happened, not "when you save ... will be alerted":
    saving the same answer again alerts no one (only an answer new in a save does)."""
    consent(couple, "both")
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, **TRIGGERS[trigger])
    assert SafetyAlert.objects.count() == 1

    opened = treatment_client.get(FORM + "?change=phq9").content.decode()
    assert "will be alerted" not in opened
    sent_back = treatment_client.post(
        FORM, treatment_post(couple, mood="eleven", **TRIGGERS[trigger])
    ).content.decode()
    assert "will be alerted" not in sent_back
    assert "urgent notice was placed at the top of every page Alex opens" in sent_back
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(FORM, treatment_post(couple, note="Again.", **TRIGGERS[trigger]))
    assert SafetyAlert.objects.count() == 1  # what the form said: no second alert


def test_the_form_still_says_a_new_answer_will_alert(
    treatment_client, couple, django_capture_on_commit_callbacks
):
    consent(couple, "both")
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, mood="6")
    response = treatment_client.post(FORM, treatment_post(couple, mood="eleven", unsafe_now="on"))
    assert "When you save, Alex will be alerted" in response.content.decode()


def test_not_safe_again_after_the_partner_saw_the_first_alert_alerts_again(
    treatment_client, couple, supporting, django_capture_on_commit_callbacks
):
    """A reviewer: alerted at 18:45, seen by Alex at 18:49; Sam unticked "not safe right
    now" (item 9 kept the alert open), then ticked it again: nobody was alerted, no button
    was offered, and the plan says an alert is sent as soon as the check-in is saved."""
    consent(couple, "unsafe_now")
    check_in(
        treatment_client, couple, django_capture_on_commit_callbacks, **SELF_HARM, unsafe_now="on"
    )
    first = SafetyAlert.objects.get()
    crisis.mark_seen(first)
    check_in(treatment_client, couple, django_capture_on_commit_callbacks, **SELF_HARM, version="1")
    page = check_in(
        treatment_client,
        couple,
        django_capture_on_commit_callbacks,
        **SELF_HARM,
        unsafe_now="on",
        version="2",
    ).content.decode()
    newest = SafetyAlert.objects.order_by("-raised_at", "-pk").first()
    assert newest.pk != first.pk and newest.reason == "unsafe_now"
    assert newest.seen_at is None and newest.recipient == supporting
    assert SafetyAlert.objects.filter(resolved_at__isnull=True).count() == 1
    assert "Alex has not" in page  # the new alert's state, not the old "saw it"


def test_the_tell_button_comes_back_once_the_partner_has_seen_the_alert(
    treatment_client, couple, django_capture_on_commit_callbacks
):
    consent(couple, "none")
    page = check_in(
        treatment_client, couple, django_capture_on_commit_callbacks, unsafe_now="on"
    ).content.decode()
    assert "Tell Alex now" in page
    checkin = CheckIn.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(reverse("checkin_tell_partner", args=[checkin.public_id]))
    assert "Tell Alex now" not in treatment_client.get(WEEK).content.decode()  # still pinned
    crisis.mark_seen(SafetyAlert.objects.get())
    assert "Tell Alex now" in treatment_client.get(WEEK).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(reverse("checkin_tell_partner", args=[checkin.public_id]))
    assert SafetyAlert.objects.count() == 2
    assert SafetyAlert.objects.filter(resolved_at__isnull=True, seen_at__isnull=True).count() == 1


def test_no_email_line_stays_true_after_the_partner_turns_urgent_emails_back_on(
    treatment_client, couple, in_treatment, supporting
):
    """Found by a reviewer: "has turned off" read as now, after Alex had turned them on."""
    supporting.urgent_alert_emails = False
    supporting.save()
    alert = raised_alert(couple, in_treatment, supporting, email=SafetyAlert.Email.OFF)
    supporting.urgent_alert_emails = True
    supporting.save()
    lines = " ".join(crisis.for_person(alert, "Alex"))
    assert "No email was sent: Alex had turned off urgent alert emails at the time." in lines
    assert "has turned off" not in lines
