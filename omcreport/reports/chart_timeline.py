"""The journey timeline: one swimlane per stage, one bar per visit, against time.

Greyscale legible: visits are solid bars numbered in list order; an open visit is
hatched and ends in an arrow; time covered by no visit is a hatched band on the
"unattended" lane; where two visits overlap the overlap is cross-hatched there; a
dashed connector joins each visit to the next, so a handoff gap is a visible run of
dashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omcreport.reports import svg

WIDTH = 680.0
LANE_FONT = 9.0
LABEL_WIDTH_MAX = 240.0
UNATTENDED_LANE = "Unattended / overlap"
RIGHT_PAD = 14.0
LANE = 19.0
TOP = 8.0
AXIS = 34.0

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TICK_STEPS: tuple[timedelta, ...] = (
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(days=1),
    timedelta(days=2),
    timedelta(days=7),
    timedelta(days=14),
    timedelta(days=28),
    timedelta(days=91),
)


@dataclass(frozen=True)
class Bar:
    lane: int  # 0-based stage position in the catalogue
    start: datetime
    end: datetime  # as-of for an open visit
    is_open: bool
    number: int  # 1-based position in the journey's list of visits


@dataclass(frozen=True)
class Band:
    start: datetime
    end: datetime


def _ticks(start: datetime, end: datetime, zone: ZoneInfo) -> list[datetime]:
    span = end - start
    # A span beyond the table (years) gets ticks every few quarters, still at most 8.
    quarters = -(-span // (TICK_STEPS[-1] * 8))
    step = next((s for s in TICK_STEPS if span / s <= 8), TICK_STEPS[-1] * max(quarters, 1))
    local = start.astimezone(zone)
    if step < timedelta(days=1):
        hours = int(step.total_seconds() // 3600)
        first = local.replace(minute=0, second=0, microsecond=0, hour=local.hour - local.hour % hours)
    else:
        first = local.replace(hour=0, minute=0, second=0, microsecond=0)
    ticks = []
    moment = first
    while moment <= end:
        if moment >= start:
            ticks.append(moment)
        # Step in local wall time, so ticks stay at midnight across DST changes.
        moment = (moment.replace(tzinfo=None) + step).replace(tzinfo=zone)
    return ticks


def _tick_label(moment: datetime, with_time: bool) -> str:
    day = f"{moment.day} {MONTHS[moment.month - 1]}"
    return f"{day} {moment:%H:%M}" if with_time else day


def timeline_svg(
    stage_names: list[str],
    bars: list[Bar],
    unattended: list[Band],
    overlaps: list[Band],
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    *,
    now: datetime | None,
) -> Markup:
    lanes = len(stage_names) + 1  # the last lane shows unattended time and overlaps
    height = TOP + lanes * LANE + AXIS
    # The label column is as wide as the widest lane name (measured from above), so a long
    # stage name never runs into the first bar's number.
    names = [*stage_names, UNATTENDED_LANE]
    widest = max(svg.text_width(name, LANE_FONT, bold=name == UNATTENDED_LANE) for name in names)
    plot_left, plot_right = min(4 + widest + 8, LABEL_WIDTH_MAX), WIDTH - RIGHT_PAD
    total = max((end - start).total_seconds(), 1.0)

    def x(moment: datetime) -> float:
        return plot_left + (moment - start).total_seconds() / total * (plot_right - plot_left)

    def lane_y(lane: int) -> float:
        return TOP + lane * LANE

    body: list[str] = []
    for lane, name in enumerate(names):
        y = lane_y(lane)
        if lane % 2 == 0:
            body.append(svg.rect(0, y, WIDTH, LANE, fill=svg.FAINT))
        weight = "bold" if lane == len(stage_names) else None
        body.append(svg.text(4, y + LANE / 2 + 3.5, name, fill=svg.INK, font_weight=weight, font_size=LANE_FONT))
    bottom = lane_y(lanes)
    body.append(svg.line(plot_left, TOP, plot_left, bottom, stroke=svg.RULE, stroke_width=0.6))

    ticks = _ticks(start, end, zone)
    with_time = bool(ticks) and (end - start) <= timedelta(days=2)
    # Tick labels that would touch the previous one are left out (the tick line stays).
    placer = svg.LabelPlacer(svg.Box(plot_left - 40, bottom, WIDTH, bottom + AXIS))
    axis: list[str] = []
    for tick in ticks:
        tx = x(tick)
        body.append(svg.line(tx, TOP, tx, bottom + 3, stroke=svg.RULE, stroke_width=0.5, stroke_dasharray="1.5 2"))
        shown = placer.place(_tick_label(tick, with_time), [(tx, bottom + 12, "middle")], 8.5, fill=svg.MUTED)
        if shown:
            axis.append(shown)
    body.append('<g class="axis">' + "".join(axis) + "</g>")
    if now is not None and start <= now <= end:
        nx = x(now)
        body.append(svg.line(nx, TOP - 4, nx, bottom, stroke=svg.ALERT, stroke_width=1.0))
        body.append(svg.text(nx - 3, bottom + 24, "as of", fill=svg.ALERT, text_anchor="end", font_size=8.5))

    gap_lane_y = lane_y(len(stage_names))
    for band in unattended:
        body.append(svg.rect(x(band.start), gap_lane_y + 3, x(band.end) - x(band.start), LANE - 6, fill="url(#hatch)"))
    for band in overlaps:
        body.append(
            svg.rect(x(band.start), gap_lane_y + 3, x(band.end) - x(band.start), LANE - 6, fill="url(#crosshatch)")
        )

    ordered = sorted(bars, key=lambda bar: bar.number)
    for previous, following in pairwise(ordered):
        y1 = lane_y(previous.lane) + LANE / 2
        y2 = lane_y(following.lane) + LANE / 2
        x1, x2 = x(previous.end), x(following.start)
        body.append(
            svg.polyline(
                [(x1, y1), (max(x1, x2), y1), (max(x1, x2), y2)] if x2 >= x1 else [(x1, y1), (x2, y2)],
                fill="none",
                stroke=svg.MUTED,
                stroke_width=0.8,
                stroke_dasharray="2.5 1.5",
            )
        )
    for bar in ordered:
        y = lane_y(bar.lane) + 3.5
        bx, bw = x(bar.start), max(x(bar.end) - x(bar.start), 2.5)
        if bar.is_open:
            body.append(svg.rect(bx, y, bw, LANE - 7, fill="url(#hatch)", stroke=svg.ACCENT, stroke_width=0.8))
            tip = bx + bw
            body.append(
                svg.polyline([(tip, y - 1.5), (tip + 6, y + (LANE - 7) / 2), (tip, y + LANE - 5.5)], fill=svg.ACCENT)
            )
        else:
            body.append(svg.rect(bx, y, bw, LANE - 7, fill=svg.ACCENT, stroke=svg.INK, stroke_width=0.4))
        label_x = bx + bw / 2 if bw >= 12 else bx + bw + 2
        anchor = "middle" if bw >= 12 else "start"
        colour = "#ffffff" if bw >= 12 and not bar.is_open else svg.INK
        body.append(
            svg.text(
                label_x,
                y + LANE - 9.5,
                str(bar.number),
                fill=colour,
                text_anchor=anchor,
                font_size=8,
                font_weight="bold",
            )
        )
    items = [
        svg.LegendItem("solid", "visit (numbered)"),
        svg.LegendItem("open", "open visit"),
        svg.LegendItem("dashed", "to the next visit"),
        svg.LegendItem("hatch", "unattended"),
        svg.LegendItem("crosshatch", "overlap"),
    ]
    if now is not None:
        items.append(svg.LegendItem("as-of", "as of"))
    shapes, last = svg.legend(items, 4, height + 4, WIDTH - 8)
    body += shapes
    label = f"Timeline of {len(bars)} visits across the stages of the Order Management Cycle"
    return svg.document(WIDTH, last + 6, body, label=label, name="timeline")
