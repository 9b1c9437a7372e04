"""`omcreport import ocel` on the shipped excerpt and on the whole shared log."""

from __future__ import annotations

import gzip
import json
import statistics
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from test_import_support import (
    EXCERPT,
    OCEL_MAPPING,
    SHARED_LOG,
    as_ocel_xml,
    assert_check_passes,
    content_folder,
    import_ocel,
    inclusive_percentile,
    omcreport,
    raw_case_spans,
    read_ocel_json,
    snapshot,
)

from omcreport.analyze import findings, findings_json
from omcreport.load import load_content
from tests.conftest import stderr_on_a_terminal

EXCERPT_ORDERS = [f"o-9900{n:02d}" for n in range(1, 13)] + ["o-991986"]


def _log_end(log: dict) -> datetime:
    return max(datetime.fromisoformat(event["time"]) for event in log["events"])


def _findings(content: Path, as_of: datetime) -> dict:
    loaded = load_content(content)
    assert loaded.content is not None, [problem.as_text() for problem in loaded.problems]
    assert not loaded.problems, [problem.as_text() for problem in loaded.problems]
    return findings_json(findings(loaded.content, as_of))


def _assert_spans_match_the_raw_log(content: Path, log_path: Path) -> int:
    log = read_ocel_json(log_path)
    raw = raw_case_spans(log)
    end = _log_end(log)
    # As of the log's last event, the one open order's span also runs to its last event.
    figures = _findings(content, end)
    closed = [row for row in figures["per_journey"] if row["status"] in ("completed", "cancelled")]
    assert closed
    for row in closed:
        assert row["span"] == raw[row["order"]], row["order"]
    spans = [float(seconds) for seconds in raw.values()]
    summary = figures["journey_span"]
    assert summary["n"] == len(raw)
    assert summary["median"] == pytest.approx(statistics.median(spans), abs=0.5)
    assert summary["p90"] == pytest.approx(inclusive_percentile(spans, 0.9), abs=0.5)
    assert summary["max"] == max(spans)
    return len(closed)


