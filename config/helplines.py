"""Helplines shown on every page: read from settings, checked once, made tap-to-call.

A line in `CRISIS_LINES` or `DOMESTIC_ABUSE_LINES` (JSON in the environment) is an object:

    {"region": "US", "name": "988 Suicide & Crisis Lifeline",
     "call": "988", "text": "988", "keyword": "HOME", "url": "https://988lifeline.org/",
     "note": "free, 24/7"}

`region` and `name` are required; `call` and `text` are a number or a list of numbers;
`keyword` is what to text; `contact` is free text for anything else. A malformed line stops the
app at start-up: a crisis line that silently vanishes is worse than a server that will not boot.
"""

import re
from urllib.parse import quote, urlsplit

from django.core.exceptions import ImproperlyConfigured

ALLOWED_KEYS = {"region", "name", "call", "text", "keyword", "url", "note", "contact"}


def _numbers(value, setting, key):
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ImproperlyConfigured(f"{setting}: '{key}' must be a number or a list of numbers")
    for number in values:
        if not re.fullmatch(r"\+?[0-9][0-9 \-]*", number.strip()):
            raise ImproperlyConfigured(f"{setting}: {number!r} is not a phone number")
    return [v.strip() for v in values]


def _dial(number):
    """What a phone dials: digits and a leading plus, nothing else."""
    return ("+" if number.startswith("+") else "") + re.sub(r"\D", "", number)


def normalise(lines, setting):
    """The lines with their tap-to-call actions worked out, or ImproperlyConfigured."""
    if not isinstance(lines, list) or not lines:
        raise ImproperlyConfigured(f"{setting} must be a non-empty JSON list of objects")
    result = []
    for line in lines:
        if not isinstance(line, dict):
            raise ImproperlyConfigured(f"{setting}: each line must be a JSON object")
        unknown = set(line) - ALLOWED_KEYS
        if unknown:
            raise ImproperlyConfigured(f"{setting}: unknown keys {sorted(unknown)}")
        if not all(
            isinstance(line.get(key), str) and line[key].strip() for key in ("region", "name")
        ):
            raise ImproperlyConfigured(f"{setting}: every line needs a 'region' and a 'name'")
        url = line.get("url", "")
        if url and urlsplit(url).scheme != "https":
            raise ImproperlyConfigured(f"{setting}: {url!r} must be an https:// address")
        keyword = line.get("keyword", "")
        actions = [
            {"href": f"tel:{_dial(n)}", "label": f"Call {n}"}
            for n in _numbers(line.get("call"), setting, "call")
        ]
        for number in _numbers(line.get("text"), setting, "text"):
            if keyword:
                actions.append(
                    {
                        "href": f"sms:{_dial(number)}?&body={quote(keyword)}",
                        "label": f"Text {keyword} to {number}",
                    }
                )
            else:
                actions.append({"href": f"sms:{_dial(number)}", "label": f"Text {number}"})
        result.append(
            {
                "region": line["region"],
                "name": line["name"],
                "actions": actions,
                "contact": line.get("contact", ""),
                "note": line.get("note", ""),
                "url": url,
                # The address written out, so it can be read aloud or typed on another phone.
                "url_display": (urlsplit(url).netloc + urlsplit(url).path).rstrip("/")
                if url
                else "",
            }
        )
    return result


# Defaults checked against shared/content/ketamine-facts.md, sections 9 and 9b.
DEFAULT_CRISIS_LINES = [
    {
        "region": "US",
        "name": "988 Suicide & Crisis Lifeline",
        "call": "988",
        "text": "988",
        "note": "free, 24/7; you can call about someone you love",
        "url": "https://988lifeline.org/",
    },
    {
        "region": "US",
        "name": "Crisis Text Line",
        "text": "741741",
        "keyword": "HOME",
        "note": "free, 24/7",
        "url": "https://www.crisistextline.org/",
    },
    {
        "region": "Canada",
        "name": "9-8-8 Suicide Crisis Helpline",
        "call": "988",
        "text": "988",
        "note": "free, 24/7",
        "url": "https://988.ca/",
    },
    {
        "region": "UK and Ireland",
        "name": "Samaritans",
        "call": "116 123",
        "note": "free from any phone, 24/7",
        "url": "https://www.samaritans.org/",
    },
    {
        "region": "UK",
        "name": "Shout",
        "text": "85258",
        "keyword": "SHOUT",
        "note": "free, 24/7",
        "url": "https://giveusashout.org/",
    },
    {
        "region": "Ireland",
        "name": "50808 text line",
        "text": "50808",
        "note": "free, 24/7",
    },
    {"region": "Emergency, US and Canada", "name": "Emergency services", "call": "911"},
    {
        "region": "Emergency, UK",
        "name": "Emergency services, or go to A&E",
        "call": "999",
    },
    {"region": "Emergency, Ireland", "name": "Emergency services", "call": ["112", "999"]},
    {"region": "Emergency, EU", "name": "Emergency services", "call": "112"},
    {
        "region": "Anywhere else",
        "name": "Find a helpline",
        "note": "free, verified helplines in many countries",
        "url": "https://findahelpline.com/",
    },
]

DEFAULT_DOMESTIC_ABUSE_LINES = [
    {
        "region": "US",
        "name": "National Domestic Violence Hotline",
        "call": "1-800-799-7233",
        "text": "88788",
        "keyword": "START",
        "note": "free, 24/7",
        "url": "https://www.thehotline.org/",
    },
    {
        "region": "UK",
        "name": "National Domestic Abuse Helpline (Refuge)",
        "call": "0808 2000 247",
        "note": "free, 24/7",
        "url": "https://www.nationaldahelpline.org.uk/",
    },
    {
        "region": "Ireland",
        "name": "Women's Aid",
        "call": "1800 341 900",
        "note": "free, 24/7",
        "url": "https://www.womensaid.ie/",
    },
    {
        "region": "Anywhere else",
        "name": "Find a helpline",
        "note": "free, verified helplines in many countries",
        "url": "https://findahelpline.com/",
    },
]
