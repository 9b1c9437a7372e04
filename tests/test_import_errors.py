"""Bad logs and bad mappings: a clear message with file:line:col, exit 1, and nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_import_support import EXCERPT, OCEL_MAPPING, content_folder, import_ocel, omcreport, snapshot


def _excerpt() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXCERPT.read_text(encoding="utf-8"))
    return document


def _without_time(log: dict[str, Any]) -> None:
    del log["events"][3]["time"]


def _bad_time(log: dict[str, Any]) -> None:
    log["events"][3]["time"] = "2023-04-05 15:28"


def _unknown_activity(log: dict[str, Any]) -> None:
    log["events"][5]["type"] = "teleport order"
    log["events"][9]["type"] = "teleport order"


def _missing_object(log: dict[str, Any]) -> None:
    log["events"][2]["relationships"].append({"objectId": "i-999999", "qualifier": "item"})


def _no_events(log: dict[str, Any]) -> None:
    del log["events"]


def _duplicate_object(log: dict[str, Any]) -> None:
    log["objects"].append(dict(log["objects"][0]))


EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "event without time": (_without_time, "error[OMC903]: events[3] (id 'pay_o-990007') has no `time`"),
    "time without offset": (
        _bad_time,
        "error[OMC903]: events[3] (id 'pay_o-990007'): time '2023-04-05 15:28' is not ISO 8601 with a UTC offset",
    ),
    "unknown activity": (
        _unknown_activity,
        "error[OMC904]: activity 'teleport order' (2 events, first 'pay_o-990004') is not in the mapping; "
        "map it to a stage under `activities` or list it under `ignore`",
    ),
    "object that does not exist": (
        _missing_object,
        "error[OMC905]: events[2] (id 'pay_o-990008') relates to object 'i-999999', which does not exist",
    ),
    "wrong schema": (_no_events, "error[OMC902]: an OCEL 2.0 log has a list `events` (missing here)"),
    "duplicate object": (
        _duplicate_object,
        "error[OMC905]: objects[151]: object id 'o-990001' appears twice",
    ),
}


def _assert_failed_and_wrote_nothing(result: Any, content: Path, before: dict[str, bytes], expected: str) -> None:
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("in the log or the mapping; nothing was written")
    assert snapshot(content / "journeys") == before


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_broken_log_changes_nothing_in_a_folder_already_imported(tmp_path: Path, name: str) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    (content / "journeys" / "o-990001.yaml").unlink()  # and a hand deletion, which must stay
    before = snapshot(content / "journeys")
    edit, expected = EDITS[name]
    log = _excerpt()
    edit(log)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(log), encoding="utf-8")
    _assert_failed_and_wrote_nothing(import_ocel(broken, content), content, before, f"broken.json:1:1: {expected}")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.json", b"order,activity\n", "notes.json:1:1: error[OMC901]: not JSON: Expecting value"),
        ("log.json", b'{"objects": [],\n "events": [}', "log.json:2:13: error[OMC901]: not JSON: Expecting value"),
        ("log.json.gz", b'{"objects": []}', "log.json.gz:1:1: error[OMC901]: the log is named .gz but is not gzip"),
        ("log.json", b"\x1f\x8b\x08\x00broken", "log.json:1:1: error[OMC901]: the log looks like gzip but cannot be"),
        ("log.json", b'{"objects": [], "events": "\xff"}', "log.json:1:1: error[OMC901]: byte 0xFF is not UTF-8"),
        (
            "log.xml",
            b'<?xml version="1.0"?>\n<log>\n <events>\n</log>',
            "log.xml:4:3: error[OMC901]: not XML: mismatched tag",
        ),
        (
            "log.xml",
            b'<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaa">]>\n<log/>',
            "log.xml:1:1: error[OMC901]: the XML has a document type declaration",
        ),
        (
            "log.xml",
            b"<ocel/>",
            "log.xml:1:1: error[OMC902]: an OCEL 2.0 XML log has the root element <log>, not <ocel>",
        ),
        ("log.xml", b"<log/>", "log.xml:1:1: error[OMC902]: no objects of the case type 'orders' (object types: none)"),
        ("list.json", b"[1, 2]", "list.json:1:1: error[OMC902]: an OCEL 2.0 log is a JSON object, not a list"),
        ("deep.json", b"DEEP", "deep.json:1:1: error[OMC901]: the JSON is nested too deeply"),
    ],
    ids=[
        "csv",
        "json-syntax",
        "gz-name",
        "gz-broken",
        "utf8",
        "xml-syntax",
        "doctype",
        "xml-root",
        "xml-empty",
        "list",
        "deep",
    ],
)
def test_a_file_that_is_no_ocel_log_writes_nothing(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    content = content_folder(tmp_path)
    if data == b"DEEP":
        data = b"[" * 100_000 + b"]" * 100_000
    (tmp_path / name).write_bytes(data)
    result = omcreport("import", "ocel", name, "--mapping", OCEL_MAPPING, "--out", "content/journeys", cwd=tmp_path)
    _assert_failed_and_wrote_nothing(result, content, {}, expected)
    assert not (content / "journeys").exists()


def test_a_missing_log_is_a_clear_error(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    result = import_ocel(tmp_path / "nowhere.json", content)
    expected = "error[OMC901]: cannot read the log: No such file or directory"
    _assert_failed_and_wrote_nothing(result, content, {}, expected)


def _import_with_mapping_file(tmp_path: Path) -> Any:
    return omcreport("import", "ocel", EXCERPT, "--mapping", "mapping.yaml", "--out", "content/journeys", cwd=tmp_path)


BAD_MAPPING = """\
timezone: Europe/Berlinn
titel: x
ocel:
  case_type: orders
  follw: [comprises]
