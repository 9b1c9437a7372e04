"""Horizontal bars against a target: a stage's time beside the stage's target.

A bar within its target is solid; a bar over its target is hatched with a dark
outline, and the target is a heavy tick on the bar's row, so breaches read in greyscale.
Below the bars, a time axis in one unit (days, hours or minutes) with its ticks.
Also the month-by-month column chart, where orders still open show as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from omcreport.reports import svg

WIDTH = 680.0
ROW = 19.0
LABEL_FONT = 9.5
TICK_FONT = 8.0
LABEL_COLUMN_MAX = 250.0
GAP = 8.0


@dataclass(frozen=True)
class TargetRow:
    label: str
    value: float | None  # seconds; None: no data
    target: float | None  # seconds; None: no target
    value_text: str


def _breached(row: TargetRow) -> bool:
    return row.value is not None and row.target is not None and row.value > row.target


def target_bars_svg(rows: list[TargetRow], *, label: str, name: str = "targets") -> Markup:
    label_width = min(max((svg.text_width(r.label, LABEL_FONT) for r in rows), default=0.0), LABEL_COLUMN_MAX)
    value_width = max((svg.text_width(r.value_text, LABEL_FONT, bold=_breached(r)) for r in rows), default=0.0)
    left, right = 4 + label_width + GAP, WIDTH - value_width - GAP - 4
    top = 8.0
    bottom = top + ROW * len(rows)
    axis = svg.duration_axis(max([r.value or 0.0 for r in rows] + [r.target or 0.0 for r in rows]))

    def x(seconds: float) -> float:
        return left + seconds / axis.top * (right - left)

    body: list[str] = []
    for tick in axis.ticks:
        tx = x(tick)
        body.append(svg.line(tx, top, tx, bottom + 3, stroke=svg.RULE, stroke_width=0.5))
    for index, row in enumerate(rows):
        y = top + index * ROW
        # A label wider than the label column (a long custom stage name) is set smaller.
        size = min(LABEL_FONT, LABEL_FONT * label_width / max(svg.text_width(row.label, LABEL_FONT), 1.0))
        body.append(svg.text(4, y + 12.5, row.label, fill=svg.INK, font_size=svg.num(size)))
        breached = _breached(row)
        if row.value is not None:
            body.append(
                svg.rect(
                    left,
                    y + 4,
                    max(x(row.value) - left, 1.0),
                    ROW - 8,
                    fill="url(#hatch)" if breached else svg.ACCENT,
                    stroke=svg.ALERT if breached else svg.INK,
                    stroke_width=0.9 if breached else 0.3,
                )
            )
        if row.target is not None:
            tx = x(row.target)
            body.append(svg.line(tx, y + 1, tx, y + ROW - 1, stroke=svg.INK, stroke_width=2.2))
        body.append(
            svg.text(
                right + GAP,
                y + 12.5,
                row.value_text,
                font_size=LABEL_FONT,
                fill=svg.ALERT if breached else svg.INK,
                font_weight="bold" if breached else None,
            )
        )
    body.append(_duration_ticks(axis, x, bottom, f"time in stage, {axis.unit}", left, right))
    shapes, last = svg.legend(
        [
            svg.LegendItem("solid", "within target"),
            svg.LegendItem("outline-hatch", "over target"),
            svg.LegendItem("tick", "target"),
        ],
        left,
        bottom + 40,
        right - left,
    )
    body += shapes
    described = f"{label}: " + "; ".join(f"{row.label} {row.value_text}" for row in rows)
    return svg.document(WIDTH, last + 6, body, label=described, name=name)


def _duration_ticks(
    axis: svg.DurationAxis, x: Callable[[float], float], baseline: float, title: str, left: float, right: float
) -> str:
    """A horizontal axis at `baseline`: the line, a tick and its number per step, the
    unit's title under the numbers at the right; numbers that would touch are skipped."""
    parts = [svg.line(left, baseline, right, baseline, stroke=svg.INK, stroke_width=0.6)]
    placer = svg.LabelPlacer(svg.Box(0, 0, WIDTH, baseline + 40))
    for tick in axis.ticks:
        tx = x(tick)
        parts.append(svg.line(tx, baseline, tx, baseline + 3, stroke=svg.INK, stroke_width=0.6))
        shown = placer.place(axis.tick_text(tick), [(tx, baseline + 12, "middle")], TICK_FONT, fill=svg.MUTED)
        if shown:
            parts.append(shown)
    parts.append(svg.text(right, baseline + 24, title, fill=svg.MUTED, text_anchor="end", font_size=TICK_FONT))
    return '<g class="axis">' + "".join(parts) + "</g>"


@dataclass(frozen=True)
class Column:
    label: str  # under the axis (the month)
    value: float | None  # seconds: the median of those that finished
    value_text: str
    note: str = ""  # a second line under the label (n, on-time rate)
    open_value: float | None = None  # seconds: the median age so far of those still open
    open_text: str = ""  # printed over the open bar ("3 open")
    open_value_text: str = ""  # the age so far, for the text alternative


