"""Charts drawn on the server as inline SVG: no script, nothing fetched by the browser.

Each chart is a line chart of one or more series over labelled steps (ISO weeks, months),
with a y axis from 0 to a round maximum, a legend, and a <title> per point so that
hovering (or a screen reader) gives the exact number.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 48
MARKED_POINTS = 60  # beyond this many steps a line has no dots: they would only blur it
COLOURS = ("#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#4b5563")


def line_chart(title: str, labels: list[str], series: dict[str, list[int]], number=str) -> Markup:
    """An SVG line chart: one line per named series over the labels."""
    top = _round_up(max([v for values in series.values() for v in values] + [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(n: int) -> float:
        return LEFT + (n * step if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    full = HEIGHT + 24 * _legend_rows(series)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {full}"'
        f' width="100%" style="max-width: 48rem" role="img" aria-label="{escape(title)}"'
        ' class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(5):
        value = top * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"'
            ' stroke="#d9dee4" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11"'
            f' fill="#4b5563">{escape(number(_tidy(value)))}</text>'
        )
    every = max(1, len(labels) // 12)
    for n, label in enumerate(labels):
        if n % every == 0 or n == len(labels) - 1:
            parts.append(
                f'<text x="{x(n):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle"'
                f' font-size="11" fill="#4b5563">{escape(label)}</text>'
            )
    for index, (name, values) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for n, value in enumerate(values if len(values) <= MARKED_POINTS else []):
            parts.append(
                f'<circle cx="{x(n):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)}, {escape(labels[n])}: {escape(number(value))}</title>"
                "</circle>"
            )
        row, column = divmod(index, 4)
        lx, ly = LEFT + column * 170, HEIGHT + 4 + row * 24
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{lx + 20}" y="{ly + 12}" font-size="12" fill="#1f2933">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend_rows(series: dict[str, list[int]]) -> int:
    return (len(series) + 3) // 4


def _round_up(value: float) -> float:
    """A round top for the y axis: 4, 8, 20, 40, 100, ... at least `value`."""
    scale = 1.0
    while True:
        for nice in (4, 8, 20, 40):
            if value <= nice * scale:
                return nice * scale
        scale *= 10


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)
