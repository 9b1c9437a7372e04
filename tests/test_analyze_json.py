"""findings_json against the ANALYTICS.md contract and the published JSON Schema."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

import jsonschema
import pytest
from analyze_builders import content, journey, observation, t, visit

from omcreport.analyze import findings, findings_json
from omcreport.catalogue import STAGE_KEYS

H = 3_600
NOW = t("03-20 00:00")
CONTRACT_KEYS = {
    "schema",
    "as_of",
    "journeys",
    "lead_time",
    "journey_span",
    "unattended",
    "silence",
    "on_time",
    "due_kept",
    "bottleneck",
    "stages",
    "handoffs",
    "paths",
    "observations",
    "per_journey",
    "segments",
    "months",
    "value_at_risk",
}

TWO = content(
    journey(
        "SO-2",
        # entry 09:00 -> 09:00:01.5 = 1.5 s: a non-whole duration
        visit("entry", "2026-03-01T09:00:00+00:00", "2026-03-01T09:00:01.5+00:00", owner="CS", civ="high"),
        visit("fulfillment", "03-01 10:00", owner="WH", civ="low"),
        promised=date(2026, 3, 5),
        segment="smb",
        value=("12.30", "EUR"),
    ),
    journey(
        "SO-1",
        visit("entry", "03-02 09:00", "03-02 11:00", owner="CS", civ="medium", note="Received"),
        visit("fulfillment", "03-02 12:00", "03-03 12:00", owner="WH", civ="medium"),
        promised=date(2026, 3, 5),
    ),
    observations=(observation("OBS-1", "billing", "high", orders=("SO-1", "SO-2"), tags=("invoice",)),),
)


def _schema() -> dict[str, Any]:
    text = resources.files("omcreport").joinpath("schemas/findings-v1.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _validate(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker()).validate(document)


def test_the_published_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())


@pytest.mark.parametrize("case", ["empty", "two"])
def test_output_validates_against_the_schema_after_a_json_round_trip(case: str) -> None:
    document = findings_json(findings(content() if case == "empty" else TWO, NOW))
    round_tripped = json.loads(json.dumps(document))
    assert round_tripped == document
    _validate(round_tripped)
    assert set(document) >= CONTRACT_KEYS
    assert list(document["stages"]) == list(STAGE_KEYS)


def test_the_schema_rejects_what_the_contract_forbids() -> None:
    document = findings_json(findings(TWO, NOW))
    broken = json.loads(json.dumps(document))
    del broken["stages"]["returns"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)
    broken = json.loads(json.dumps(document))
    broken["on_time"]["rate"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)
    broken = json.loads(json.dumps(document))
    broken["lead_time"] = {"n": 0, "median": 5, "p90": None, "max": None}
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)


def test_figures_in_seconds_integers_when_whole_rates_as_fractions() -> None:
    document = findings_json(findings(TWO, NOW))
    assert document["schema"] == "omcreport/findings/v1"
    assert document["as_of"] == "2026-03-20T00:00:00+00:00"
    assert document["journeys"] == 2
    # SO-1 span 03-02 09:00 -> 03-03 12:00 = 27 h; SO-2 open: 03-01 09:00 -> now = 18 d 15 h = 447 h.
    # Two values: median (27 + 447) / 2 = 237 h; p90 27 + 0.9 * 420 = 405 h.
    assert document["journey_span"] == {"n": 2, "median": 237 * H, "p90": 405 * H, "max": 447 * H}
    assert all(type(document["journey_span"][key]) is int for key in ("median", "p90", "max"))
    # entry: 1.5 s and 2 h -> median 3600.75 s (a float), max 7200 (an int).
    entry = document["stages"]["entry"]
    assert entry["time"] == {"n": 2, "median": 3600.75, "p90": 6480.15, "max": 7200}
    assert type(entry["time"]["max"]) is int
    # Customer in view (3 + 2) / 2 = 2.5; informed 1 of 2; breach 0 of 2 (both within 4 h).
    assert (entry["customer_in_view"], entry["informed_rate"], entry["breach_rate"]) == (2.5, 0.5, 0)
    # A stage with n 0: every figure null, the count 0.
    assert document["stages"]["returns"] == {
        "n": 0,
        "visits": 0,
        "time": {"n": 0, "median": None, "p90": None, "max": None},
        "breach_rate": None,
        "revisit_rate": None,
        "customer_in_view": None,
        "informed_rate": None,
        "target": 7 * 86_400,
        "public": True,
        "breaches": 0,
        "revisits": 0,
        "informed": 0,
    }
    # On time: SO-1 ended 03-03 <= 03-05; SO-2 fulfillment open and 03-20 > 03-05: late.
    assert document["on_time"] == {"n": 2, "rate": 0.5}
    assert document["due_kept"] == {"n": 0, "rate": None}
    assert document["bottleneck"] is None  # no stage with n >= 3
    assert document["value_at_risk"] == [{"currency": "EUR", "count": 1, "amount": "12.30"}]


def test_lists_are_in_contract_order() -> None:
    document = findings_json(findings(TWO, NOW))
    assert document["handoffs"] == [
        # SO-1 waits 11:00 -> 12:00 = 1 h; SO-2 waits 09:00:01.5 -> 10:00 = 3598.5 s; median 3599.25 s.
        {
            "from": "CS",
            "to": "WH",
            "count": 2,
            "wait_median": 3599.25,
            "wait": {"n": 2, "median": 3599.25, "p90": 3599.85, "max": 3600},
            "total_wait": 7198.5,  # 3600 + 3598.5
        },
    ]
    assert document["paths"] == [{"path": ["entry", "fulfillment"], "count": 2, "share": 1}]
    assert document["observations"] == [
        {"id": "OBS-1", "stage": "billing", "severity": "high", "status": "open", "weight": 8, "tags": ["invoice"]},
    ]
    assert [row["order"] for row in document["per_journey"]] == ["SO-1", "SO-2"]  # by order, not file order
    so1 = document["per_journey"][0]
    assert {key: so1[key] for key in ("status", "span", "lead_time", "unattended", "silence", "on_time")} == {
        # 27 h span; lead 09:00 -> next day 12:00 = 27 h; unattended 11:00-12:00 = 1 h;
        # updates: 03-02 09:00 only -> silence 09:00 -> 03-03 12:00 = 27 h.
        "status": "completed",
        "span": 27 * H,
        "lead_time": 27 * H,
        "unattended": H,
        "silence": 27 * H,
        "on_time": True,
    }
    assert so1["time_in_stage"] == {"entry": 2 * H, "fulfillment": 24 * H}
    assert [row["segment"] for row in document["segments"]] == ["(none)", "smb"]
    assert [row["month"] for row in document["months"]] == ["2026-03"]


def test_same_input_same_bytes() -> None:
    first = json.dumps(findings_json(findings(TWO, NOW)), sort_keys=False)
    second = json.dumps(findings_json(findings(TWO, NOW)), sort_keys=False)
    assert first == second
