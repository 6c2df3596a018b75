"""Colours mean one thing everywhere: the calm accent for "higher is better" measures
(mood, sleep, energy), a warm colour with a pattern for "higher is harder" ones (anxiety,
stress), and never colour alone: words and patterns say the same."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from journal.checkins.meaning import SENSE, Sense
from tests.journal.checkin_factories import make_checkin

CSS = (Path(settings.BASE_DIR) / "static/css/checkins.css").read_text()


def _root_vars(css):
    """{name: value} of the light :root, and of the dark-mode :root."""
    light = dict(re.findall(r"--([\w-]+):\s*([^;]+);", css.split("@media", 1)[0]))
    dark_block = css.split("@media (prefers-color-scheme: dark)", 1)[1].split("}\n}", 1)[0]
    dark = dict(re.findall(r"--([\w-]+):\s*([^;]+);", dark_block))
    return light, dark


def _row(page, label):
    start = page.index(f"<dt>{label}</dt>")
    return page[start : page.index("</div>", start)]


def test_meaning_is_defined_once_for_every_scale():
    assert SENSE["anxiety"] is Sense.WORSE and SENSE["stress"] is Sense.WORSE
    for name in ("mood", "sleep", "seemed_mood", "seemed_sleep", "seemed_energy"):
        assert SENSE[name] is Sense.BETTER


def test_anxiety_bar_is_not_drawn_as_good_and_says_so_in_words(
    treatment_client, supporting_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, anxiety=8, sleep=6)
    make_checkin(couple, supporting, stress=9)
    page = treatment_client.get(reverse("checkin_week")).content.decode()
    assert "<meter" not in page  # the browser draws a meter in its own "good" green
    anxiety, sleep = _row(page, "Anxiety"), _row(page, "Sleep")
    assert "scale-worse" in anxiety and "fill-8" in anxiety and "lower is better" in anxiety
    assert "scale-better" in sleep and "higher is better" in sleep
    stress = _row(page, "My own stress")
    assert "scale-worse" in stress


def test_chart_series_take_their_colour_from_their_meaning(
    treatment_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, anxiety=8, sleep=6)
    make_checkin(couple, supporting, stress=9, seemed_mood=5)
    page = treatment_client.get(reverse("checkin_trends")).content.decode()
    worse = re.findall(r'<li class="legend-item series-worse-\d">.*?</li>', page, re.S)
    assert len(worse) == 2 and all("lower is better" in item for item in worse)
    assert any("Anxiety" in item for item in worse) and any("stress" in item for item in worse)
    better = re.findall(r'<li class="legend-item series-better-\d">.*?</li>', page, re.S)
    assert better and not any("Anxiety" in item or "stress" in item for item in better)


def test_the_worse_colour_is_never_a_better_one_in_light_or_dark():
    for palette in _root_vars(CSS):
        better = {palette[f"better-{n}"].strip().lower() for n in (1, 2, 3)}
        assert palette["worse"].strip().lower() not in better
    light, _ = _root_vars(CSS)
    assert light["better-1"].strip().lower() == "#22594f"  # the app's accent: calm, good


def test_worse_is_shown_by_pattern_too_and_survives_forced_colours():
    assert re.search(r"\.scale-worse \.scale-fill\s*\{[^}]*repeating-linear-gradient", CSS)
    assert re.search(r"\.series-worse-1 polyline[^{]*\{[^}]*stroke-dasharray", CSS)
    forced = CSS.split("@media (forced-colors: active)", 1)[1]
    assert "CanvasText" in forced and ".scale-fill" in forced and ".series" in forced
