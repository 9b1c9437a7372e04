"""findings.json: the Findings as JSON data, per the contract at the end of ANALYTICS.md.

Durations are seconds and rates fractions from 0 to 1, both JSON numbers (integers when
whole); a figure with no data is null. Keys beyond the contract are extras for reports.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from omcreport.analyze.across import Findings, HandoffFigures, PathFigures, StageFigures
from omcreport.analyze.breakdowns import Breakdown, ValueAtRisk
from omcreport.analyze.journey import JourneyFigures
from omcreport.analyze.observations import ObservationWeight, RankedWeight
from omcreport.analyze.percentiles import Rate, Summary

SCHEMA_ID = "omcreport/findings/v1"

Json = dict[str, Any]


def number(value: Fraction | int | None) -> int | float | None:
    """An exact figure as a JSON number: an integer when whole, else the nearest float."""
    if value is None:
        return None
    exact = Fraction(value)
    if exact.denominator == 1:
        return exact.numerator
    return float(exact)


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def summary_json(summary: Summary) -> Json:
    return {"n": summary.n, "median": number(summary.median), "p90": number(summary.p90), "max": number(summary.max)}


def rate_json(value: Rate) -> Json:
    return {"n": value.n, "rate": number(value.rate)}


def _stage(figures: StageFigures) -> Json:
    return {
        "n": figures.n,
        "visits": figures.visits,
        "time": summary_json(figures.time),
        "breach_rate": number(figures.breach_rate),
        "revisit_rate": number(figures.revisit_rate),
        "customer_in_view": number(figures.customer_in_view),
        "informed_rate": number(figures.informed_rate),
        "target": figures.target,
        "public": figures.public,
        "breaches": figures.breaches,
        "revisits": figures.revisits,
        "informed": figures.informed,
    }


def _handoff(figures: HandoffFigures) -> Json:
    return {
        "from": figures.from_owner,
        "to": figures.to_owner,
        "count": figures.count,
        "wait_median": number(figures.wait_median),
        "wait": summary_json(figures.wait),
        "total_wait": number(figures.total_wait),
    }


def _path(figures: PathFigures) -> Json:
    return {"path": list(figures.path), "count": figures.count, "share": number(figures.share)}


def _observation(figures: ObservationWeight) -> Json:
    return {
        "id": figures.id,
        "stage": figures.stage,
        "severity": figures.severity,
        "status": figures.status,
        "weight": figures.weight,
        "tags": list(figures.tags),
    }


def _ranked(figures: RankedWeight, key: str) -> Json:
    return {key: figures.name, "weight": figures.weight, "observations": list(figures.observations)}


def _journey(figures: JourneyFigures) -> Json:
    return {
        "order": figures.order,
        "status": figures.status,
        "span": number(figures.span),
        "lead_time": number(figures.lead_time),
        "unattended": number(figures.unattended),
        "silence": number(figures.silence.seconds),
        "on_time": figures.on_time,
        "start": _moment(figures.start),
        "end": _moment(figures.end),
        "closed": _moment(figures.closed),
        "silence_start": _moment(figures.silence.start),
        "silence_end": _moment(figures.silence.end),
        "visits": len(figures.visits),
        "handoffs": len(figures.handoffs),
        "revisits": figures.revisits,
        "back_steps": figures.back_steps,
        "customer_updates": len(figures.customer_updates),
        "path": list(figures.path),
        "time_in_stage": {stage.stage: number(stage.time) for stage in figures.stages},
        "breaches": list(figures.breaches),
    }


def _breakdown(figures: Breakdown, key: str) -> Json:
    return {
        key: figures.name,
        "journeys": figures.journeys,
        "journey_span": summary_json(figures.journey_span),
        "lead_time": summary_json(figures.lead_time),
        "on_time": rate_json(figures.on_time),
    }


def _value(figures: ValueAtRisk) -> Json:
    return {"currency": figures.currency, "count": figures.count, "amount": format(figures.amount, "f")}


def findings_json(findings: Findings) -> Json:
    """The findings as a JSON-ready dict (key order stable, as the contract lists it)."""
    return {
        "schema": SCHEMA_ID,
        "as_of": findings.as_of.isoformat(),
        "journeys": findings.journeys,
        "lead_time": summary_json(findings.lead_time),
        "journey_span": summary_json(findings.journey_span),
        "unattended": summary_json(findings.unattended),
        "silence": summary_json(findings.silence),
        "on_time": rate_json(findings.on_time),
        "due_kept": rate_json(findings.due_kept),
        "bottleneck": findings.bottleneck,
        "stages": {figures.stage: _stage(figures) for figures in findings.stages},
        "handoffs": [_handoff(figures) for figures in findings.handoffs],
        "paths": [_path(figures) for figures in findings.paths],
        "observations": [_observation(figures) for figures in findings.observations],
        "observations_by_stage": [_ranked(figures, "stage") for figures in findings.observations_by_stage],
        "observations_by_tag": [_ranked(figures, "tag") for figures in findings.observations_by_tag],
        "per_journey": [_journey(figures) for figures in findings.per_journey],
        "segments": [_breakdown(figures, "segment") for figures in findings.segments],
        "months": [_breakdown(figures, "month") for figures in findings.months],
        "value_at_risk": [_value(figures) for figures in findings.value_at_risk],
        "late_open_without_value": findings.late_open_without_value,
        "silence_stages": [
            {"stage": row.stage, "journeys": row.journeys, "median": number(row.median)}
            for row in findings.silence_stages
        ],
        "late_notice": {
            row.stage: {
                "n": row.lags.n,
                "median": number(row.lags.median),
                "p90": number(row.lags.p90),
                "open": row.open,
            }
            for row in findings.late_notice
        },
        "stage_map": [
            {"from": edge.from_stage, "to": edge.to_stage, "count": edge.count, "wait_median": number(edge.wait_median)}
            for edge in findings.stage_map
        ],
    }
