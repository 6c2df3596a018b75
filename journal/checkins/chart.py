"""Server-rendered line charts: geometry here, markup in journal/checkins/chart_html.py.

No JavaScript is involved. Each chart comes with a sentence-per-series summary and a data
table, so nothing depends on seeing the drawing; series differ by dash pattern and point
shape as well as colour.
"""

from dataclasses import dataclass, field

from journal.checkins import meaning
from journal.checkins.meaning import Sense

WIDTH = 640
HEIGHT = 272
# A plot 561 wide (11 steps of 51 for the twelve weeks of the trends page) and 200 high
# (20 a point on a 0-10 scale): every point of those charts falls on a whole number, so no
# coordinate needs a decimal.
LEFT, RIGHT, TOP, BOTTOM = 44, 35, 28, 44
MARKER_Y = TOP - 12
SHAPES = ("circle", "square", "triangle", "diamond")


@dataclass
class Series:
    label: str
    values: list  # one per x position; None where there is no answer
    unit: str = "out of 10"
    sense: Sense = Sense.BETTER  # which way is better: it picks the colour and pattern


def num(value):
    """A coordinate to one decimal, without a trailing ".0": the charts are most of the
    trends page's weight, and a tenth of a pixel is finer than any screen shows."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def shape_at(shape, x, y, size=5):
    """SVG geometry for a point marker: circle, square, triangle or diamond."""
    if shape == "circle":
        return {"kind": "circle", "cx": num(x), "cy": num(y), "r": num(size - 0.5)}
    if shape == "square":
        side = size * 1.6
        return {"kind": "rect", "x": num(x - side / 2), "y": num(y - side / 2), "side": num(side)}
    if shape == "triangle":
        corners = [(x, y - size), (x + size, y + size * 0.8), (x - size, y + size * 0.8)]
    elif shape == "down":
        corners = [(x - size, y - size * 0.8), (x + size, y - size * 0.8), (x, y + size)]
    else:
        corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    return {"kind": "polygon", "points": " ".join(f"{num(cx)},{num(cy)}" for cx, cy in corners)}


def glyph_at_origin(shape, size=5):
    """A point marker's shape centred on (0, 0), drawn once per chart in its <defs> and
    placed at each point with <use x y> (journal/checkins/chart_html.py)."""
    return shape_at(shape, 0, 0, size)


@dataclass
class Point:
    x: float
    y: float
    value: int
    title: str
    shape: str
    glyph: str = ""  # the id of its shape in the chart's <defs>

    @property
    def geometry(self):
        """Its shape drawn where it stands (the clinic's printable chart draws each point;
        the trends page places its <defs> glyph instead, so it is worked out only if asked)."""
        return shape_at(self.shape, self.x, self.y)

    @property
    def at(self):
        """x and y attributes for <use>, each coordinate to one decimal."""
        return f'x="{num(self.x)}" y="{num(self.y)}"'


@dataclass
class Marker:
    x: float
    text: str
    geometry: dict
    line: str  # path data for the dashed line down the plot
    glyph: str = ""  # the id of the marker's triangle in the chart's <defs>

    @property
    def at(self):
        """The x attribute for <use> (its glyph is drawn at the markers' height)."""
        return f'x="{num(self.x)}"'


@dataclass
class DrawnSeries:
    label: str
    number: int
    shape: str
    legend: dict
    style: str  # CSS class suffix: better-1..3 or worse-1 (static/css/checkins.css)
    sense_words: str
    segments: list  # polyline point strings, split where answers are missing
    points: list
    summary: str
    glyph: str = ""  # the id of its shape in the chart's <defs>, for points and legend


@dataclass
class Chart:
    key: str
    title: str
    width: int
    height: int
    x_labels: list  # [(x as text, label)]
    x_positions: list
    y_ticks: list  # [(y of the label's baseline as text, label)]
    grid: str  # one path for every horizontal grid line
    series: list
    markers: list  # [Marker]
    rows: list  # data table: [(x label, [value or ""], marker text)]
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    summary: list = field(default_factory=list)
    glyphs: list = field(default_factory=list)  # [(id, geometry at the origin)] for <defs>
    marker_lines: str = ""  # one path for every marker's dashed line

    @property
    def x_axis_y(self):
        return self.plot_bottom + 22

    @property
    def has_data(self):
        return any(series.points for series in self.series)


def _describe(series, x_labels):
    answered = [(x_labels[i], v) for i, v in enumerate(series.values) if v is not None]
    name = series.label
    if series.sense is Sense.WORSE:
        name += f" ({meaning.words(series.sense)})"
    if not answered:
        return f"{name}: no answers in these weeks."
    first_label, first = answered[0]
    last_label, last = answered[-1]
    average = sum(v for _, v in answered) / len(answered)
    text = (
        f"{name}: {last} {series.unit} in the week of {last_label}; "
        f"average {average:.1f} over {len(answered)} "
        f"{'week' if len(answered) == 1 else 'weeks'} answered"
    )
    if len(answered) > 1:
        if last > first:
            text += f", up from {first} in the week of {first_label}"
        elif last < first:
            text += f", down from {first} in the week of {first_label}"
        else:
            text += f", the same as in the week of {first_label}"
    return text + "."


def line_chart(key, title, x_labels, series, *, markers=None, y_max=10, y_step=2):
    """Lay out `series` (each a list of values, one per x label) on a 0..y_max chart.

    `markers` is a list, one entry per x label, of strings to mark on that week (a
    treatment session, a change); empty lists draw nothing.
    """
    count = len(x_labels)
    markers = markers or [[] for _ in x_labels]
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / (count - 1) if count > 1 else 0
    xs = [LEFT + i * step if count > 1 else LEFT + plot_width / 2 for i in range(count)]

    def y_of(value):
        return TOP + plot_height * (1 - value / y_max)

    drawn = []
    # Ids of each shape drawn once in the chart's <defs>: short, as each point names one,
    # and unique on a page whose charts have keys that differ in their first letter.
    ids = {shape: f"{key[0]}{shape[0]}" for shape in (*SHAPES, "marker")}
    used = []
    counts = {Sense.BETTER: 0, Sense.WORSE: 0}
    for number, one in enumerate(series, start=1):
        # Colour, dash and shape follow the meaning, so anxiety and stress look alike on
        # every chart and never like mood or sleep (journal/checkins/meaning.py).
        counts[one.sense] += 1
        if one.sense is Sense.WORSE:
            shape, style = "diamond", "worse-1"
        else:
            index = counts[one.sense] - 1
            shape, style = SHAPES[index % len(SHAPES)], f"better-{index % 3 + 1}"
        if shape not in used:
            used.append(shape)
        segments, current, points = [], [], []
        for i, value in enumerate(one.values):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            x, y = xs[i], y_of(value)
            current.append(f"{num(x)},{num(y)}")
            label = f"{one.label}, week of {x_labels[i]}: {value}"
            points.append(Point(x, y, value, label, shape, ids[shape]))
        if current:
            segments.append(" ".join(current))
        drawn.append(
            DrawnSeries(
                label=one.label,
                number=number,
                shape=shape,
                legend=shape_at(shape, 16, 6, size=4),
                style=style,
                sense_words=meaning.words(one.sense),
                segments=[s for s in segments if " " in s],
                points=points,
                summary=_describe(one, x_labels),
                glyph=ids[shape],
            )
        )
    rows = [
        (
            label,
            ["" if one.values[i] is None else one.values[i] for one in series],
            "; ".join(markers[i]),
        )
        for i, label in enumerate(x_labels)
    ]
    marked = [(xs[i], "; ".join(texts)) for i, texts in enumerate(markers) if texts]
    glyphs = [(ids[shape], glyph_at_origin(shape)) for shape in used]
    if marked:
        glyphs.append((ids["marker"], shape_at("down", 0, MARKER_Y)))
    return Chart(
        key=key,
        title=title,
        width=WIDTH,
        height=HEIGHT,
        x_labels=[(num(x), label) for x, label in zip(xs, x_labels, strict=True)],
        x_positions=xs,
        # +4 sets each label's baseline level with its line (what dy="4" did, once per chart).
        y_ticks=[(num(y_of(v) + 4), v) for v in range(0, y_max + 1, y_step)],
        grid="".join(
            f"M{LEFT} {num(y_of(v))}H{WIDTH - RIGHT}" for v in range(0, y_max + 1, y_step)
        ),
        series=drawn,
        markers=[
            Marker(
                x,
                text,
                shape_at("down", x, MARKER_Y),
                f"M{num(x)} {TOP}V{HEIGHT - BOTTOM}",
                ids["marker"],
            )
            for x, text in marked
        ],
        rows=rows,
        summary=[one.summary for one in drawn],
        glyphs=glyphs,
        marker_lines="".join(f"M{num(x)} {TOP}V{HEIGHT - BOTTOM}" for x, _ in marked),
    )
