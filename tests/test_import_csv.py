"""`omcreport import csv`: the shipped example end to end, column options, and bad CSV logs."""

from __future__ import annotations

import csv
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from test_import_support import (
    CSV_LOG,
    CSV_MAPPING,
    CSV_SITE,
    assert_check_passes,
    content_folder,
    omcreport,
    snapshot,
)

from omcreport.analyze import findings, findings_json
from omcreport.load import load_content


def _import_csv(log: Path, content: Path, mapping: Path = CSV_MAPPING) -> subprocess.CompletedProcess[str]:
    return omcreport("import", "csv", log, "--mapping", mapping, "--out", "content/journeys", cwd=content.parent)


def _visits(text: str) -> list[str]:
    return [line.split(": ")[1] for line in text.splitlines() if line.startswith("  - stage: ")]


def test_the_example_csv_becomes_journeys_that_pass_check(tmp_path: Path) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    result = _import_csv(CSV_LOG, content)
    assert result.returncode == 0, result.stderr
    assert "imported 4 of 4 cases (24 events)" in result.stderr
    assert_check_passes(content)
    journeys = content / "journeys"
    completed = (journeys / "SO-1001.yaml").read_text(encoding="utf-8")
    assert 'title: "Acme Mills: order SO-1001"\n' in completed
    assert "status: completed\nclosed: 2026-03-20T08:00:00+00:00\nplaced: 2026-03-02T08:12:00+00:00\n" in completed
    assert _visits(completed) == ["entry", "prioritization", "scheduling", "fulfillment", "billing"]
    assert "    owner: Planning\n" in completed  # the Planner role, mapped under `roles`
    # billing ends at its last event: the payment, not the invoice.
    assert completed.endswith("      - at: 2026-03-20T08:00:00+00:00\n        note: Payment received\n")
    assert "    started: 2026-03-07T11:00:00+00:00\n    ended: 2026-03-20T08:00:00+00:00\n" in completed

    cancelled = (journeys / "SO-1002.yaml").read_text(encoding="utf-8")
    assert "status: cancelled\nclosed: 2026-03-06T12:00:00+00:00\n" in cancelled
    assert _visits(cancelled) == ["entry", "prioritization"]

    waiting = (journeys / "SO-1003.yaml").read_text(encoding="utf-8")
    assert "status: open\n" in waiting and "closed:" not in waiting
    assert _visits(waiting) == ["entry", "prioritization", "fulfillment"]  # sorted by time, not by row
    assert waiting.endswith(
        "  - stage: fulfillment\n    started: 2026-03-10T07:30:00+00:00\n    owner: Warehouse\n"
        "    customer_in_view: medium\n    events:\n      - at: 2026-03-10T07:30:00+00:00\n        note: Picked\n"
    )

    back_step = (journeys / "SO-1004.yaml").read_text(encoding="utf-8")
    assert _visits(back_step) == ["entry", "prioritization", "fulfillment", "prioritization", "fulfillment", "billing"]
    assert "    ended: 2026-03-30T08:15:00+01:00\n" in back_step  # +02:00 in the log; London summer time


def test_spans_of_closed_csv_cases_equal_their_first_to_last_rows(tmp_path: Path) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    assert _import_csv(CSV_LOG, content).returncode == 0
    times: dict[str, list[datetime]] = {}
    with CSV_LOG.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            times.setdefault(row["case_id"], []).append(datetime.fromisoformat(row["timestamp"]))
    loaded = load_content(content)
    assert loaded.content is not None
    figures = findings_json(findings(loaded.content, datetime.fromisoformat("2026-04-01T00:00:00+00:00")))
    closed = {row["order"]: row["span"] for row in figures["per_journey"] if row["status"] != "open"}
    assert sorted(closed) == ["SO-1001", "SO-1002", "SO-1004"]
    for order, span in closed.items():
        assert span == (max(times[order]) - min(times[order])).total_seconds()


def test_a_second_csv_import_changes_no_byte(tmp_path: Path) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    assert _import_csv(CSV_LOG, content).returncode == 0
    before = snapshot(content / "journeys")
    assert "4 unchanged" in _import_csv(CSV_LOG, content).stderr
    assert snapshot(content / "journeys") == before


MAPPING_WITH_OPTIONS = """\
timezone: UTC
csv:
  case: Case ID
  activity: Activity
  timestamp: Start Time
  event_id: Event
  delimiter: ";"
  timezone: Europe/Amsterdam
stages:
  entry: {owner: Sales, customer_in_view: high}
  fulfillment: {owner: Warehouse, customer_in_view: medium, ends: last_event}
activities:
  Register: {stage: entry}
  Ship: {stage: fulfillment, public: "On its way: track it with your carrier"}
ignore: [Audit]
status:
  otherwise: open
"""