stages:
  entry: {owner: Sales, customer_in_view: yes}
  fulfilment: {owner: Warehouse, customer_in_view: high}
  billing: {owner: Finance, customer_in_view: high, ends: untilnext}
activities:
  place order: {stage: entry}
  pay order: {stage: biling}
status:
  completed_by: [ship it]
"""


def test_every_mapping_problem_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    (tmp_path / "mapping.yaml").write_text(BAD_MAPPING, encoding="utf-8")
    result = omcreport(
        "import", "ocel", EXCERPT, "--mapping", "mapping.yaml", "--out", "content/journeys", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        # The field table's messages and codes, as content gets them; OMC910 for what holds between keys.
        "mapping.yaml:1:11: error[OMC217]: timezone: 'Europe/Berlinn' is not an IANA timezone such as "
        "Europe/London (did you mean 'Europe/Berlin'?)",
        "mapping.yaml:2:1: error[OMC202]: unknown key 'titel' (did you mean 'title'?)",
        "mapping.yaml:5:3: error[OMC202]: unknown key 'follw' in ocel (did you mean 'follow'?)",
        "mapping.yaml:7:43: error[OMC204]: stages.entry.customer_in_view: yes is read as a boolean; write one of "
        "none, low, medium, high",
        "mapping.yaml:8:3: error[OMC221]: unknown stage 'fulfilment' in stages (did you mean 'fulfillment'?)",
        "mapping.yaml:9:59: error[OMC206]: stages.billing.ends: unknown value 'untilnext' (did you mean "
        "'until_next'?); expected one of until_next, last_event",
        "mapping.yaml:12:22: error[OMC221]: activities.pay order.stage: unknown stage 'biling' (did you mean "
        "'billing'?); expected one of planning, generation, pricing, entry, prioritization, scheduling, "
        "fulfillment, billing, returns, postsales",
        "mapping.yaml:14:18: error[OMC910]: status.completed_by names 'ship it', which is not under `activities`",
        "omcreport: error: 8 error(s) in the log or the mapping; nothing was written",
    ]
    assert not (content / "journeys").exists()


def test_a_mapping_yaml_error_uses_the_strict_loader(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    (tmp_path / "mapping.yaml").write_text("timezone: UTC\ntimezone: UTC\nstages: &s {}\n", encoding="utf-8")
    result = _import_with_mapping_file(tmp_path)
    assert result.returncode == 1
    assert "mapping.yaml:2:1: error[OMC109]: duplicate key 'timezone' (first at mapping.yaml:1)" in result.stderr
    assert "mapping.yaml:3:9: error[OMC107]: anchors (&name) are not allowed" in result.stderr
    assert not (content / "journeys").exists()


def test_a_department_that_site_yaml_does_not_list_is_refused_before_writing(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    mapping = OCEL_MAPPING.read_text(encoding="utf-8").replace("Shipment: Logistics", "Shipment: Dispatch")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    result = _import_with_mapping_file(tmp_path)
    assert result.returncode == 1
    expected = "mapping.yaml:27:13: error[OMC910]: department 'Dispatch' is not listed under departments in"
    assert expected in result.stderr
    assert not (content / "journeys").exists()


def test_a_csv_mapping_cannot_import_an_ocel_log(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    (tmp_path / "mapping.yaml").write_text(
        "timezone: UTC\nstages: {entry: {owner: Sales, customer_in_view: high}}\nactivities: {}\n", encoding="utf-8"
    )
    result = _import_with_mapping_file(tmp_path)
    assert result.returncode == 1
    expected = "mapping.yaml:1:1: error[OMC910]: importing an OCEL log needs a `ocel` section in the mapping"
    assert expected in result.stderr
    assert not (content / "journeys").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("import", "ocel", "log.json"), "Missing option '--mapping'"),
        (("import", "ocel", "log.json", "--mapping", "m.yaml", "--limit", "0"), "0 is not in the range x>=1"),
        (("import", "xes", "log.xes"), "No such command 'xes'"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = omcreport(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr


def test_a_journeys_folder_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    (content / "journeys").write_text("a file where the folder should be\n", encoding="utf-8")
    result = omcreport(
        "import", "ocel", EXCERPT, "--mapping", OCEL_MAPPING, "--out", "content/journeys/2026", cwd=tmp_path
    )
    assert result.returncode == 1
    assert "content/journeys/2026:1:1: error[OMC907]: cannot write the journeys: Not a directory" in result.stderr
    assert result.stderr.rstrip().endswith("1 error(s) writing the journeys; nothing was written")
    assert "Traceback" not in result.stderr


def test_types_and_qualifiers_the_log_does_not_have_are_reported_in_the_mapping(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    mapping = OCEL_MAPPING.read_text(encoding="utf-8")
    mapping = mapping.replace("follow: [comprises]", "follow: [comprise]").replace(
        "customer_type: customers", "customer_type: customer"
    )
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    result = _import_with_mapping_file(tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "mapping.yaml:13:12: error[OMC910]: ocel.follow 'comprise' is no qualifier of a relationship from an object "
        "of type 'orders' in the log (qualifiers: comprises)",
        "mapping.yaml:15:18: error[OMC910]: ocel.customer_type 'customer' is no object type of the log "
        "(customers, employees, items, orders, packages, products)",
    ]
    assert not (content / "journeys").exists()
