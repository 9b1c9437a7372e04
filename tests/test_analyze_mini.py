"""The figures of the real mini fixture, read by the real loader, against its README's
hand-computed values (tests/fixtures/mini/README.md, as-of 2026-11-25T12:00:00Z)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from fractions import Fraction
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from omcreport.analyze import findings, findings_json, stage_health
from omcreport.load import load_content
from omcreport.model import Content

MINI = Path(__file__).parent / "fixtures" / "mini"
AS_OF = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def mini() -> Content:
    result = load_content(MINI)
    assert result.content is not None, [problem.as_text() for problem in result.problems]
    return result.content


@pytest.fixture(scope="module")
def document(mini: Content) -> dict[str, object]:
    return json.loads(json.dumps(findings_json(findings(mini, AS_OF))))


def test_headline_figures(document: dict[str, object]) -> None:
    assert document["journeys"] == 3
    assert document["journey_span"] == {"n": 3, "median": 363_600, "p90": 703_440, "max": 788_400}
    assert document["unattended"] == {"n": 3, "median": 64_800, "p90": 84_960, "max": 90_000}
    assert document["lead_time"] == {"n": 1, "median": 270_000, "p90": 270_000, "max": 270_000}
    assert document["silence"] == {"n": 3, "median": 262_800, "p90": 545_040, "max": 615_600}
    assert document["on_time"] == {"n": 2, "rate": 0.5}
    assert document["due_kept"] == {"n": 2, "rate": 0.5}
    assert document["bottleneck"] == "prioritization"


def test_per_journey_rows(document: dict[str, object]) -> None:
    rows = document["per_journey"]
    assert isinstance(rows, list)
    picked = [
        (r["order"], r["status"], r["span"], r["unattended"], r["lead_time"], r["silence"], r["on_time"]) for r in rows
    ]
    assert picked == [
        ("SO-1001", "completed", 363_600, 90_000, 270_000, 262_800, True),
        ("SO-1002", "open", 788_400, 64_800, None, 615_600, False),
        ("SO-1003", "cancelled", 183_600, 7_200, None, 183_600, None),
    ]


def test_stage_rows(document: dict[str, object]) -> None:
    stages = document["stages"]
    assert isinstance(stages, dict)
    expected = {
        # n, visits, (median, p90, max), breach rate, customer in view, informed rate
        "entry": (3, 3, (7_200, 18_720, 21_600), Fraction(1, 3), Fraction(8, 3), Fraction(2, 3)),
        "prioritization": (3, 3, (172_800, 172_800, 172_800), Fraction(2, 3), Fraction(1, 3), 0),
        "fulfillment": (2, 2, (351_000, 493_560, 529_200), Fraction(1, 2), 2, 1),
        "billing": (1, 1, (7_200, 7_200, 7_200), 0, 1, 1),
    }
    for key, (n, visits, times, breach, in_view, informed) in expected.items():
        row = stages[key]
        assert (row["n"], row["visits"]) == (n, visits), key
        assert (row["time"]["median"], row["time"]["p90"], row["time"]["max"]) == times, key
        # JSON carries the nearest float of each exact fraction.
        assert (row["breach_rate"], row["customer_in_view"], row["informed_rate"]) == (
            float(breach),
            float(in_view),
            float(informed),
        ), key
        assert row["revisit_rate"] == 0, key
    for key in ("planning", "generation", "pricing", "scheduling", "returns", "postsales"):
        assert stages[key]["n"] == 0 and stages[key]["time"]["median"] is None, key


def test_lists(document: dict[str, object]) -> None:
    assert [(h["from"], h["to"], h["count"], h["wait_median"]) for h in document["handoffs"]] == [
        ("Customer Service", "Credit Control", 3, 0),
        ("Credit Control", "Warehouse", 2, 1_800),
        ("Warehouse", "Finance", 1, 86_400),
    ]
    third = float(Fraction(1, 3))
    assert [(" > ".join(p["path"]), p["count"], p["share"]) for p in document["paths"]] == [
        ("entry > prioritization", 1, third),
        ("entry > prioritization > fulfillment", 1, third),
        ("entry > prioritization > fulfillment > billing", 1, third),
    ]
    assert [(o["id"], o["weight"], o["status"]) for o in document["observations"]] == [
        ("MOBS-1", 8, "open"),
        ("MOBS-2", 1, "resolved"),
    ]
    assert [s["segment"] for s in document["segments"]] == ["(none)", "key-account", "smb"]
    assert [(m["month"], m["journeys"]) for m in document["months"]] == [("2026-11", 3)]
    assert document["value_at_risk"] == [{"currency": "EUR", "count": 1, "amount": "5000.00"}]


def test_validates_against_the_published_schema(document: dict[str, object]) -> None:
    schema = json.loads(resources.files("omcreport").joinpath("schemas/findings-v1.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


def test_overview_health_has_not_enough_data_and_a_minor_notice_does_not_disrupt(mini: Content) -> None:
    health = stage_health(mini, AS_OF)
    assert all(item.state == "not-enough-data" and item.median_seconds is None for item in health.values())
    assert health["fulfillment"].notices == ()


def test_omcreport_stats_prints_the_same_figures() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "omcreport", "stats", str(MINI), "--as-of", "2026-11-25T12:00:00Z"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    # Journey span: median 363,600 s = 4 d 5 h; p90 703,440 s = 8 d 3.4 h -> 8 d 3 h; max 788,400 s = 9 d 3 h.
    assert any(
        line.split()[:2] == ["Journey", "span"] and "4 d 5 h" in line and "9 d 3 h" in line
        for line in shown.stdout.splitlines()
    ), shown.stdout
    assert "50 % of 2" in shown.stdout  # on time and due kept
