"""findings.json: the Findings as JSON data, key by key as the figure registry
(`figures.FIGURES`) lists them, each read from its source and written by its unit.

Durations are seconds and rates fractions from 0 to 1, both JSON numbers (integers when
whole); a figure with no data is null. Keys beyond the contract are extras for reports.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from omcreport.analyze.across import Findings
from omcreport.analyze.figures import SCHEMA_ID, Figure, Unit, children
from omcreport.analyze.percentiles import Rate, Summary

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


def _value(entry: Figure, figures: object) -> object:
    """The entry's value read from `figures` (a Findings, or an item of one of its lists)."""
    value: Any = figures
    for name in entry.attribute.split("."):
        value = getattr(value, name)
    return len(value) if entry.counted else value


def _json(entry: Figure, value: Any) -> object:
    unit = entry.unit
    if unit is Unit.PER_STAGE:
        return {item.stage: _record(f"{entry.path}.*", item) for item in value}
    if unit is Unit.LIST:
        return [_record(f"{entry.path}[]", item) for item in value]
    if unit is Unit.SUMMARY:
        return summary_json(value)
    if unit is Unit.JUDGED_RATE:
        return rate_json(value)
    if unit in (Unit.SECONDS, Unit.RATE, Unit.LEVEL):
        return number(value)
    if unit is Unit.MOMENT:
        return _moment(value)
    if unit is Unit.MONEY:
        return format(value, "f")
    if unit in (Unit.STAGES, Unit.TEXTS):
        return list(value)
    if unit is Unit.SECONDS_BY_STAGE:
        return {stage.stage: number(stage.time) for stage in value}
    return value


def _record(path: str, figures: object) -> Json:
    """The keys the registry lists under `path`, in its order, read from `figures`."""
    record: Json = {}
    for entry in children(path):
        if entry.unit is Unit.SCHEMA_ID:
            record[entry.key] = SCHEMA_ID
        elif not entry.written_by_reports:
            record[entry.key] = _json(entry, _value(entry, figures))
    return record


def findings_json(findings: Findings) -> Json:
    """The findings as a JSON-ready dict: every key of the figure registry, in its order."""
    return _record("", findings)
