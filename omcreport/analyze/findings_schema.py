"""findings.json's JSON Schema (draft 2020-12), generated from the figure registry.

Each key's description is its definition in `figures.FIGURES`; `omcreport/schemas/
findings-v1.schema.json` is this output, kept up to date by `python -m
omcreport.validate.reference` and checked by a test.
"""

from __future__ import annotations

import json
from typing import Any

from omcreport.analyze.figures import FIGURES, SCHEMA_ID, Figure, Unit, children
from omcreport.catalogue import STAGE_KEYS
from omcreport.vocabulary import JOURNEY_STATUSES, OBSERVATION_STATUSES, SEVERITIES

Schema = dict[str, Any]

START, END = "start", "end"  # the stage map's edges before the first stage and after the last

_DEFS: Schema = {
    "seconds_or_null": {"type": ["number", "null"], "minimum": 0},
    "fraction": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
    "summary": {
        "type": "object",
        "description": "n, median, p90 and max of durations in seconds; with n = 0 the three are null.",
        "required": ["n", "median", "p90", "max"],
        "properties": {
            "n": {"type": "integer", "minimum": 0},
            "median": {"$ref": "#/$defs/seconds_or_null"},
            "p90": {"$ref": "#/$defs/seconds_or_null"},
            "max": {"$ref": "#/$defs/seconds_or_null"},
        },
        "additionalProperties": False,
        "if": {"properties": {"n": {"const": 0}}},
        "then": {"properties": {"median": {"type": "null"}, "p90": {"type": "null"}, "max": {"type": "null"}}},
        "else": {"properties": {"median": {"type": "number"}, "p90": {"type": "number"}, "max": {"type": "number"}}},
    },
    "rate": {
        "type": "object",
        "description": "A rate over n judged items; with n = 0 the rate is null.",
        "required": ["n", "rate"],
        "properties": {"n": {"type": "integer", "minimum": 0}, "rate": {"$ref": "#/$defs/fraction"}},
        "additionalProperties": False,
        "if": {"properties": {"n": {"const": 0}}},
        "then": {"properties": {"rate": {"type": "null"}}},
        "else": {"properties": {"rate": {"type": "number"}}},
    },
}


def _nullable(kind: str, entry: Figure) -> str | list[str]:
    return [kind, "null"] if entry.nullable else kind


def _enum(values: tuple[str, ...], entry: Figure) -> Schema:
    return {"enum": [*values, None] if entry.nullable else list(values)}


def _leaf(entry: Figure) -> Schema:
    """The shape of a key that holds a value (not a container)."""
    unit = entry.unit
    stages = {"enum": list(STAGE_KEYS)}
    shapes: dict[Unit, Schema] = {
        Unit.SCHEMA_ID: {"const": SCHEMA_ID},
        Unit.MOMENT: {"type": _nullable("string", entry), "format": "date-time"},
        Unit.COUNT: {"type": "integer", "minimum": entry.at_least},
        Unit.SECONDS: {"type": _nullable("number", entry), "minimum": 0},
        Unit.SUMMARY: {"$ref": "#/$defs/summary"},
        Unit.RATE: {"$ref": "#/$defs/fraction"} if entry.nullable else {"type": "number", "minimum": 0, "maximum": 1},
        Unit.JUDGED_RATE: {"$ref": "#/$defs/rate"},
        Unit.LEVEL: {"type": ["number", "null"], "minimum": 0, "maximum": 3},
        Unit.MONEY: {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
        Unit.CURRENCY: {"type": "string", "pattern": "^[A-Z]{3}$"},
        Unit.MONTH: {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
        Unit.FLAG: {"type": _nullable("boolean", entry)},
        Unit.TEXT: {"type": "string"},
        Unit.TEXTS: {"type": "array", "items": {"type": "string"}},
        Unit.STAGE: _enum(STAGE_KEYS, entry),
        Unit.STAGE_OR_START: _enum((START, *STAGE_KEYS), entry),
        Unit.STAGE_OR_END: _enum((*STAGE_KEYS, END), entry),
        Unit.STAGES: {"type": "array", "items": stages, **({"minItems": entry.at_least} if entry.at_least else {})},
        Unit.SECONDS_BY_STAGE: {
            "type": "object",
            "propertyNames": stages,
            "additionalProperties": {"type": "number", "minimum": 0},
        },
        Unit.JOURNEY_STATUS: {"enum": list(JOURNEY_STATUSES)},
        Unit.SEVERITY: {"enum": list(SEVERITIES)},
        Unit.OBSERVATION_STATUS: {"enum": list(OBSERVATION_STATUSES)},
    }
    return shapes[unit]


def _each_stage(entry: Figure) -> str:
    """The name in $defs of what a per-stage object holds under each stage key."""
    return f"{entry.key}_of_a_stage"


def _record(path: str) -> Schema:
    """An object holding the keys registered under `path`, none but them."""
    members = children(path)
    return {
        "type": "object",
        "required": [entry.key for entry in members if entry.contract],
        "properties": {entry.key: _shape(entry) for entry in members},
        "additionalProperties": False,
    }


def _shape(entry: Figure) -> Schema:
    if entry.unit is Unit.PER_STAGE:
        each = {"$ref": f"#/$defs/{_each_stage(entry)}"}
        shape: Schema = {
            "type": "object",
            "required": list(STAGE_KEYS),
            "properties": {key: each for key in STAGE_KEYS},
            "additionalProperties": False,
        }
    elif entry.unit is Unit.LIST:
        shape = {"type": "array", "items": _record(f"{entry.path}[]")}
    elif entry.unit is Unit.RECORD:
        shape = _record(entry.path)
    elif entry.unit is Unit.FINDINGS:
        # The figures of the top level (a $ref sees them), and the keys listed here beside them.
        extra = children(entry.path)
        shape = {
            "$ref": "#/$defs/figures",
            "required": [member.key for member in extra],
            "properties": {member.key: _shape(member) for member in extra},
            "unevaluatedProperties": False,
        }
    else:
        shape = _leaf(entry)
    return {**shape, "description": entry.definition}


def findings_schema() -> Schema:
    top = [entry for entry in children("") if entry.unit is not Unit.RECORD]
    records = [entry for entry in children("") if entry.unit is Unit.RECORD]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://omcreport.invalid/schemas/findings-v1.schema.json",
        "title": "omcreport findings.json, version 1",
        "description": "Every figure of the findings report (defined in the project's docs/figures.md). Durations are "
        "seconds, rates fractions from 0 to 1, null for no data.",
        "$ref": "#/$defs/figures",
        "properties": {entry.key: _shape(entry) for entry in records},
        "unevaluatedProperties": False,
        "$defs": {
            "figures": {
                "type": "object",
                "required": [entry.key for entry in top if entry.contract],
                "properties": {entry.key: _shape(entry) for entry in top},
            },
            **{_each_stage(entry): _record(f"{entry.path}.*") for entry in FIGURES if entry.unit is Unit.PER_STAGE},
            **_DEFS,
        },
    }


def findings_schema_text() -> str:
    return json.dumps(findings_schema(), indent=2, ensure_ascii=False) + "\n"
