"""Starter boundaries speak in the voice of whoever proposes them, and none is a suicide pact."""

import html
import re

import pytest
from django.urls import reverse

from journal.boundaries.starters import STARTERS

pytestmark = pytest.mark.django_db
LIST = reverse("boundary_list")
PROPOSE = reverse("boundary_propose")


def page(client, url, **params):
    return html.unescape(client.get(url, params).content.decode())


def test_the_partner_in_treatment_is_offered_their_own_voice(treatment_client):
    text = page(treatment_client, LIST)
    assert "I'll tell you the same day if my dose" in text
    assert "Tell me the same day if your dose" not in text
    assert "I'll take you home after every ketamine session" not in text


def test_the_supporting_partner_is_offered_theirs(supporting_client):
    text = page(supporting_client, LIST)
    assert "Tell me the same day if your dose" in text
    assert "I'll tell you the same day if my dose" not in text


@pytest.mark.parametrize("key", [starter.key for starter in STARTERS])
def test_adopting_fills_the_form_in_the_proposers_voice(key, treatment_client, supporting_client):
    starter = next(s for s in STARTERS if s.key == key)
    treated = page(treatment_client, PROPOSE, starter=key)
    supporting = page(supporting_client, PROPOSE, starter=key)
    assert starter.treated_wording in treated
    assert starter.wording in supporting
    if starter.treated_wording != starter.wording:
        assert starter.wording not in treated.split("Or start from")[0]


def test_no_starter_is_a_promise_to_report_thoughts_of_suicide():
    for starter in STARTERS:
        for text in (starter.wording, starter.treated_wording, starter.why, starter.treated_why):
            assert not re.search(r"suicid", text, re.IGNORECASE), starter.key
    assert any("safety plan" in starter.wording for starter in STARTERS)
    assert "if-worried" not in {starter.key for starter in STARTERS}