def test_excerpt_becomes_one_journey_per_order_that_passes_check(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    result = import_ocel(EXCERPT, content)
    assert result.returncode == 0, result.stderr
    assert "imported 13 of 13 cases (170 events)" in result.stderr
    assert "13 new" in result.stderr
    names = sorted(path.name for path in (content / "journeys").glob("*.yaml"))
    assert names == [f"{order}.yaml" for order in EXCERPT_ORDERS]
    assert (content / "journeys" / ".omcreport-import.json").is_file()
    assert_check_passes(content)


def test_a_journey_follows_the_order_through_its_items_and_packages(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    text = (content / "journeys" / "o-990001.yaml").read_text(encoding="utf-8")
    # Placed at 10:08:18Z, written in Berlin summer time; closed at the delivery.
    assert "order: o-990001\n" in text
    assert "title: Order o-990001 for AlpenTech Innovations AG\n" in text
    assert "status: completed\nclosed: 2023-04-11T11:03:27+02:00\nplaced: 2023-04-03T12:08:18+02:00\n" in text
    assert 'value:\n  amount: "1353.98"\n  currency: EUR\n' in text
    stages = [line.split(": ")[1] for line in text.splitlines() if line.startswith("  - stage: ")]
    # Picking starts before the order is confirmed: a visit of its own, then fulfillment again.
    assert stages == ["entry", "fulfillment", "prioritization", "billing", "fulfillment"]
    assert 'note: "pick item: i-880003"' in text  # an item's event, pulled in through `comprises`
    assert "note: Your parcel has been delivered.\n        public: true" in text  # a package event
    assert "owner: Logistics" not in text  # the delivery visit starts with packing: Warehouse
    assert "    owner: Warehouse\n" in text and "    owner: Finance\n" in text


def test_the_order_holding_the_logs_last_event_stays_open(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    text = (content / "journeys" / "o-991986.yaml").read_text(encoding="utf-8")
    assert "status: open\n" in text
    assert "closed:" not in text
    last_visit = text.split("  - stage: ")[-1]
    assert last_visit.startswith("billing\n")
    assert "ended:" not in last_visit


def test_a_second_import_of_the_same_log_changes_no_byte(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    first = snapshot(content / "journeys")
    mtimes = {path.name: path.stat().st_mtime_ns for path in (content / "journeys").iterdir()}
    again = import_ocel(EXCERPT, content)
    assert again.returncode == 0
    assert "0 new, 0 updated, 0 merged with hand edits, 13 unchanged, 0 left untouched" in again.stderr
    assert snapshot(content / "journeys") == first
    assert {path.name: path.stat().st_mtime_ns for path in (content / "journeys").iterdir()} == mtimes


def test_a_fresh_import_elsewhere_gives_the_same_bytes(tmp_path: Path) -> None:
    one, two = content_folder(tmp_path / "a"), content_folder(tmp_path / "b")
    assert import_ocel(EXCERPT, one).returncode == 0
    assert import_ocel(EXCERPT, two).returncode == 0
    assert snapshot(one / "journeys") == snapshot(two / "journeys")


def test_gzip_is_read_directly_and_gives_the_same_journeys(tmp_path: Path) -> None:
    gzipped = tmp_path / "excerpt.json.gz"
    gzipped.write_bytes(gzip.compress(EXCERPT.read_bytes()))
    plain, packed = content_folder(tmp_path / "plain"), content_folder(tmp_path / "packed")
    assert import_ocel(EXCERPT, plain).returncode == 0
    assert import_ocel(gzipped, packed).returncode == 0
    assert snapshot(plain / "journeys") == snapshot(packed / "journeys")


def test_ocel_xml_gives_the_same_journeys_as_json(tmp_path: Path) -> None:
    xml_log = tmp_path / "excerpt.xml.gz"
    xml_log.write_bytes(gzip.compress(as_ocel_xml(read_ocel_json(EXCERPT))))
    from_json, from_xml = content_folder(tmp_path / "json"), content_folder(tmp_path / "xml")
    assert import_ocel(EXCERPT, from_json).returncode == 0
    result = import_ocel(xml_log, from_xml)
    assert result.returncode == 0, result.stderr
    assert snapshot(from_xml / "journeys") == snapshot(from_json / "journeys")


def test_limit_imports_the_first_cases_by_id(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    result = import_ocel(EXCERPT, content, "--limit", "3")
    assert result.returncode == 0
    assert "imported 3 of 13 cases" in result.stderr
    assert sorted(path.name for path in (content / "journeys").glob("*.yaml")) == [
        "o-990001.yaml",
        "o-990002.yaml",
        "o-990003.yaml",
    ]
    assert_check_passes(content)


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    result = import_ocel(EXCERPT, content)
    assert "importing" not in result.stderr
    assert result.stderr.count("\n") == 1  # the summary line only


def test_excerpt_spans_equal_first_to_last_event_times_of_the_raw_log(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    assert _assert_spans_match_the_raw_log(content, EXCERPT) == 12


def test_help_shows_an_example(tmp_path: Path) -> None:
    for args in (("import", "--help"), ("import", "ocel", "--help"), ("import", "csv", "-h")):
        result = omcreport(*args, cwd=tmp_path)
        assert result.returncode == 0
        assert "Example:" in result.stdout
        assert "omcreport import" in result.stdout.split("Example:")[1]


def test_whole_shared_log_gives_2000_journeys_with_spans_equal_to_the_raw_log(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    with (tmp_path / "stderr.txt").open("w+", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "omcreport",
                "import",
                "ocel",
                SHARED_LOG,
                "--mapping",
                OCEL_MAPPING,
                "--out",
                content / "journeys",
            ],
            cwd=tmp_path,
            stderr=stderr,
        )
        process.wait()
        stderr.seek(0)
        shown = stderr.read()
    assert process.returncode == 0, shown
    assert "imported 2,000 of 2,000 cases (21,008 events)" in shown
    assert len(list((content / "journeys").glob("*.yaml"))) == 2000
    assert _assert_spans_match_the_raw_log(content, SHARED_LOG) == 1999


def test_a_progress_bar_shows_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    status, shown = stderr_on_a_terminal(
        "import", "ocel", EXCERPT, "--mapping", OCEL_MAPPING, "--out", content / "journeys", cwd=tmp_path
    )
    assert status == 0
    assert "importing" in shown and "100%" in shown
    assert "13 new" in shown


def test_events_that_belong_to_no_case_are_counted(tmp_path: Path) -> None:
    log = read_ocel_json(EXCERPT)
    log["events"].append(
        {"id": "restock", "type": "reorder item", "time": "2023-04-05T08:00:00Z", "attributes": [],
         "relationships": [{"objectId": "iPhone X", "qualifier": "product"}]}
    )  # fmt: skip
    path = tmp_path / "log.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    result = import_ocel(path, content_folder(tmp_path))
    assert result.returncode == 0
    assert result.stderr.rstrip().endswith("0 left untouched; 1 event belongs to no case")


@pytest.mark.pdf
def test_the_site_and_the_findings_report_build_on_imported_journeys(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    as_of = "2024-06-05T00:00:00Z"  # after the excerpt's last event
    site = omcreport("build", "content", "--only", "site", "--as-of", as_of, cwd=tmp_path)
    assert site.returncode == 0, site.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    reports = omcreport(
        "build", "content", "--only", "reports", "--journey-pdfs", "none", "--as-of", as_of, cwd=tmp_path
    )
    assert reports.returncode == 0, reports.stderr
    figures = json.loads((tmp_path / "reports" / "findings.json").read_text(encoding="utf-8"))
    assert [row["order"] for row in figures["per_journey"]] == EXCERPT_ORDERS
    assert figures["stages"]["fulfillment"]["n"] == 13
    assert (tmp_path / "reports" / "findings.pdf").read_bytes().startswith(b"%PDF")
