"""reports/changes.json across builds: what each customer would see changed since the
previous published site, and nothing for an unchanged order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import ROOT, run_omcreport

AS_OF = "2026-11-25T12:00:00Z"
SCHEMA = ROOT / "omcreport" / "schemas" / "changes-v1.schema.json"
LATE_ORDER = "SO-1002"  # open, in fulfillment, expected 2026-11-27
TOKEN = "ScwJ24sYBTNRxAw7kVU0og"


def _build(project: Path, *options: str) -> dict[str, Any]:
    built = run_omcreport(project, "build", "--only", "site", "--as-of", AS_OF, *options)
    assert built.returncode == 0, built.stderr
    document: dict[str, Any] = json.loads((project / "reports" / "changes.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(document)
    return document


def _edit(project: Path, old: str, new: str) -> None:
    journey = project / "content" / "journeys" / f"{LATE_ORDER}.yaml"
    text = journey.read_text(encoding="utf-8")
    assert old in text
    journey.write_text(text.replace(old, new, 1), encoding="utf-8")


def _changes_of(document: dict[str, Any], order: str) -> list[dict[str, Any]]:
    listed = {entry["order"]: entry for entry in document["orders"]}
    return listed[order]["changes"] if order in listed else []


def test_first_build_lists_every_page_as_new_then_nothing(project: Path) -> None:
    first = _build(project)
    assert first["compared"] is False
    assert {entry["order"]: entry["changes"] for entry in first["orders"]} == {
        "SO-1001": [{"what": "page"}],
        LATE_ORDER: [{"what": "page"}],
    }
    second = _build(project)
    assert second["compared"] is True
    assert second["orders"] == []
    assert second["pages_removed"] == 0


def test_a_moved_estimate_and_a_new_update_are_listed_for_that_order_only(project: Path) -> None:
    _build(project)
    _edit(project, "  expected: 2026-11-27\n", "  expected: 2026-11-30\n")
    _edit(
        project,
        "        public: true\n",
        "        public: true\n      - at: 2026-11-25T09:00:00Z\n        note: Das Bauteil ist eingetroffen.\n"
        "        public: true\n",
    )
    document = _build(project)
    assert [entry["order"] for entry in document["orders"]] == [LATE_ORDER]
    entry = document["orders"][0]
    assert entry["locale"] == "de-DE"
    assert entry["url"] == f"https://track.minipumps.example/track/{TOKEN}/"
    changes = entry["changes"]
    assert {"what": "expected", "from": "2026-11-27", "to": "2026-11-30"} in changes
    updates = [change for change in changes if change["what"] == "update"]
    assert [(u["at"], u["note"]) for u in updates] == [("2026-11-25T09:00:00+00:00", "Das Bauteil ist eingetroffen.")]


def test_a_delivery_with_its_shipment_moves_the_stage(project: Path) -> None:
    _build(project)
    _edit(
        project, "    due: 2026-11-24T17:00:00Z\n", "    ended: 2026-11-25T10:00:00Z\n    due: 2026-11-24T17:00:00Z\n"
    )
    _edit(
        project,
        "  expected: 2026-11-27\n",
        '  expected: 2026-11-27\n  shipments:\n    - carrier: DHL\n      tracking_number: "00340434"\n'
        "      shipped: 2026-11-24T16:00:00Z\n      delivered: 2026-11-25T10:00:00Z\n",
    )
    document = _build(project)
    changes = _changes_of(document, LATE_ORDER)
    whats = [change["what"] for change in changes]
    assert "delivered" in whats
    stage = next(change for change in changes if change["what"] == "stage")
    assert stage["from"] == "fulfillment" and stage["to"] != "fulfillment"
    shipment = next(change for change in changes if change["what"] == "shipment")
    assert (shipment["carrier"], shipment["tracking_number"]) == ("DHL", "00340434")
    assert _changes_of(document, "SO-1001") == []


def test_a_retired_page_counts_as_removed_and_reports_only_builds_write_no_feed(project: Path) -> None:
    _build(project)
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "retention: P1D\n", encoding="utf-8")
    document = _build(project)
    assert document["pages_removed"] == 1  # SO-1001, completed on 2026-11-06
    assert document["orders"] == []

    reports_only = run_omcreport(project, "build", "--only", "reports", "--journey-pdfs", "none", "--as-of", AS_OF)
    assert reports_only.returncode == 0, reports_only.stderr
    assert not (project / "reports" / "changes.json").exists()
