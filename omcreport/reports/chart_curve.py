"""The customer-in-view curve: how clearly each step keeps the customer in sight.

The y axis is the scale of FORMAT.md (none 0, low 1, medium 2, high 3). Each point is a
circle with its value printed beside it; a filled circle marks a step that informed the
customer, a hollow one a step that did not, so the chart reads without colour. Optional
bars behind the curve (dotted, labelled in percent) show the informed rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from omcreport.reports import svg

WIDTH = 680.0
LEFT = 58.0
RIGHT = 12.0
TOP = 14.0
PLOT_HEIGHT = 150.0
LEVELS = ("none", "low", "medium", "high")


@dataclass(frozen=True)
class Point:
    label: str  # under the axis (stage name or visit number and stage)
    value: float | None  # 0..3; None: no data (a gap in the curve)
    value_text: str  # printed beside the point
    filled: bool  # informed the customer
    bar: float | None = None  # 0..1, drawn behind the curve
    bar_text: str = ""


def curve_svg(
    points: list[Point], *, label: str, filled_means: str, hollow_means: str, bar_means: str = "", name: str = "curve"
) -> Markup:
    label_lines = max((len(_wrap(point.label)) for point in points), default=1)
    height = TOP + PLOT_HEIGHT + 10 + 10 * label_lines + 26
    plot_bottom = TOP + PLOT_HEIGHT
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)

    def y_of(level: float) -> float:
        return plot_bottom - level / 3 * (PLOT_HEIGHT - 10)

    body: list[str] = []
    for level, name in enumerate(LEVELS):
        y = y_of(level)
        body.append(svg.line(LEFT, y, WIDTH - RIGHT, y, stroke=svg.RULE, stroke_width=0.5))
        body.append(svg.text(LEFT - 6, y + 3, name, fill=svg.MUTED, text_anchor="end"))
    for index, point in enumerate(points):
        cx = LEFT + step * (index + 0.5)
        if point.bar is not None:
            bar_height = point.bar * (PLOT_HEIGHT - 10)
            width = min(step * 0.6, 44)
            body.append(
                svg.rect(
                    cx - width / 2,
                    plot_bottom - bar_height,
                    width,
                    bar_height,
                    fill="url(#dots)",
                    stroke=svg.MUTED,
                    stroke_width=0.4,
                )
            )
            body.append(
                svg.text(cx, plot_bottom - 3, point.bar_text, fill=svg.INK, text_anchor="middle", font_size=6.5)
            )
        for row, part in enumerate(_wrap(point.label)):
            body.append(
                svg.text(cx, plot_bottom + 12 + 10 * row, part, fill=svg.INK, text_anchor="middle", font_size=7)
            )
    segment: list[tuple[float, float]] = []
    segments: list[list[tuple[float, float]]] = []
    for index, point in enumerate(points):
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append((LEFT + step * (index + 0.5), y_of(point.value)))
    if segment:
        segments.append(segment)
    for run in segments:
        body.append(svg.polyline(run, fill="none", stroke=svg.ACCENT, stroke_width=1.8))
    for index, point in enumerate(points):
        if point.value is None:
            continue
        cx, cy = LEFT + step * (index + 0.5), y_of(point.value)
        body.append(
            svg.circle(cx, cy, 3.6, fill=svg.ACCENT if point.filled else "#ffffff", stroke=svg.ACCENT, stroke_width=1.4)
        )
        body.append(svg.text(cx + 6, cy - 5, point.value_text, fill=svg.INK, font_size=7.5, font_weight="bold"))
    legend_y = height - 8
    body.append(svg.circle(LEFT + 4, legend_y - 3, 3.2, fill=svg.ACCENT, stroke=svg.ACCENT, stroke_width=1.2))
    body.append(svg.text(LEFT + 11, legend_y, filled_means, fill=svg.INK, font_size=7))
    body.append(svg.circle(LEFT + 174, legend_y - 3, 3.2, fill="#ffffff", stroke=svg.ACCENT, stroke_width=1.2))
    body.append(svg.text(LEFT + 181, legend_y, hollow_means, fill=svg.INK, font_size=7))
    if bar_means:
        body.append(svg.rect(LEFT + 360, legend_y - 7, 10, 8, fill="url(#dots)", stroke=svg.MUTED, stroke_width=0.4))
        body.append(svg.text(LEFT + 374, legend_y, bar_means, fill=svg.INK, font_size=7))
    return svg.document(WIDTH, height, body, label=label, name=name)


def _wrap(label: str, width: int = 14) -> list[str]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
