"""The findings report's content across all journeys, from `omcreport.analyze.findings`.

Every number printed here is a figure of the `Findings` that also becomes findings.json,
printed by the rules of ANALYTICS.md "Printing"; this module only chooses rows, words
and charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omcreport.analyze import (
    NO_SEGMENT,
    UNRESOLVED,
    Breakdown,
    Findings,
    HandoffFigures,
    JourneyFigures,
    RankedWeight,
    Summary,
    format_mean_level,
)
from omcreport.analyze.figures import figure
from omcreport.model import Content, Journey
from omcreport.reports import formatting as fmt
from omcreport.reports.appendix import DEFINITIONS, GLOSSARY, counted_over
from omcreport.reports.chart_bars import TargetRow, target_bars_svg
from omcreport.reports.chart_curve import Point, curve_svg
from omcreport.reports.decisions import decisions
from omcreport.reports.document import DocumentMeta, document_meta
from omcreport.reports.findings_charts import months_chart, stage_map_chart
from omcreport.reports.headline import Comparison, headlines
from omcreport.richtext import report_html
from omcreport.wording import count_noun

MATRIX_MAX_OWNERS = 10
# Top lists: the PDF stays short at any scale (at most 40 pages at 10,000 journeys); the
# full tables are in findings.json and journeys.csv.
WORST_BREACHES_SHOWN = 5
PATHS_SHOWN = 12
HANDOFFS_SHOWN = 20
SILENCES_SHOWN = 10
TAGS_SHOWN = 10
OBSERVATION_CARDS_SHOWN = 10
OBSERVATION_ROWS_SHOWN = 20
SEGMENTS_SHOWN = 20
LATE_OPEN_SHOWN = 20
JOURNEYS_SHOWN = 20


def findings_document(
    content: Content, figures: Findings, as_of: datetime, comparison: Comparison | None = None
) -> tuple[DocumentMeta, dict[str, object]]:
    meta = document_meta(
        content.site,
        title=f"Findings: the Order Management Cycle at {content.site.name}",
        subject=f"Where the order cycle loses time and the customer, across {figures.journeys} journeys",
        keywords=["order management cycle", "findings", "staple yourself to an order"],
        as_of=as_of,
    )
    names = {stage.key: stage.name for stage in content.catalogue.stages}
    context = _context(content, figures, as_of)
    context["decisions"] = [
        {
            "sentence": d.sentence,
            "evidence": d.evidence,
            "recommendation": report_html(d.recommendation) if d.recommendation else None,
            "owner": d.owner,
            "observation": d.observation,
            "anchor": d.anchor,
        }
        for d in decisions(content, figures)
    ]
    context["headline"] = headlines(figures, names, comparison)
    context["comparison"] = (
        {"label": comparison.label, "previous_label": comparison.previous_label} if comparison is not None else None
    )
    context["counts"] = counted_over(figures, names)
    return meta, {"f": context}


def summary_row(summary: Summary) -> dict[str, str | int]:
    return {
        "n": summary.n,
        "median": fmt.duration(summary.median),
        "p90": fmt.duration(summary.p90),
        "max": fmt.duration(summary.max),
    }


def _context(content: Content, f: Findings, as_of: datetime) -> dict[str, object]:
    names = {stage.key: stage.name for stage in content.catalogue.stages}
    journeys = {journey.order: journey for journey in content.journeys}
    titles = {observation.id: observation.title for observation in content.observations}
    zone = ZoneInfo(content.site.timezone)
    return {
        "journeys": f.journeys,
        "cover_facts": [
            ("Organisation", content.site.name),
            (figure("journeys").label, str(f.journeys)),
            ("Followed by someone", str(sum(1 for j in content.journeys if j.followed_by))),
            (figure("observations").label, str(len(content.observations))),
            (figure("as_of").label, fmt.as_of_text(as_of, zone)),
        ],
        "longest_silences": _longest_silences(f, journeys),
        "stages": _stage_rows(f, names),
        "stage_bars_svg": target_bars_svg(
            [
                TargetRow(
                    names[s.stage],
                    float(s.time.median) if s.time.median is not None else None,
                    s.target,
                    f"{fmt.duration(s.time.median)} ({count_noun(s.n, 'order')})",
                )
                for s in f.stages
            ],
            label="Typical (median) time in stage against each stage's target",
        ),
        "curve_svg": _curve(f, names),
        "curve_finding": _curve_finding(f, names),
        "silence_stages": [
            {
                "stage": names[row.stage] if row.stage is not None else "No stage held the order",
                "journeys": row.journeys,
                "median": fmt.duration(row.median),
            }
            for row in f.silence_stages
        ],
        "late_notice": [
            {
                "stage": names[row.stage],
                "missed": row.lags.n,
                "median": fmt.duration(row.lags.median),
                "p90": fmt.duration(row.lags.p90),
                "open": row.open,
            }
            for row in f.late_notice
            if row.lags.n
        ],
        "handoff_matrix": _handoff_matrix(f),
        "handoffs": [
            {
                "from": h.from_owner,
                "to": h.to_owner,
                "count": h.count,
                "total": fmt.duration(h.total_wait),
                "median": fmt.duration(h.wait_median),
                "p90": fmt.duration(h.wait.p90),
                "max": fmt.duration(h.wait.max),
            }
            for h in by_total_wait(f.handoffs)[:HANDOFFS_SHOWN]
        ],
        "handoffs_more": max(0, len(f.handoffs) - HANDOFFS_SHOWN),
        "paths": [
            {
                "rank": rank,
                "path": " › ".join(names[key] for key in p.path),
                "count": p.count,
                "share": fmt.percent(p.share),
            }
            for rank, p in enumerate(f.paths[:PATHS_SHOWN], start=1)
        ],
        "paths_more": max(0, len(f.paths) - PATHS_SHOWN),
        "path_count": len(f.paths),
        "breaches": _breaches(f, names),
        "ranked_stages": [_ranked(item, names.get(item.name, item.name), titles) for item in f.observations_by_stage],
        "ranked_tags": [_ranked(item, item.name, titles) for item in f.observations_by_tag[:TAGS_SHOWN]],
        "tags_more": max(0, len(f.observations_by_tag) - TAGS_SHOWN),
        "observations": _observations(content, f, names),
        "segments": [
            _breakdown_row(b.name, b) for b in sorted(f.segments, key=lambda b: (-b.journeys, b.name))[:SEGMENTS_SHOWN]
        ],
        "segments_more": max(0, len(f.segments) - SEGMENTS_SHOWN),
        "months": [_breakdown_row(fmt.month(b.name), b) for b in f.months],
        "months_svg": months_chart(content, f),
        "stage_map_svg": stage_map_chart(content, f),
        "value_at_risk": [
            {"currency": v.currency, "count": v.count, "amount": fmt.money(v.amount, v.currency)}
            for v in f.value_at_risk
        ],
        "late_open": _late_open(f, journeys)[:LATE_OPEN_SHOWN],
        "late_open_more": max(0, sum(1 for j in f.per_journey if j.late_open) - LATE_OPEN_SHOWN),
        "late_open_without_value": f.late_open_without_value,
        "slowest": [
            _journey_row(j, journeys[j.order])
            for j in sorted(f.per_journey, key=lambda j: (-j.span, j.order))[:JOURNEYS_SHOWN]
        ],
        "definitions": DEFINITIONS,
        "glossary": GLOSSARY,
    }


def _ratio(value: Fraction, target: int) -> str:
    return fmt.percent(Fraction(value) / target)


def _ranked(item: RankedWeight, name: str, titles: dict[str, str]) -> dict[str, object]:
    return {
        "name": name,
        "weight": item.weight,
        "count": len(item.observations),
        "heaviest": titles[item.observations[0]],
    }


def _longest_silences(f: Findings, journeys: dict[str, Journey]) -> list[dict[str, str]]:
    ranked = sorted(f.per_journey, key=lambda j: (-j.silence.seconds, j.order))[:SILENCES_SHOWN]
    return [
        {
            "order": j.order,
            "customer": journeys[j.order].customer.display_name,
            "status": j.status,
            "silence": fmt.duration(j.silence.seconds),
        }
        for j in ranked
    ]


def _stage_rows(f: Findings, names: dict[str, str]) -> list[dict[str, object]]:
    return [
        {
            "name": names[s.stage],
            "n": s.n,
            "visits": s.visits,
            "time": summary_row(s.time),
            "target": fmt.duration(s.target) if s.target is not None else "none",
            "against": _ratio(s.time.median, s.target) if s.time.median is not None and s.target else fmt.DASH,
            "breach_rate": fmt.percent(s.breach_rate) if s.breach_rate is not None else fmt.DASH,
            "revisit_rate": fmt.percent(s.revisit_rate) if s.revisit_rate is not None else fmt.DASH,
            "in_view": format_mean_level(s.customer_in_view),
            "informed_rate": fmt.percent(s.informed_rate) if s.informed_rate is not None else fmt.DASH,
            "is_bottleneck": s.stage == f.bottleneck,
        }
        for s in f.stages
    ]


def _curve(f: Findings, names: dict[str, str]) -> Markup:
    points = [
        Point(
            label=names[s.stage],
            value=float(s.customer_in_view) if s.customer_in_view is not None else None,
            value_text=format_mean_level(s.customer_in_view),
            filled=s.public,
            bar=float(s.informed_rate) if s.informed_rate is not None else None,
            bar_text=fmt.percent(s.informed_rate) if s.informed_rate is not None else "",
        )
        for s in f.stages
    ]
    return curve_svg(
        points,
        label="Mean customer in view and informed rate across the ten stages",
        filled_means="public stage",
        hollow_means="internal stage (customer never sees it)",
        bar_means="informed rate (share of journeys)",
    )


def _curve_finding(f: Findings, names: dict[str, str]) -> str:
    """Where the customer fades most, and where they are told least (ties: catalogue order)."""
    seen = [s for s in f.stages if s.customer_in_view is not None]
    if not seen:
        return "No journey visited any stage yet."
    faded = min(seen, key=lambda s: s.customer_in_view or 0)
    text = (
        f"The customer fades most from view at {names[faded.stage]} "
        f"({format_mean_level(faded.customer_in_view)} on the 0 to 3 scale, averaged over "
        f"{count_noun(faded.n, 'order')})."
    )
    told = [s for s in f.stages if s.informed_rate is not None]
    if told:
        quiet = min(told, key=lambda s: s.informed_rate or 0)
        text += (
            f" The customer is told least at {names[quiet.stage]}: in {quiet.informed} of "
            f"{count_noun(quiet.n, 'order')} ({fmt.percent(quiet.informed_rate or 0)})."
        )
    return text


def by_total_wait(handoffs: Sequence[HandoffFigures]) -> list[HandoffFigures]:
    """Pairs as ANALYTICS.md says reports rank them: by total wait (ties: count, from, to)."""
    return sorted(handoffs, key=lambda h: (-h.total_wait, -h.count, h.from_owner, h.to_owner))


def _handoff_matrix(f: Findings) -> dict[str, object] | None:
    owners = sorted({h.from_owner for h in f.handoffs} | {h.to_owner for h in f.handoffs})
    if not owners or len(owners) > MATRIX_MAX_OWNERS:
        return None
    cells = {(h.from_owner, h.to_owner): h for h in f.handoffs}
    # Shaded by the time lost, not by how often: many handoffs without a wait are harmless.
    heaviest = max(h.total_wait for h in f.handoffs)
    numbers = {owner: number for number, owner in enumerate(owners, start=1)}
    rows = []
    for source in owners:
        row = []
        for target in owners:
            h = cells.get((source, target))
            if h is None:
                row.append({"count": "", "wait": "", "shade": 0})
            else:
                row.append(
                    {
                        "count": str(h.count),
                        "wait": fmt.duration(h.total_wait),
                        "shade": 1 + int(3 * h.total_wait / heaviest) if h.total_wait > 0 else 0,
                    }
                )
        rows.append({"owner": source, "number": numbers[source], "cells": row})
    # Columns are headed by number (the rows name them): long department names never collide.
    return {"owners": owners, "numbers": list(numbers.values()), "rows": rows}


def _breaches(f: Findings, names: dict[str, str]) -> list[dict[str, object]]:
    groups = []
    for s in f.stages:
        if s.target is None or s.n == 0:
            continue
        worst = sorted(
            ((j.time_in_stage(s.stage), j.order) for j in f.per_journey if s.stage in j.breaches),
            key=lambda item: (-item[0], item[1]),
        )
        groups.append(
            {
                "name": names[s.stage],
                "target": fmt.duration(s.target),
                "n": s.n,
                "count": s.breaches,
                "worst": [
                    {"order": order, "time": fmt.duration(time), "over": fmt.duration(time - s.target)}
                    for time, order in worst[:WORST_BREACHES_SHOWN]
                ],
                "more": max(0, len(worst) - WORST_BREACHES_SHOWN),
            }
        )
    return groups


def _observations(content: Content, f: Findings, names: dict[str, str]) -> dict[str, object]:
    by_id = {o.id: o for o in content.observations}
    active: list[dict[str, object]] = []
    closed: list[dict[str, object]] = []
    for weighed in f.observations:
        o = by_id[weighed.id]
        orders = ", ".join(o.orders[:5]) + (f" and {len(o.orders) - 5} more" if len(o.orders) > 5 else "")
        row = {
            "id": o.id,
            "title": o.title,
            "stage": names[o.stage],
            "severity": o.severity,
            "weight": weighed.weight,
            "status": fmt.words(o.status),
            "owner": o.owner or "unassigned",
            "orders": orders or "none named",
            "tags": list(o.tags),
            "observed": fmt.day(o.observed),
            "source": fmt.words(o.source),
            "body": report_html(o.body),
            "recommendation": report_html(o.recommendation) if o.recommendation else None,
        }
        (active if o.status in UNRESOLVED else closed).append(row)
    return {
        "cards": active[:OBSERVATION_CARDS_SHOWN],
        "rows": active[OBSERVATION_CARDS_SHOWN : OBSERVATION_CARDS_SHOWN + OBSERVATION_ROWS_SHOWN],
        "more": max(0, len(active) - OBSERVATION_CARDS_SHOWN - OBSERVATION_ROWS_SHOWN),
        "closed": closed[:OBSERVATION_ROWS_SHOWN],
        "closed_more": max(0, len(closed) - OBSERVATION_ROWS_SHOWN),
    }


def _breakdown_row(name: str, b: Breakdown) -> dict[str, object]:
    return {
        "name": name,
        "journeys": b.journeys,
        "span": summary_row(b.journey_span),
        "lead": summary_row(b.lead_time),
        "on_time": fmt.rate(b.on_time.rate, b.on_time.n),
    }


def _late_open(f: Findings, journeys: dict[str, Journey]) -> list[dict[str, str]]:
    rows = []
    late = sorted(
        (j for j in f.per_journey if j.late_open), key=lambda j: (journeys[j.order].promised or date.min, j.order)
    )
    for j in late:
        journey = journeys[j.order]
        rows.append(
            {
                "order": j.order,
                "customer": journey.customer.display_name,
                "promised": fmt.day(journey.promised),
                "value": fmt.money(journey.value.amount, journey.value.currency) if journey.value else "no value",
                "followed_by": journey.followed_by or "",
            }
        )
    return rows


def _journey_row(j: JourneyFigures, journey: Journey) -> dict[str, str]:
    return {
        "order": j.order,
        "segment": journey.customer.segment or NO_SEGMENT,
        "status": j.status,
        "span": fmt.duration(j.span),
        "lead": fmt.duration(j.lead_time),
        "unattended": fmt.duration(j.unattended),
        "silence": fmt.duration(j.silence.seconds),
        "on_time": {True: "on time", False: "late", None: "–"}[j.on_time],
    }
