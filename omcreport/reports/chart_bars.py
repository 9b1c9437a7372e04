"""Horizontal bars against a target: a stage's time beside the stage's target.

A bar within its target is solid; a bar over its target is hatched with a dark
outline, and the target is a heavy tick on the bar's row, so breaches read in greyscale.
Also a simple labelled column chart for month-by-month trends.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from omcreport.reports import svg

WIDTH = 680.0
LABEL_WIDTH = 190.0
VALUE_WIDTH = 170.0
ROW = 19.0


@dataclass(frozen=True)
class TargetRow:
    label: str
    value: float | None  # seconds; None: no data
    target: float | None  # seconds; None: no target
    value_text: str


def target_bars_svg(rows: list[TargetRow], *, label: str, name: str = "targets") -> Markup:
    height = 8 + ROW * len(rows) + 22
    left, right = LABEL_WIDTH, WIDTH - VALUE_WIDTH
    scale = max([r.value or 0.0 for r in rows] + [r.target or 0.0 for r in rows] + [1.0])

    def x(seconds: float) -> float:
        return left + seconds / scale * (right - left)

    body: list[str] = []
    for index, row in enumerate(rows):
        y = 8 + index * ROW
        body.append(svg.text(4, y + 12.5, row.label, fill=svg.INK, font_size=9.5))
        breached = row.value is not None and row.target is not None and row.value > row.target
        if row.value is not None:
            fill = "url(#hatch)" if breached else svg.ACCENT
            stroke = svg.ALERT if breached else svg.INK
            body.append(
                svg.rect(
                    left,
                    y + 4,
                    max(x(row.value) - left, 1.0),
                    ROW - 8,
                    fill=fill,
                    stroke=stroke,
                    stroke_width=0.9 if breached else 0.3,
                )
            )
        if row.target is not None:
            tx = x(row.target)
            body.append(svg.line(tx, y + 1, tx, y + ROW - 1, stroke=svg.INK, stroke_width=2.2))
        body.append(
            svg.text(
                right + 8,
                y + 12.5,
                row.value_text,
                font_size=9.5,
                fill=svg.ALERT if breached else svg.INK,
                font_weight="bold" if breached else None,
            )
        )
    legend_y = 8 + ROW * len(rows) + 14
    body.append(svg.rect(left, legend_y - 7, 14, 8, fill=svg.ACCENT))
    body.append(svg.text(left + 18, legend_y, "within target", fill=svg.INK, font_size=8.5))
    body.append(svg.rect(left + 90, legend_y - 7, 14, 8, fill="url(#hatch)", stroke=svg.ALERT, stroke_width=0.9))
    body.append(svg.text(left + 108, legend_y, "over target", fill=svg.INK, font_size=8.5))
    body.append(svg.line(left + 180, legend_y - 8, left + 180, legend_y + 1, stroke=svg.INK, stroke_width=2.2))
    body.append(svg.text(left + 186, legend_y, "target", fill=svg.INK, font_size=8.5))
    described = f"{label}: " + "; ".join(f"{row.label} {row.value_text}" for row in rows)
    return svg.document(WIDTH, height, body, label=described, name=name)


@dataclass(frozen=True)
class Column:
    label: str
    value: float | None
    value_text: str
    note: str = ""  # a second line under the label (n)


def columns_svg(columns: list[Column], *, label: str, name: str = "columns") -> Markup:
    plot_height = 120.0
    top, left, right = 16.0, 8.0, 8.0
    height = top + plot_height + 30
    scale = max([c.value or 0.0 for c in columns] + [1.0])
    step = (WIDTH - left - right) / max(len(columns), 1)
    width = min(step * 0.62, 48)
    base = top + plot_height
    body: list[str] = [svg.line(left, base, WIDTH - right, base, stroke=svg.INK, stroke_width=0.6)]
    for index, column in enumerate(columns):
        cx = left + step * (index + 0.5)
        if column.value is not None:
            bar_height = column.value / scale * (plot_height - 12)
            body.append(svg.rect(cx - width / 2, base - bar_height, width, bar_height, fill=svg.ACCENT))
            body.append(
                svg.text(
                    cx, base - bar_height - 3, column.value_text, fill=svg.INK, text_anchor="middle", font_size=8.5
                )
            )
        else:
            body.append(svg.text(cx, base - 3, column.value_text, fill=svg.MUTED, text_anchor="middle", font_size=8.5))
        body.append(svg.text(cx, base + 11, column.label, fill=svg.INK, text_anchor="middle", font_size=8.5))
        if column.note:
            body.append(svg.text(cx, base + 22, column.note, fill=svg.MUTED, text_anchor="middle", font_size=8))
    described = f"{label}: " + "; ".join(
        f"{c.label} {c.value_text} ({c.note})" if c.note else f"{c.label} {c.value_text}" for c in columns
    )
    return svg.document(WIDTH, height, body, label=described, name=name)
