"""The time zone is chosen from common zones first, then by region; never a flat list of
every name defaulting to UTC. The browser's own zone is set by a small script."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from partners.models import COMMON_TIME_ZONES, time_zones


class SelectReader(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name, self.inside, self.group = name, False, None
        self.attrs, self.groups, self.loose, self.selected = {}, [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == self.name:
            self.inside, self.attrs = True, attrs
        elif self.inside and tag == "optgroup":
            self.group = (attrs["label"], [])
            self.groups.append(self.group)
        elif self.inside and tag == "option":
            (self.group[1] if self.group else self.loose).append(attrs["value"])
            if "selected" in attrs:
                self.selected.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "optgroup":
            self.group = None
        elif tag == "select":
            self.inside = False


def read_select(html, name="time_zone"):
    reader = SelectReader(name)
    reader.feed(html)
    return reader


def test_sign_up_offers_common_zones_first_then_regions(client, db):
    select = read_select(client.get(reverse("account_signup")).content.decode())
    assert select.loose == [""], "one prompt, not a zone, is chosen at first"
    assert select.selected in ([], [""])
    label, common = select.groups[0]
    assert label == "Common time zones"
    assert common[:2] == ["Europe/London", "Europe/Dublin"]
    assert len(common) <= 15
    regions = [label for label, _ in select.groups[1:]]
    assert {"Africa", "America", "Asia", "Europe", "Pacific"} <= set(regions)
    every = [zone for _, zones in select.groups for zone in zones]
    assert len(every) == len(set(every)) == len(time_zones())
    assert max(len(zones) for _, zones in select.groups) < 200
    assert "data-detect-time-zone" in select.attrs


def test_the_detecting_script_is_loaded_and_self_hosted(client, db):
    page = client.get(reverse("account_signup")).content.decode()
    assert re.search(r'<script src="/static/js/time-zone\.js" defer></script>', page)


def test_without_a_choice_the_form_asks_for_one(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "no.zone@example.com",
            "password1": "a-long-new-passphrase-9",
            "password2": "a-long-new-passphrase-9",
            "time_zone": "",
        },
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


@pytest.mark.parametrize("zone", ["Europe/London", "America/Argentina/Buenos_Aires", "UTC"])
def test_a_chosen_zone_is_saved(client, db, zone):
    client.post(
        reverse("account_signup"),
        {
            "email": "zone@example.com",
            "password1": "a-long-new-passphrase-9",
            "password2": "a-long-new-passphrase-9",
            "time_zone": zone,
        },
    )
    from partners.models import User

    assert User.objects.get(email="zone@example.com").time_zone == zone


def test_settings_show_the_current_zone_in_the_same_grouped_list(treatment_client, in_treatment):
    in_treatment.time_zone = "Asia/Tokyo"
    in_treatment.save()
    select = read_select(treatment_client.get(reverse("account_profile")).content.decode())
    assert select.selected == ["Asia/Tokyo"]
    assert select.groups[0][0] == "Common time zones"
    assert "data-detect-time-zone" not in select.attrs
    assert "data-suggest-time-zone" in select.attrs


def test_shared_settings_offer_the_device_zone_without_changing_the_saved_one(
    treatment_client, couple
):
    page = treatment_client.get(reverse("partnership_settings")).content.decode()
    select = read_select(page)
    assert select.selected == [couple.time_zone]
    assert "data-suggest-time-zone" in select.attrs
    assert '<script src="/static/js/time-zone.js" defer></script>' in page


def test_the_common_zones_are_real_places():
    assert set(COMMON_TIME_ZONES) <= time_zones()