LOG_WITH_OPTIONS = """\
Event;Case ID;Activity;Start Time
e-2;A-1;Ship;2026-05-02 10:00:00
e-1;A-1;Register;2026-05-01 09:00:00
e-3;A-1;Audit;2026-05-03 09:00:00
e-5;A-2;Register;2026-05-01 12:00:00
e-4;A-2;Ship;2026-05-01 12:00:00
"""


def test_columns_delimiter_event_ids_ignored_activities_and_a_local_timezone(tmp_path: Path) -> None:
    content = content_folder(tmp_path, "name: Shop\nbase_url: https://shop.example.com/\n")
    (tmp_path / "mapping.yaml").write_text(MAPPING_WITH_OPTIONS, encoding="utf-8")
    (tmp_path / "log.csv").write_text(LOG_WITH_OPTIONS, encoding="utf-8")
    result = _import_csv(Path("log.csv"), content, Path("mapping.yaml"))
    assert result.returncode == 0, result.stderr
    assert_check_passes(content)
    first = (content / "journeys" / "A-1.yaml").read_text(encoding="utf-8")
    assert "Audit" not in first
    # Written without an offset in Amsterdam time; the entry visit lasts until the next one starts.
    assert "    started: 2026-05-01T07:00:00+00:00\n    ended: 2026-05-02T08:00:00+00:00\n" in first
    # fulfillment ends at its last event (last_event); the order stays open.
    assert "    started: 2026-05-02T08:00:00+00:00\n    ended: 2026-05-02T08:00:00+00:00\n" in first
    assert '        note: "On its way: track it with your carrier"\n        public: true\n' in first
    assert "status: open\n" in first and "customer:\n  display_name: Customer\n" in first
    # Same time: ordered by event id, so the ship event (e-4) comes first.
    second = (content / "journeys" / "A-2.yaml").read_text(encoding="utf-8")
    assert _visits(second) == ["fulfillment", "entry"]


PLAIN_MAPPING = """\
timezone: UTC
csv: {case: case_id, activity: activity, timestamp: timestamp}
stages:
  fulfillment: {owner: Warehouse, customer_in_view: medium}
activities:
  Picked: {stage: fulfillment}
  Shipped: {stage: fulfillment}
"""


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("case_id,activity,when\nSO-1,Picked,2026-01-01T00:00:00Z\n", "log.csv:1:1: error[OMC902]: no column"),
        (
            "case_id,activity,timestamp\nSO-1,Picked,2026-01-01T00:00:00Z\nSO-1,Shipped,01/02/2026\n",
            "log.csv:3:1: error[OMC903]: timestamp '01/02/2026' is not ISO 8601 with a UTC offset",
        ),
        (
            "case_id,activity,timestamp\nSO-1,Picked,2026-01-01T00:00:00\n",
            "log.csv:2:1: error[OMC903]: timestamp '2026-01-01T00:00:00' is not ISO 8601 with a UTC offset",
        ),
        (
            "case_id,activity,timestamp\nSO-1,Picked\n",
            "log.csv:2:1: error[OMC902]: 2 fields where the header has 3",
        ),
        (
            "case_id,activity,timestamp\nSO 1,Picked,2026-01-01T00:00:00Z\n",
            "log.csv:2:1: error[OMC906]: case id 'SO 1' cannot be an order",
        ),
        (
            "case_id,activity,timestamp\nSO-1,Picked,2026-01-01T00:00:00Z\nso-1,Picked,2026-01-01T00:00:00Z\n",
            "log.csv:3:1: error[OMC906]: case ids 'SO-1' and 'so-1' differ only in case",
        ),
        (
            "case_id,activity,timestamp\nSO-1,Teleported,2026-01-01T00:00:00Z\n",
            "log.csv:2:1: error[OMC904]: activity 'Teleported' (1 events, first '2') is not in the mapping",
        ),
        ("case_id,activity,timestamp\n", "log.csv:1:1: error[OMC902]: the log has a header but no events"),
        ("", "log.csv:1:1: error[OMC902]: the log is empty"),
        (
            'case_id,activity,timestamp\nSO-1,"Picked,2026-01-01T00:00:00Z\n',
            "log.csv:2:1: error[OMC901]: not CSV: unexpected end of data",
        ),
    ],
    ids=["column", "date", "naive", "fields", "case-id", "case-clash", "activity", "no-events", "empty", "quote"],
)
def test_a_bad_csv_log_is_reported_by_line_and_writes_nothing(tmp_path: Path, rows: str, expected: str) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    (tmp_path / "log.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(PLAIN_MAPPING, encoding="utf-8")
    result = _import_csv(Path("log.csv"), content, Path("mapping.yaml"))
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (content / "journeys").exists()
