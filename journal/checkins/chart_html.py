"""A line chart (journal.checkins.chart) as HTML: its legend, the SVG drawing, the summary in
words and the numbers week by week.

Written out in Python rather than walked by the template engine: the trends page draws three
of these, ~650 values each, and rendering them through templates cost ~70% of the page's CPU.
The markup is exactly what `templates/journal/checkins/_chart.html` gave
(tests/journal/test_checkin_chart_html.py compares them); that template now calls this.
Each point shape is drawn once in <defs> and placed with <use>; the summary in words is the
drawing's description; no space between tags is a word space, so it is all spaceless.
"""

import html as html_module
import re
from typing import Any

from django.utils.safestring import SafeData, SafeString, mark_safe

_BETWEEN_TAGS = re.compile(r">\s+<")


def _e(value: Any) -> str:
    """What autoescaping prints for a value (django.utils.html.escape for unsafe text)."""
    if isinstance(value, SafeData):
        return str(value)
    return html_module.escape(str(value))


# Coordinates, path data and the 0-10 answers are numbers the chart worked out (chart.num):
# nothing in them needs escaping, so they are put in as they are.


def _glyph(glyph_id: str, g: dict) -> str:
    kind = g["kind"]
    if kind == "circle":
        return f'<circle id="{_e(glyph_id)}" r="{_e(g["r"])}"/>'
    if kind == "rect":
        return (
            f'<rect id="{_e(glyph_id)}" x="{_e(g["x"])}" y="{_e(g["y"])}" '
            f'width="{_e(g["side"])}" height="{_e(g["side"])}"/>'
        )
    return f'<polygon id="{_e(glyph_id)}" points="{_e(g["points"])}"/>'


def _drawing(chart: Any, key: str, title: str) -> list[str]:
    html = [
        f'<svg class="chart" viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{key}-title" aria-describedby="{key}-desc">'
        f'<title id="{key}-title">{title}, last 12 weeks</title><defs>',
        *(_glyph(glyph_id, g) for glyph_id, g in chart.glyphs),
        f'</defs><g class="grid"><path d="{chart.grid}"/>'
        f'<g transform="translate({chart.plot_left - 8} 0)">',
        *(f'<text y="{y}">{label}</text>' for y, label in chart.y_ticks),
        f'</g></g><g class="x-axis" transform="translate(0 {chart.x_axis_y})">',
        *(f'<text x="{x}">{_e(label)}</text>' for x, label in chart.x_labels),
        "</g>",
    ]
    if chart.markers:
        html.append(f'<g class="markers"><path d="{chart.marker_lines}"/>')
        html.extend(
            f'<use href="#{_e(marker.glyph)}" {marker.at}><title>{_e(marker.text)}</title></use>'
            for marker in chart.markers
        )
        html.append("</g>")
    for series in chart.series:
        html.append(f'<g class="series series-{_e(series.style)}">')
        html.extend(f'<polyline points="{segment}"/>' for segment in series.segments)
        html.extend(
            f'<use href="#{_e(point.glyph)}" {point.at}><title>{_e(point.title)}</title></use>'
            for point in series.points
        )
        html.append("</g>")
    html.append("</svg>")
    return html


def _numbers(chart: Any, title: str) -> list[str]:
    html = [
        '<details class="chart-data"><summary>The numbers, week by week</summary>'
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{title}: the numbers">'
        f'<table class="table"><caption>{title}</caption><thead><tr><th>Week of</th>',
        *(f"<th>{_e(series.label)}</th>" for series in chart.series),
        "<th>Marked</th></tr></thead><tbody>",
    ]
    for label, values, marked in chart.rows:
        html.append(f"<tr><th>{_e(label)}</th>")
        html.extend("<td>—</td>" if value == "" else f"<td>{value}</td>" for value in values)
        html.append(f"<td>{_e(marked) if marked else '—'}</td></tr>")
    html.append("</tbody></table></div></details>")
    return html


def render_chart(chart: Any) -> SafeString:
    """The chart's card: what the template gave inside its {% spaceless %}."""
    key, title = _e(chart.key), _e(chart.title)
    html = [
        f'<section class="card chart-card" aria-labelledby="{key}-heading">'
        f'<h2 id="{key}-heading">{title}</h2><ul class="legend" aria-hidden="true">'
    ]
    html.extend(
        f'<li class="legend-item series-{_e(series.style)}"><svg viewBox="0 0 32 12">'
        f'<path d="M2 6H30"/><use href="#{_e(series.glyph)}" x="16" y="6"/></svg>'
        f"{_e(series.label)} <span>({_e(series.sense_words)})</span></li>"
        for series in chart.series
    )
    html.append("</ul>")
    html.extend(_drawing(chart, key, title))
    html.append(
        f'<h3 class="answers-heading">In words</h3><ul class="chart-summary" id="{key}-desc">'
    )
    html.extend(f"<li>{_e(line)}</li>" for line in chart.summary)
    html.append("</ul>")
    if chart.markers:
        html.append(
            '<p class="meta">Triangles along the top mark weeks with treatment sessions or '
            "changes.</p>"
        )
    html.extend(_numbers(chart, title))
    html.append("</section>")
    # As {% spaceless %} left it: no whitespace between tags, in values too.
    return mark_safe(_BETWEEN_TAGS.sub("><", "".join(html)))  # noqa: S308 - values escaped
