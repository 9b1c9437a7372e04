"""The report charts read at a glance: axes with units and ticks, no label on another
label or across the curve, the month chart's open orders shown as open."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from itertools import combinations, pairwise
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from omcreport.analyze import findings
from omcreport.model import Content
from omcreport.reports import svg
from omcreport.reports.chart_bars import Column, TargetRow, columns_svg, target_bars_svg
from omcreport.reports.chart_curve import Point, curve_svg
from omcreport.reports.chart_timeline import Bar, timeline_svg
from omcreport.reports.findings_charts import months_chart, stage_map_chart
from tests.analyze_builders import content, journey, visit

DAY = 86_400.0
# An independent estimate of a glyph's width (em) to check the charts' own measurement:
# DejaVu Sans averages about 0.6 em a character.
EM_PER_CHAR = 0.6


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[ET.Element]:
    return [element for element in root.iter("text")]


def box(element: ET.Element, default_size: float) -> tuple[float, float, float, float]:
    size = float(element.get("font-size", default_size))
    width = len(element.text or "") * size * EM_PER_CHAR
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    anchor = element.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return left, y - 0.75 * size, left + width, y + 0.2 * size


def overlapping(root: ET.Element) -> list[tuple[str, str]]:
    size = float(root.get("font-size", 8))
    boxes = [(element.text or "", box(element, size)) for element in texts(root)]
    return [
        (a, b)
        for (a, (l1, t1, r1, b1)), (b, (l2, t2, r2, b2)) in combinations(boxes, 2)
        if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1
    ]


def axis_texts(root: ET.Element) -> list[str]:
    return [
        element.text or "" for group in root.iter("g") if group.get("class") == "axis" for element in group.iter("text")
    ]


LONG_STAGES = [
    "Order planning",
    "Order generation",
    "Cost estimation and pricing",
    "Order entry",
    "Order selection and prioritization",
    "Scheduling",
    "Fulfillment",
    "Billing",
    "Returns and claims",
    "Postsales service",
]


def test_target_bars_have_a_time_axis_in_days_and_no_label_collides() -> None:
    rows = [
        TargetRow(name, value * DAY, 3 * DAY, f"{value} d (over by 2 d 22 h)")
        for name, value in zip(LONG_STAGES, [0.1, 0.2, 4.6, 0.1, 1.9, 1.2, 9.2, 0.1, 12.2, 1.3], strict=True)
    ]
    root = parse(target_bars_svg(rows, label="Median time in stage"))
    ticks = axis_texts(root)
    assert "time in stage, days" in ticks
    numbers = [float(t) for t in ticks if re.fullmatch(r"\d+", t)]
    assert numbers[0] == 0 and numbers[-1] >= 12.2 and len(numbers) >= 3
    assert overlapping(root) == []


def test_target_bars_in_hours_for_short_stages() -> None:
    root = parse(target_bars_svg([TargetRow("Order entry", 5 * 3600, 4 * 3600, "5 h")], label="x"))
    assert "time in stage, hours" in axis_texts(root)


def test_curve_labels_never_run_together_even_with_many_visits() -> None:
    names = ["Cost estimation and pricing", "Order entry", "Scheduling", "Fulfillment"] * 5
    points = [
        Point(f"{n}. {name}", float(n % 4), ["none", "low", "medium", "high"][n % 4], n % 2 == 0, short_label=str(n))
        for n, name in enumerate(names, start=1)
    ]
    root = parse(curve_svg(points, label="c", filled_means="informed", hollow_means="not"))
    assert overlapping(root) == []
    # Twenty visits leave no room for "4. Scheduling": the numbers stand in for them.
    labels = [element.text for element in texts(root)]
    assert "20" in labels and "4. Scheduling" not in labels


def test_curve_axis_names_the_levels_and_labels_fit() -> None:
    points = [
        Point(name, float(i % 4), f"{i % 4}.0", True, bar=0.5, bar_text="50 %") for i, name in enumerate(LONG_STAGES)
    ]
    root = parse(curve_svg(points, label="c", filled_means="public", hollow_means="internal", bar_means="informed"))
    ticks = axis_texts(root)
    assert {"none", "low", "medium", "high", "0 %", "100 %"} <= set(ticks)
    assert any("customer in view" in t for t in ticks)
    assert overlapping(root) == []


def segment_hits(box: tuple[float, float, float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    # Sample the segment finely: enough for a test.
    left, top, right, bottom = box
    return any(
        left < a[0] + (b[0] - a[0]) * k / 200 < right and top < a[1] + (b[1] - a[1]) * k / 200 < bottom
        for k in range(201)
    )


def test_curve_never_crosses_a_value_label() -> None:
    # A zig-zag: labels above a valley sit on the line unless moved.
    values = [3, 0, 3, 0, 2, 1, 3, 0, 1, 2]
    points = [Point(name, float(v), f"{v}.0", True) for name, v in zip(LONG_STAGES, values, strict=True)]
    root = parse(curve_svg(points, label="c", filled_means="a", hollow_means="b"))
    line = next(root.iter("polyline"))
    coords = [tuple(float(c) for c in pair.split(",")) for pair in (line.get("points") or "").split()]
    value_labels = [e for e in texts(root) if re.fullmatch(r"\d\.0", e.text or "")]
    assert len(value_labels) == len(values)
    for element in value_labels:
        b = box(element, 8)
        assert not any(segment_hits(b, p, q) for p, q in pairwise(coords)), element.text


def test_month_columns_have_a_day_axis_and_open_bars_with_their_count() -> None:
    columns = [
        Column("Aug 2026", 32 * DAY, "32 d 18 h", "n 2 · 50 % on time"),
        Column("Nov 2026", 2 * DAY, "2 d 19 h", "n 2", open_value=7 * DAY, open_text="3 open"),
    ]
    root = parse(columns_svg(columns, label="m", value_means="delivered", open_means="still open"))
    assert "days" in axis_texts(root)
    hatched = [r for r in root.iter("rect") if "hatch" in (r.get("fill") or "") and float(r.get("height", 0)) > 10]
    assert len(hatched) == 1
    assert "3 open" in [e.text for e in texts(root)]
    assert overlapping(root) == []


def test_month_labels_thin_out_instead_of_colliding() -> None:
    columns = [Column(f"M{i:02d} 2026", i * DAY, f"{i} d", f"n {i} · 100 % on time") for i in range(1, 25)]
    root = parse(columns_svg(columns, label="m"))
    assert overlapping(root) == []
    assert "M01 2026" in [e.text for e in texts(root)]


@pytest.fixture
def recent_slow_orders() -> Content:
    """August: one order delivered after 30 days. November: one delivered in 2 days,
    two still open after 20 days (no lead time yet), one cancelled."""
    return content(
        journey("A1", visit("entry", "08-01 09:00", "08-02 09:00"), visit("fulfillment", "08-02 09:00", "08-31 09:00")),
        journey("N1", visit("entry", "11-01 09:00", "11-02 09:00"), visit("fulfillment", "11-02 09:00", "11-03 09:00")),
        journey("N2", visit("entry", "11-04 12:00", "11-05 09:00"), visit("fulfillment", "11-05 09:00")),
        journey("N3", visit("entry", "11-04 12:00", "11-06 09:00"), visit("scheduling", "11-06 09:00")),
        journey("N4", visit("entry", "11-02 09:00", "11-03 09:00"), status="cancelled", closed="11-03 09:00"),
    )


def test_month_chart_shows_open_orders_as_open_not_as_short_lead_times(recent_slow_orders: Content) -> None:
    as_of = datetime(2026, 11, 24, 12, tzinfo=UTC)
    data = recent_slow_orders
    chart = months_chart(data, findings(data, as_of))
    assert chart is not None
    root = parse(chart)
    words = [e.text for e in texts(root)]
    assert "2 open" in words  # N2 and N3; the cancelled N4 is neither delivered nor open
    hatched = [r for r in root.iter("rect") if "hatch" in (r.get("fill") or "") and float(r.get("height", 0)) > 10]
    assert len(hatched) == 1
    # The open bar stands for 20 days so far: taller than November's 2-day lead time.
    solid = [r for r in root.iter("rect") if r.get("fill") == "#1f4e79" and float(r.get("height", 0)) > 1]
    november = min(solid, key=lambda r: float(r.get("height", 0)))
    assert float(hatched[0].get("height", 0)) > 5 * float(november.get("height", 0))
    assert "Median order lead time" in (root.findtext("title") or "")


def test_stage_map_draws_ten_stages_and_weights_forward_and_back_steps() -> None:
    # Two journeys go entry > prioritization > fulfillment; one of them steps back to
    # prioritization (a back-step) and returns; a third skips from entry to billing.
    data = content(
        journey(
            "S1",
            visit("entry", "03-01 09:00", "03-01 10:00"),
            visit("prioritization", "03-01 10:00", "03-01 11:00", owner="Credit"),
            visit("fulfillment", "03-02 11:00", "03-03 11:00", owner="Plant"),
        ),
        journey(
            "S2",
            visit("entry", "03-01 09:00", "03-01 10:00"),
            visit("prioritization", "03-01 10:00", "03-01 11:00", owner="Credit"),
            visit("fulfillment", "03-01 12:00", "03-01 13:00", owner="Plant"),
            visit("prioritization", "03-01 15:00", "03-01 16:00", owner="Credit"),
            visit("fulfillment", "03-01 16:00", "03-01 17:00", owner="Plant"),
        ),
        journey(
            "S3",
            visit("entry", "03-01 09:00", "03-01 10:00"),
            visit("billing", "03-04 10:00", "03-04 11:00", owner="Finance"),
        ),
    )
    f = findings(data, datetime(2026, 3, 10, tzinfo=UTC))
    root = parse(stage_map_chart(data, f))
    words = [e.text or "" for e in texts(root)]
    for stage in data.catalogue.stages:
        assert stage.name in words
    lines = [p for p in root.iter("polyline") if p.get("fill") == "none"]
    inner = [e for e in f.stage_map if e.from_stage not in ("start", "end") and e.to_stage not in ("start", "end")]
    assert len(lines) == len(inner)
    dashed = [p for p in lines if p.get("stroke-dasharray")]
    assert len(dashed) == 1  # fulfillment > prioritization, the only back-step
    widths = {float(p.get("stroke-width", 0)) for p in lines}
    entry_to_prioritization = next(e for e in inner if (e.from_stage, e.to_stage) == ("entry", "prioritization"))
    assert entry_to_prioritization.count == 2
    assert max(widths) > min(widths)  # the edge of two journeys is wider than those of one
    # Every edge is labelled with its journeys and its median wait.
    assert "2 · 0 s" in words  # entry > prioritization, same instant
    assert "1 · 3 d" in words  # entry > billing waited 3 days
    assert "1 · 2 h" in words  # the back-step waited 2 hours
    assert "3 start here" in words
    assert overlapping(root) == []
    assert "Order entry to Billing 1, median wait 3 d" in (root.findtext("title") or "")


def test_timeline_tick_labels_with_times_never_touch() -> None:
    start = datetime(2026, 3, 1, 0, tzinfo=UTC)
    end = datetime(2026, 3, 2, 23, tzinfo=UTC)  # under two days: labels carry the time
    bars = [Bar(0, start, end, False, 1)]
    root = parse(timeline_svg(["Order entry"], bars, [], [], start, end, ZoneInfo("UTC"), now=None))
    ticks = axis_texts(root)
    assert ticks and all(re.fullmatch(r"\d+ Mar \d\d:\d\d", t) for t in ticks)
    assert overlapping(root) == []


def sample_charts() -> list[tuple[str, ET.Element]]:
    """Every chart of the sample's findings report and journey reports, as the templates get them."""
    from omcreport.load import load_content
    from omcreport.reports.findings_view import findings_document
    from omcreport.reports.journey_view import journey_document
    from tests.conftest import ROOT

    loaded = load_content(ROOT / "content").content
    assert loaded is not None
    as_of = datetime(2026, 11, 25, 12, tzinfo=UTC)
    f = findings(loaded, as_of)
    charts: list[tuple[str, ET.Element]] = []
    _, document = findings_document(loaded, f, as_of)
    context = document["f"]
    assert isinstance(context, dict)
    charts += [(f"findings {key}", parse(value)) for key, value in context.items() if isinstance(value, Markup)]
    per = {j.order: j for j in f.per_journey}
    for j in loaded.journeys:
        _, journey_context = journey_document(j, per[j.order], loaded, as_of)
        charts += [(f"{j.order} {key}", parse(v)) for key, v in journey_context.items() if isinstance(v, Markup)]
    return charts


