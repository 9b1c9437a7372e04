"""The findings report's charts that need more than one figure per mark: the month chart
(lead times beside the orders still open) and the stage map. Figures come from
`omcreport.analyze`; the drawing from the chart modules."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from markupsafe import Markup

from omcreport.analyze import Findings, Seconds
from omcreport.analyze.percentiles import median
from omcreport.model import Content
from omcreport.reports import formatting as fmt
from omcreport.reports.chart_bars import Column, columns_svg
from omcreport.reports.chart_stage_map import Edge, Stage, stage_map_svg


def months_chart(content: Content, f: Findings) -> Markup | None:
    """Median lead time per month of the first visit, and beside it the orders of that
    month still open without a lead time, at their median age so far: a recent month's
    slow orders show as open, not as a short lead time."""
    if not f.months:
        return None
    zone = ZoneInfo(content.site.timezone)
    figures = {j.order: j for j in f.per_journey}
    still_open: dict[str, list[Seconds]] = {}
    for journey in content.journeys:
        measured = figures[journey.order]
        if measured.status == "open" and measured.lead_time is None:
            # The month as by_month groups it: the first visit in list order.
            month = journey.visits[0].started.astimezone(zone).strftime("%Y-%m")
            still_open.setdefault(month, []).append(measured.span)
    columns = []
    for b in f.months:
        ages = still_open.get(b.name, [])
        age = median(ages)
        year, number = b.name.split("-")
        note = f"{b.lead_time.n} delivered"
        if b.on_time.rate is not None:
            note += f" · {fmt.percent(b.on_time.rate)} on time"
        columns.append(
            Column(
                f"{fmt.MONTHS[int(number) - 1]} {year}",
                float(b.lead_time.median) if b.lead_time.median is not None else None,
                fmt.duration(b.lead_time.median),
                note,
                open_value=float(age) if age is not None else None,
                open_text=f"{len(ages)} open" if ages else "",
                open_value_text=f"{fmt.duration(age)} so far" if age is not None else "",
            )
        )
    return columns_svg(
        columns,
        label="Median order lead time by month of the first visit, beside the orders still open",
        name="months",
        value_means="typical (median) lead time of the orders delivered",
        open_means="orders still open: typical (median) age so far (no lead time yet)",
    )


def stage_map_chart(content: Content, f: Findings) -> Markup:
    """The stage map of findings.json's `stage_map`, in the catalogue's order."""
    stages = [Stage(stage.key, stage.name) for stage in content.catalogue.stages]
    edges = [Edge(e.from_stage, e.to_stage, e.count, fmt.duration(e.wait_median)) for e in f.stage_map]
    return stage_map_svg(
        stages,
        edges,
        label="Stage map: how orders move from stage to stage, with the typical (median) wait on each step",
    )
