"""Property-based tests over the check-in forms: whatever arrives, the form answers with a
verdict (never an exception), and what it accepts is within the rules."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from journal.checkins.forms import (
    MAX_SESSIONS,
    NOTE_LIMIT,
    TEXT_LIMIT,
    InTreatmentCheckInForm,
    SupportingCheckInForm,
)
from journal.checkins.models import SCALE_FIELDS
from journal.models import CheckIn
from tests.factories import make_couple, make_user

# Plausible and hostile values for any field: numbers in and out of range, NUL bytes,
# surrogates, very long text and the empty string.
ANY_VALUE = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["", "0", "10", "11", "-1", "1.5", "on", "yes", "nausea", "\x00", "5\x00"]),
    st.text(max_size=50),
    st.builds(lambda char, n: char * n, st.characters(codec="utf-8"), st.integers(1990, 5010)),
)


def post_data(form_class, draw_values):
    fields = list(form_class(partner_name="Sam").fields)
    return st.fixed_dictionaries({}, optional=dict.fromkeys(fields, draw_values))


@pytest.mark.parametrize("form_class", [InTreatmentCheckInForm, SupportingCheckInForm])
def test_forms_never_raise_and_accept_only_what_the_rules_allow(form_class):
    @settings(max_examples=200, deadline=None)
    @given(data=post_data(form_class, ANY_VALUE))
    def check(data):
        form = form_class(data, partner_name="Sam")
        if not form.is_valid():
            assert form.errors  # a verdict, with messages to show
            return
        answers = form.answers()
        assert 0 <= answers["mood"] <= 10
        for name in SCALE_FIELDS:
            assert answers[name] is None or 0 <= answers[name] <= 10
        assert answers["sessions"] is None or 0 <= answers["sessions"] <= MAX_SESSIONS
        for name, value in answers.items():
            if isinstance(value, str):
                assert "\x00" not in value
                assert len(value) <= (NOTE_LIMIT if name == "private_note" else TEXT_LIMIT)
        for code, count, top in (("phq9", 9, 27), ("gad7", 7, 21), ("who5", 5, 25)):
            items = answers[code]
            assert items is None or (len(items) == count and answers[f"{code}_total"] <= top)

    check()


class TestPostingAnythingNeverBreaksThePage(HypothesisTestCase):
    """Through the real view: any POST is saved, refused with a message, or kept for a
    retry; never a server error, and never a second row for the week."""

    @classmethod
    def setUpTestData(cls):
        _, cls.sam, _ = make_couple(make_user(name="Sam"), make_user(name="Alex"))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=post_data(InTreatmentCheckInForm, ANY_VALUE))
    def test_any_post(self, data):
        self.client.force_login(self.sam)
        response = self.client.post(reverse("checkin_form"), data)
        assert response.status_code in (302, 400, 409)
        assert CheckIn.objects.filter(author=self.sam).count() <= 1
        if response.status_code != 302:
            assert "errors" in response.content.decode() or "message" in (response.content.decode())