def test_no_chart_of_the_sample_has_touching_labels_and_each_has_an_axis() -> None:
    charts = sample_charts()
    assert len(charts) >= 4 + 3 * 17  # bars, curve, months, stage map; timeline, curve, bars per journey
    for name, root in charts:
        assert overlapping(root) == [], name
        if not name.endswith("stage_map_svg"):  # a diagram, not a plot
            assert axis_texts(root), name


@pytest.mark.parametrize(
    ("largest", "unit", "ticks"),
    [
        (5 * 3600, "hours", ["0", "1", "2", "3", "4", "5"]),
        (3 * DAY, "days", ["0", "1", "2", "3"]),
        (32.5 * DAY, "days", ["0", "10", "20", "30", "40"]),
        (90, "minutes", ["0", "1", "2"]),
    ],
)
def test_duration_axis_picks_a_unit_and_whole_ticks(largest: float, unit: str, ticks: list[str]) -> None:
    axis = svg.duration_axis(largest)
    assert axis.unit == unit
    assert [axis.tick_text(t) for t in axis.ticks] == ticks
    assert axis.top >= largest


def test_label_placer_moves_a_label_off_a_line_and_leaves_out_one_with_no_room() -> None:
    placer = svg.LabelPlacer(svg.Box(0, 0, 200, 100))
    placer.block_line([(0, 50), (200, 50)])
    placed = placer.place("high", [(100, 54, "middle"), (100, 40, "middle")], 8.5)
    assert placed is not None and 'y="40"' in placed
    assert placer.place("high", [(100, 40, "middle")], 8.5) is None  # taken by the first
    assert placer.place("far too long a label to fit", [(190, 20, "start")], 8.5) is None  # out of bounds


def test_text_width_is_never_below_the_drawn_width_of_dejavu_sans() -> None:
    # Advance widths of DejaVu Sans (em), from the font the theme ships.
    assert svg.text_width("Order selection and prioritization", 9) >= 148.9
    assert svg.text_width("MWMW", 10) >= 33.4
    assert svg.text_width("0.7", 8.5, bold=True) >= (0.696 + 0.38 + 0.696) * 8.5  # bold digits and point
