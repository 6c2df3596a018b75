"""The trend chart written out in Python (journal.checkins.chart_html) gives, byte for byte,
what its template gave (tests/journal/reference/_chart.html, as it was): with and without
markers, gaps, one week, every series shape, and text that needs escaping."""

import pytest
from django.template import Context, Engine

from journal.checkins.chart import Series, line_chart
from journal.checkins.chart_html import render_chart
from journal.checkins.meaning import Sense
from tests.journal.test_checkin_card import REFERENCE

LABELS = [f"{n} Oct" for n in range(1, 13)]

CHARTS = {
    "mood and sleep": lambda: line_chart(
        "mood",
        "Mood & sleep",
        LABELS,
        [
            Series("Mood", [5, 6, None, 7, 8, 2, 3, None, None, 10, 0, 4]),
            Series("Anxiety", [1] * 12, sense=Sense.WORSE),
            Series("Sleep", [None] * 12),
        ],
        markers=[["Session"], [], ["Dose <changed>", "Session"]] + [[]] * 9,
    ),
    "four better series, no markers": lambda: line_chart(
        "z",
        "Seemed \"open\" & 'well'",
        LABELS,
        [Series(f"S{n}", [(n + i) % 11 for i in range(12)]) for n in range(4)],
    ),
    "one week": lambda: line_chart(
        "w", "WHO-5", ["30 Nov"], [Series("W", [12], unit="of 25")], y_max=25, y_step=5
    ),
    "nothing answered": lambda: line_chart("e", "Empty", LABELS, [Series("Mood", [None] * 12)]),
}


@pytest.mark.parametrize("name", CHARTS)
def test_the_chart_is_the_template_it_replaced(name):
    chart = CHARTS[name]()
    engine = Engine(dirs=[str(REFERENCE)], autoescape=True)
    expected = engine.get_template("_chart.html").render(Context({"chart": chart}))
    assert "\n" + render_chart(chart) + "\n" == expected
