"""The reveal rule and the private note, checked on every path a partner can take: each
check-in page, the dashboard, notices and the emails that went out."""

import pytest
from django.urls import reverse

from journal.models import CheckIn
from tests.journal.checkin_factories import NOTE_MARKER, supporting_post, treatment_post

ANSWER = "ANSWER-7d3e"  # a distinctive answer only Sam typed
SAM_NOTE = NOTE_MARKER + "-sam"
ALEX_NOTE = NOTE_MARKER + "-alex"


def every_path(checkin):
    ids = [checkin.public_id]
    return [
        reverse("dashboard"),
        reverse("notice_list"),
        reverse("checkin_week"),
        reverse("checkin_form"),
        reverse("checkin_history"),
        reverse("checkin_trends"),
        reverse("checkin_summary"),
        reverse("checkin_detail", args=ids),
        reverse("checkin_revisions", args=ids),
        reverse("checkin_note", args=ids),
    ]


def responses(client, checkin):
    for path in every_path(checkin):
        response = client.get(path)
        assert response.status_code < 500, path
        yield path, response.status_code, response.content.decode()


@pytest.fixture
def sam_checked_in(treatment_client, couple, mailoutbox, django_capture_on_commit_callbacks):
    """Sam has checked in (then edited it); Alex has not."""
    form = reverse("checkin_form")
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(
            form,
            treatment_post(couple, what_helped=ANSWER, mood="3", private_note=SAM_NOTE),
        )
        treatment_client.post(
            form,
            treatment_post(
                couple, version="1", what_helped=ANSWER + " again", private_note=SAM_NOTE
            ),
        )
    return CheckIn.objects.get()


def test_before_alex_checks_in_no_path_shows_sams_answers(
    sam_checked_in, supporting_client, mailoutbox
):
    for path, status, page in responses(supporting_client, sam_checked_in):
        assert ANSWER not in page, path
        assert SAM_NOTE not in page, path
        if path.startswith(f"/checkins/{sam_checked_in.public_id}"):
            assert status == 404, path
    # Nothing Alex may see yet: trends shows its first-week guide, not a chart of Sam's answer.
    trends = supporting_client.get(reverse("checkin_trends")).content.decode()
    assert "Nothing to draw yet" in trends and 'class="chart"' not in trends
    assert mailoutbox, "Alex was emailed that something is waiting"
    for message in mailoutbox:
        bodies = [message.subject, message.body] + [c for c, _ in message.alternatives]
        assert all(ANSWER not in body and SAM_NOTE not in body for body in bodies)


def test_after_both_check_in_answers_show_but_the_note_never_does(
    sam_checked_in, supporting_client, couple, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        supporting_client.post(
            reverse("checkin_form"), supporting_post(couple, private_note=ALEX_NOTE)
        )
    seen = {path: page for path, _, page in responses(supporting_client, sam_checked_in)}
    for path in (reverse("checkin_week"), reverse("checkin_history")):
        assert ANSWER + " again" in seen[path], path
    assert "Mood: 6 out of 10" in seen[reverse("checkin_trends")]
    for path, page in seen.items():
        assert SAM_NOTE not in page, path
    assert ALEX_NOTE in seen[reverse("checkin_week")]  # Alex's own note, to Alex
    for message in mailoutbox:
        assert ANSWER not in message.body and SAM_NOTE not in message.body


def test_sams_pages_never_show_alexs_note(
    sam_checked_in, treatment_client, supporting_client, couple
):
    supporting_client.post(reverse("checkin_form"), supporting_post(couple, private_note=ALEX_NOTE))
    alex_checkin = CheckIn.objects.get(role="supporting")
    for path, _, page in responses(treatment_client, alex_checkin):
        assert ALEX_NOTE not in page, path
