"""The server-side chart: geometry, gaps, markers and the words that go with it."""

import re

from django.template.loader import render_to_string

from journal.checkins import chart as svg_chart

LABELS = ["5 Jan", "12 Jan", "19 Jan", "26 Jan"]


def chart(values, markers=None):
    return svg_chart.line_chart(
        "test", "Sam", LABELS, [svg_chart.Series("Mood", values)], markers=markers
    )


def test_missing_weeks_split_the_line_but_keep_their_points():
    drawn = chart([3, None, 5, 6]).series[0]
    assert len(drawn.points) == 3
    assert len(drawn.segments) == 1  # a lone point before a gap has no line of its own
    assert drawn.segments[0].count(",") == 2


def test_values_map_onto_the_plot_from_bottom_to_top():
    result = chart([0, 10, None, None])
    low, high = result.series[0].points
    assert low.y == result.plot_bottom
    assert high.y == result.plot_top
    assert low.x == result.plot_left and high.x > low.x


def test_summary_says_where_things_are_and_which_way_they_went():
    assert chart([3, None, 5, 6]).summary == [
        "Mood: 6 out of 10 in the week of 26 Jan; average 4.7 over 3 weeks answered, "
        "up from 3 in the week of 5 Jan."
    ]
    assert "down from 8" in chart([8, 4, None, None]).summary[0]
    assert chart([None] * 4).summary == ["Mood: no answers in these weeks."]
    assert not chart([None] * 4).has_data


def test_markers_go_on_their_week_and_into_the_table():
    result = chart([1, 2, 3, 4], markers=[[], ["Infusion"], [], ["Dose change", "Infusion"]])
    assert [marker.text for marker in result.markers] == ["Infusion", "Dose change; Infusion"]
    assert result.rows[1] == ("12 Jan", [2], "Infusion")


def test_series_differ_by_shape_as_well_as_colour():
    result = svg_chart.line_chart(
        "t", "t", LABELS, [svg_chart.Series(str(n), [n] * 4) for n in range(4)]
    )
    assert [s.shape for s in result.series] == ["circle", "square", "triangle", "diamond"]


def test_renders_an_svg_with_a_name_a_description_and_a_table():
    html = render_to_string("journal/checkins/_chart.html", {"chart": chart([3, 4, None, 6])})
    assert 'role="img"' in html and 'aria-labelledby="test-title"' in html
    assert '<title id="test-title">Sam, last 12 weeks</title>' in html
    # The description is the summary in words that everyone can read below the drawing.
    assert 'aria-describedby="test-desc"' in html
    assert '<ul class="chart-summary" id="test-desc"><li>Mood: 6 out of 10' in html
    # The point's shape is drawn once; three points and the legend swatch use it.
    assert html.count("<circle") == 1 and '<circle id="tc" r="4.5"/>' in html
    assert html.count('<use href="#tc"') == 3 + 1
    assert '<use href="#tc" x="44" y="168"><title>Mood, week of 5 Jan: 3</title></use>' in html
    assert "<table" in html and "<th>19 Jan</th><td>—</td>" in html
    assert "style=" not in html and "<script" not in html


def test_coordinates_carry_one_decimal_at_most_and_styling_lives_in_css():
    result = svg_chart.line_chart(
        "t", "t", LABELS * 3, [svg_chart.Series("Mood", [n % 11 for n in range(12)])]
    )
    html = render_to_string("journal/checkins/_chart.html", {"chart": result})
    svg = html[html.index("<svg class") : html.index("</svg>", html.index("<svg class"))]
    # Twelve weeks on a 0-10 scale fall on whole numbers: no coordinate needs a decimal.
    assert not re.findall(r"\d+\.\d+", svg.split("</defs>")[1])
    assert "text-anchor" not in svg and "dy=" not in svg
    assert ">\n" not in svg  # no template indentation inside the drawing
    assert [svg_chart.num(v) for v in (12.0, 12.04, 3.96, 95.45)] == ["12", "12", "4", "95.5"]
    # Other lengths and scales (the clinic's, a person's own archive) keep one decimal at most.
    other = svg_chart.line_chart(
        "o", "o", LABELS, [svg_chart.Series("PHQ-9", [3, 9, 14, 20])], y_max=27, y_step=3
    )
    html = render_to_string("journal/checkins/_chart.html", {"chart": other})
    numbers = re.findall(r"\d+\.\d+", html[html.index("</defs>") :])
    assert numbers and all(len(n.split(".")[1]) == 1 and not n.endswith(".0") for n in numbers)
