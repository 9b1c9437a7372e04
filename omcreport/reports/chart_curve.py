"""The customer-in-view curve: how clearly each step keeps the customer in sight.

The y axis is the scale of FORMAT.md (none 0, low 1, medium 2, high 3). Each point is a
circle with its value printed above it; a filled circle marks a step that informed the
customer, a hollow one a step that did not, so the chart reads without colour. Optional
bars in a strip under the curve (dotted, labelled in percent) show the informed rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from omcreport.reports import svg

WIDTH = 680.0
LEFT = 58.0
RIGHT = 12.0
TOP = 18.0
PLOT_HEIGHT = 170.0
BAR_PANEL = 62.0
LEVELS = ("none", "low", "medium", "high")


@dataclass(frozen=True)
class Point:
    label: str  # under the axis (stage name or visit number and stage)
    value: float | None  # 0..3; None: no data (a gap in the curve)
    value_text: str  # printed beside the point
    filled: bool  # informed the customer
    bar: float | None = None  # 0..1, drawn in a strip under the curve
    bar_text: str = ""


def curve_svg(
    points: list[Point], *, label: str, filled_means: str, hollow_means: str, bar_means: str = "", name: str = "curve"
) -> Markup:
    """The curve on top; when points carry bars, a strip of labelled bars beneath it on
    the same stage columns (kept apart so neither hides the other's labels)."""
    with_bars = any(point.bar is not None for point in points)
    label_lines = max((len(_wrap(point.label)) for point in points), default=1)
    plot_bottom = TOP + PLOT_HEIGHT
    bars_top = plot_bottom + 16
    bars_bottom = bars_top + BAR_PANEL if with_bars else plot_bottom
    labels_top = bars_bottom + 13
    height = labels_top + 11 * label_lines + 22
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)

    def y_of(level: float) -> float:
        return plot_bottom - level / 3 * (PLOT_HEIGHT - 12)

    def x_of(index: int) -> float:
        return LEFT + step * (index + 0.5)

    body: list[str] = []
    for level, level_name in enumerate(LEVELS):
        y = y_of(level)
        body.append(svg.line(LEFT, y, WIDTH - RIGHT, y, stroke=svg.RULE, stroke_width=0.5))
        body.append(svg.text(LEFT - 6, y + 3, level_name, fill=svg.MUTED, text_anchor="end", font_size=8.5))
    if with_bars:
        body.append(svg.line(LEFT, bars_bottom, WIDTH - RIGHT, bars_bottom, stroke=svg.INK, stroke_width=0.6))
        body.append(svg.text(LEFT - 6, bars_bottom - 2, "0 %", fill=svg.MUTED, text_anchor="end", font_size=8))
        body.append(svg.text(LEFT - 6, bars_top + 12, "100 %", fill=svg.MUTED, text_anchor="end", font_size=8))
    for index, point in enumerate(points):
        cx = x_of(index)
        if point.bar is not None:
            bar_height = point.bar * (BAR_PANEL - 12)
            width = min(step * 0.5, 40)
            body.append(
                svg.rect(
                    cx - width / 2,
                    bars_bottom - bar_height,
                    width,
                    bar_height,
                    fill="url(#dots)",
                    stroke=svg.INK,
                    stroke_width=0.5,
                )
            )
            body.append(
                svg.text(
                    cx, bars_bottom - bar_height - 3, point.bar_text, fill=svg.INK, text_anchor="middle", font_size=8
                )
            )
        for row, part in enumerate(_wrap(point.label)):
            body.append(svg.text(cx, labels_top + 11 * row, part, fill=svg.INK, text_anchor="middle", font_size=8.5))
    segment: list[tuple[float, float]] = []
    segments: list[list[tuple[float, float]]] = []
    for index, point in enumerate(points):
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append((x_of(index), y_of(point.value)))
    if segment:
        segments.append(segment)
    for run in segments:
        body.append(svg.polyline(run, fill="none", stroke=svg.ACCENT, stroke_width=1.8))
    for index, point in enumerate(points):
        if point.value is None:
            continue
        cx, cy = x_of(index), y_of(point.value)
        body.append(
            svg.circle(cx, cy, 3.8, fill=svg.ACCENT if point.filled else "#ffffff", stroke=svg.ACCENT, stroke_width=1.4)
        )
        body.append(
            svg.text(
                cx, cy - 8, point.value_text, fill=svg.INK, text_anchor="middle", font_size=8.5, font_weight="bold"
            )
        )
    legend_y = height - 6
    body.append(svg.circle(LEFT + 4, legend_y - 3, 3.4, fill=svg.ACCENT, stroke=svg.ACCENT, stroke_width=1.2))
    body.append(svg.text(LEFT + 12, legend_y, filled_means, fill=svg.INK, font_size=8.5))
    body.append(svg.circle(LEFT + 184, legend_y - 3, 3.4, fill="#ffffff", stroke=svg.ACCENT, stroke_width=1.2))
    body.append(svg.text(LEFT + 192, legend_y, hollow_means, fill=svg.INK, font_size=8.5))
    if bar_means:
        body.append(svg.rect(LEFT + 420, legend_y - 8, 11, 9, fill="url(#dots)", stroke=svg.INK, stroke_width=0.5))
        body.append(svg.text(LEFT + 436, legend_y, bar_means, fill=svg.INK, font_size=8.5))
    described = f"{label}: " + "; ".join(
        f"{point.label} {point.value_text}"
        + (f", {filled_means}" if point.filled and point.value is not None else "")
        + (f", {bar_means} {point.bar_text}" if point.bar_text else "")
        for point in points
    )
    return svg.document(WIDTH, height, body, label=described, name=name)


def _wrap(label: str, width: int = 14) -> list[str]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