PLOT_TOP = 30.0
PLOT_HEIGHT = 130.0
AXIS_LEFT = 44.0
VALUE_FONT = 8.0


def columns_svg(
    columns: list[Column], *, label: str, name: str = "columns", value_means: str = "", open_means: str = ""
) -> Markup:
    """A column per entry on a duration axis; where an entry has `open_value`, a hatched
    column beside it: those orders are still on the clock, so their age so far is a lower
    bound, never a lead time."""
    with_open = any(c.open_value is not None for c in columns)
    left, right = AXIS_LEFT, WIDTH - 8
    base = PLOT_TOP + PLOT_HEIGHT
    axis = svg.duration_axis(max([c.value or 0.0 for c in columns] + [c.open_value or 0.0 for c in columns]))
    step = (right - left) / max(len(columns), 1)
    width = min(step * (0.34 if with_open else 0.6), 40.0)

    def y(seconds: float) -> float:
        return base - seconds / axis.top * PLOT_HEIGHT

    body: list[str] = []
    axis_parts = [svg.line(left, PLOT_TOP - 4, left, base, stroke=svg.INK, stroke_width=0.6)]
    for tick in axis.ticks:
        ty = y(tick)
        body.append(svg.line(left, ty, right, ty, stroke=svg.RULE, stroke_width=0.5))
        axis_parts.append(svg.line(left - 3, ty, left, ty, stroke=svg.INK, stroke_width=0.6))
        axis_parts.append(
            svg.text(left - 5, ty + 3, axis.tick_text(tick), fill=svg.MUTED, text_anchor="end", font_size=TICK_FONT)
        )
    axis_parts.append(svg.text(4, 12, f"{axis.unit}", fill=svg.MUTED, font_size=TICK_FONT))
    axis_parts.append(svg.line(left, base, right, base, stroke=svg.INK, stroke_width=0.6))
    body.append('<g class="axis">' + "".join(axis_parts) + "</g>")

    placer = svg.LabelPlacer(svg.Box(0, 14, WIDTH, base + 40))
    # Month labels: every k-th when they would run together.
    widest = max((svg.text_width(c.label, TICK_FONT) for c in columns), default=0.0)
    every = max(1, -(-int(widest + 6) // max(int(step), 1)))
    for index, column in enumerate(columns):
        cx = left + step * (index + 0.5)
        solid_x = cx - width - 1.5 if with_open else cx - width / 2
        if column.value is not None:
            top = y(column.value)
            body.append(svg.rect(solid_x, top, width, base - top, fill=svg.ACCENT, stroke=svg.INK, stroke_width=0.3))
            placer.block(svg.Box(solid_x, top, solid_x + width, base))
        if column.open_value is not None:
            top = y(column.open_value)
            open_x = cx + 1.5
            body.append(
                svg.rect(open_x, top, width, base - top, fill="url(#hatch)", stroke=svg.ACCENT, stroke_width=0.9)
            )
            placer.block(svg.Box(open_x, top, open_x + width, base))
        body.append(svg.line(cx, base, cx, base + 3, stroke=svg.INK, stroke_width=0.6))
        if index % every == 0:
            shown = placer.place(column.label, [(cx, base + 12, "middle")], TICK_FONT, fill=svg.INK)
            if shown:
                body.append(shown)
            if column.note:
                note = placer.place(column.note, [(cx, base + 23, "middle")], 7.5, fill=svg.MUTED)
                if note:
                    body.append(note)
    for index, column in enumerate(columns):
        cx = left + step * (index + 0.5)
        solid_mid = cx - width / 2 - 1.5 if with_open else cx
        if column.value is not None:
            top = y(column.value)
            shown = placer.place(
                column.value_text,
                [(solid_mid, top - 3, "middle"), (solid_mid, top - 13, "middle")],
                VALUE_FONT,
                fill=svg.INK,
            )
            if shown:
                body.append(shown)
        if column.open_value is not None and column.open_text:
            top = y(column.open_value)
            open_mid = cx + 1.5 + width / 2
            shown = placer.place(
                column.open_text,
                [(open_mid, top - 3, "middle"), (open_mid, top - 13, "middle")],
                VALUE_FONT,
                fill=svg.ACCENT,
            )
            if shown:
                body.append(shown)
    items = [svg.LegendItem("solid", value_means or "median")]
    if with_open:
        items.append(svg.LegendItem("open", open_means or "still open"))
    shapes, last = svg.legend(items, left, base + 42, right - left)
    body += shapes
    described = f"{label} ({axis.unit}): " + "; ".join(
        ", ".join(filter(None, (c.label, c.value_text, c.note, f"{c.open_text} {c.open_value_text}".strip())))
        for c in columns
    )
    return svg.document(WIDTH, last + 6, body, label=described, name=name)
