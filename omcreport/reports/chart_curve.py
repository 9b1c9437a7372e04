"""The customer-in-view curve: how clearly each step keeps the customer in sight.

The y axis is the scale of FORMAT.md (none 0, low 1, medium 2, high 3). Each point is a
circle with its value printed beside it where it crosses neither the curve nor another
label; a filled circle marks a step that informed the customer, a hollow one a step
that did not, so the chart reads without colour. Optional bars in a strip under the
curve (dotted, labelled in percent, on a 0-100 % axis) show the informed rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from omcreport.reports import svg

WIDTH = 680.0
LEFT = 58.0
RIGHT = 12.0
TOP = 22.0
PLOT_HEIGHT = 170.0
BAR_PANEL = 62.0
LEVELS = ("none", "low", "medium", "high")
VALUE_FONT = 8.5
LABEL_FONTS = (8.5, 8.0, 7.5, 7.0, 6.5)
LABEL_LINES = 3
LINE_GAP = 1.25  # line height in em


@dataclass(frozen=True)
class Point:
    label: str  # under the axis (stage name or visit number and stage)
    value: float | None  # 0..3; None: no data (a gap in the curve)
    value_text: str  # printed beside the point
    filled: bool  # informed the customer
    bar: float | None = None  # 0..1, drawn in a strip under the curve
    bar_text: str = ""
    short_label: str = ""  # printed instead of `label` when the labels cannot fit (a visit's number)


def axis_labels(labels: list[str], short: list[str], room: float) -> tuple[float, list[list[str]]]:
    """The largest font at which every label wraps into at most three lines of at most
    `room` wide; when none does, the short labels on one line (at the largest font they
    fit, else the smallest)."""
    for size in LABEL_FONTS:
        wrapped = [_wrap(label, size, room) for label in labels]
        if all(lines is not None for lines in wrapped):
            return size, [lines or [] for lines in wrapped]
    fallback = [s or label for s, label in zip(short, labels, strict=True)]
    size = next(
        (size for size in LABEL_FONTS if all(svg.text_width(s, size) <= room for s in fallback)), LABEL_FONTS[-1]
    )
    return size, [[s] for s in fallback]


def _wrap(label: str, size: float, room: float) -> list[str] | None:
    lines: list[str] = []
    for word in label.split():
        if svg.text_width(word, size) > room:
            return None
        if lines and svg.text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines if len(lines) <= LABEL_LINES else None


def curve_svg(
    points: list[Point], *, label: str, filled_means: str, hollow_means: str, bar_means: str = "", name: str = "curve"
) -> Markup:
    """The curve on top; when points carry bars, a strip of labelled bars beneath it on
    the same stage columns (kept apart so neither hides the other's labels)."""
    with_bars = any(point.bar is not None for point in points)
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    size, labels = axis_labels([p.label for p in points], [p.short_label for p in points], step - 4)
    label_lines = max((len(lines) for lines in labels), default=1)
    plot_bottom = TOP + PLOT_HEIGHT
    bars_top = plot_bottom + 16
    bars_bottom = bars_top + BAR_PANEL if with_bars else plot_bottom
    labels_top = bars_bottom + 4 + size
    legend_top = labels_top + size * LINE_GAP * (label_lines - 1) + 18

    def y_of(level: float) -> float:
        return plot_bottom - level / 3 * (PLOT_HEIGHT - 12)

    def x_of(index: int) -> float:
        return LEFT + step * (index + 0.5)

    body: list[str] = []
    axis = [svg.text(4, 10, "customer in view (level)", fill=svg.MUTED, font_size=8)]
    for level, level_name in enumerate(LEVELS):
        y = y_of(level)
        body.append(svg.line(LEFT, y, WIDTH - RIGHT, y, stroke=svg.RULE, stroke_width=0.5))
        axis.append(svg.line(LEFT - 3, y, LEFT, y, stroke=svg.INK, stroke_width=0.6))
        axis.append(svg.text(LEFT - 6, y + 3, level_name, fill=svg.MUTED, text_anchor="end", font_size=8.5))
    axis.append(svg.line(LEFT, TOP - 4, LEFT, plot_bottom, stroke=svg.INK, stroke_width=0.6))
    if with_bars:
        bar_zero, bar_full = bars_bottom, bars_bottom - (BAR_PANEL - 12)
        axis.append(svg.line(LEFT, bars_bottom, WIDTH - RIGHT, bars_bottom, stroke=svg.INK, stroke_width=0.6))
        axis.append(svg.line(LEFT, bar_full, LEFT, bar_zero, stroke=svg.INK, stroke_width=0.6))
        for y, text in ((bar_zero, "0 %"), (bar_full, "100 %")):
            axis.append(svg.line(LEFT - 3, y, LEFT, y, stroke=svg.INK, stroke_width=0.6))
            axis.append(svg.text(LEFT - 6, y + 3, text, fill=svg.MUTED, text_anchor="end", font_size=8))
    body.append('<g class="axis">' + "".join(axis) + "</g>")

    placer = svg.LabelPlacer(svg.Box(LEFT, TOP - 12, WIDTH - RIGHT, legend_top - 12))
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
            placer.block(svg.Box(cx - width / 2, bars_bottom - bar_height, cx + width / 2, bars_bottom))
            shown = placer.place(
                point.bar_text, [(cx, bars_bottom - bar_height - 3, "middle")], 8, fill=svg.INK
            ) or placer.place(point.bar_text, [(cx, bars_bottom - 3, "middle")], 8, fill=svg.INK)
            if shown:
                body.append(shown)
        for row, part in enumerate(labels[index]):
            baseline = labels_top + size * LINE_GAP * row
            placer.block(svg.text_box(cx, baseline, part, size, anchor="middle"))
            body.append(svg.text(cx, baseline, part, fill=svg.INK, text_anchor="middle", font_size=svg.num(size)))
    segments: list[list[tuple[float, float]]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            segments.append([])
        else:
            segments[-1].append((x_of(index), y_of(point.value)))
    for run in segments:
        if run:
            body.append(svg.polyline(run, fill="none", stroke=svg.ACCENT, stroke_width=1.8))
            placer.block_line(run)
    for index, point in enumerate(points):
        if point.value is None:
            continue
        cx, cy = x_of(index), y_of(point.value)
        body.append(
            svg.circle(cx, cy, 3.8, fill=svg.ACCENT if point.filled else "#ffffff", stroke=svg.ACCENT, stroke_width=1.4)
        )
        placer.block(svg.Box(cx - 5, cy - 5, cx + 5, cy + 5))
    for index, point in enumerate(points):
        if point.value is None:
            continue
        cx, cy = x_of(index), y_of(point.value)
        # Above, below, then beside the point, then further out: the first spot the curve
        # does not cross.
        positions = [
            (cx, cy - 8, "middle"),
            (cx, cy + 15, "middle"),
            (cx + 7, cy + 3, "start"),
            (cx - 7, cy + 3, "end"),
            (cx, cy - 18, "middle"),
            (cx, cy + 25, "middle"),
        ]
        shown = placer.place(point.value_text, positions, VALUE_FONT, bold=True, fill=svg.INK)
        if shown:
            body.append(shown)
    items = [
        svg.LegendItem("line", "customer in view"),
        svg.LegendItem("dot-filled", filled_means),
        svg.LegendItem("dot-hollow", hollow_means),
    ]
    if bar_means:
        items.append(svg.LegendItem("dots", bar_means))
    shapes, last = svg.legend(items, LEFT, legend_top, WIDTH - RIGHT - LEFT)
    body += shapes
    described = f"{label}: " + "; ".join(
        f"{point.label} {point.value_text}"
        + (f", {filled_means}" if point.filled and point.value is not None else "")
        + (f", {bar_means} {point.bar_text}" if point.bar_text else "")
        for point in points
    )
    return svg.document(WIDTH, last + 6, body, label=described, name=name)
