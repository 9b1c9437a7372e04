"""Shared helpers of the import tests (this module holds no tests of its own).

Every test drives the real command line in a subprocess, on real files, the way a user
would, and reads back what landed on disk.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "tests" / "fixtures" / "ocel" / "order-management-excerpt.json"
# The import engine's tests use the timestamps-only mapping; tests/test_import_shared_log.py the example.
OCEL_MAPPING = ROOT / "tests" / "fixtures" / "ocel" / "mapping-timestamps.yaml"
EXAMPLE_OCEL_MAPPING = ROOT / "examples" / "ocel-order-management" / "mapping.yaml"
CSV_LOG = ROOT / "tests" / "fixtures" / "csv" / "orders.csv"  # the example log before its tracking column
EXAMPLE_CSV_LOG = ROOT / "examples" / "csv" / "orders.csv"
CSV_MAPPING = ROOT / "tests" / "fixtures" / "csv" / "mapping-timestamps.yaml"
EXAMPLE_CSV_MAPPING = ROOT / "examples" / "csv" / "mapping.yaml"
# The whole shared OCEL 2.0 log, shipped in the repository (attribution in tests/data/README.md).
SHARED_LOG = ROOT / "tests" / "data" / "order-management.json.gz"

OCEL_SITE = """\
name: Order Management Demo
base_url: https://track.example.com/
timezone: Europe/Berlin
departments: [Sales, Warehouse, Logistics, Finance]
"""

CSV_SITE = """\
name: Northwind Pumps
base_url: https://track.example.com/
timezone: Europe/London
departments: [Customer Service, Finance, Planning, Warehouse, Logistics]
"""


def omcreport(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omcreport", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def content_folder(tmp_path: Path, site: str = OCEL_SITE) -> Path:
    content = tmp_path / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(site, encoding="utf-8")
    return content


def import_ocel(log: Path, content: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return omcreport(
        "import", "ocel", log, "--mapping", OCEL_MAPPING, "--out", content / "journeys", *extra, cwd=content.parent
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) by relative path."""
    if not folder.exists():
        return {}
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_check_passes(content: Path) -> None:
    result = omcreport("check", content, cwd=content.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error[" not in result.stdout + result.stderr
    assert "warning[" not in result.stdout + result.stderr


def read_ocel_json(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    document: dict[str, Any] = json.loads(raw)
    return document


def raw_case_spans(log: dict[str, Any]) -> dict[str, int]:
    """First-to-last event seconds of each order, straight from the log (the mapping's case
    rule: events naming the order or an item the order `comprises`)."""
    owner: dict[str, str] = {}
    for obj in log["objects"]:
        if obj["type"] == "orders":
            owner[obj["id"]] = obj["id"]
            for relation in obj.get("relationships", []):
                if relation["qualifier"] == "comprises":
                    owner[relation["objectId"]] = obj["id"]
    times: dict[str, list[datetime]] = {}
    for event in log["events"]:
        orders = {owner[rel["objectId"]] for rel in event["relationships"] if rel["objectId"] in owner}
        for order in orders:
            times.setdefault(order, []).append(datetime.fromisoformat(event["time"]))
    return {order: int((max(moments) - min(moments)).total_seconds()) for order, moments in times.items()}


def inclusive_percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), written out."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def as_ocel_xml(log: dict[str, Any]) -> bytes:
    """The log in OCEL 2.0 XML, as pm4py writes it."""
    root = ElementTree.Element("log")
    for kind in ("objects", "events"):
        items = ElementTree.SubElement(root, kind)
        for item in log[kind]:
            fields = {key: item[key] for key in ("id", "type", "time") if key in item}
            element = ElementTree.SubElement(items, kind[:-1], fields)
            attributes = ElementTree.SubElement(element, "attributes")
            for attribute in item.get("attributes", []):
                named = ElementTree.SubElement(attributes, "attribute", name=attribute["name"], time=attribute["time"])
                named.text = str(attribute["value"])
            relations = ElementTree.SubElement(element, "objects")
            for relation in item.get("relationships", []):
                ElementTree.SubElement(
                    relations, "relationship", {"object-id": relation["objectId"], "qualifier": relation["qualifier"]}
                )
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="utf-8")


_SQL_TYPES = {"float": "REAL", "integer": "INTEGER", "string": "TEXT", "time": "TIMESTAMP", "boolean": "BOOLEAN"}
# pm4py dates an object's initial values at the start of UNIX time
_INITIAL = "1970-01-01 00:00:00"


def _table_name(type_name: str) -> str:
    """pm4py's name stripping: the type's letters and digits."""
    return re.sub(r"[^0-9A-Za-z]", "", type_name)


def _utc(text: str) -> str:
    """As the specification and pm4py write times: UTC, without an offset."""
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _create(db: sqlite3.Connection, table: str, columns: list[tuple[str, str]]) -> None:
    db.execute(f'CREATE TABLE "{table}" ({", ".join(f"{chr(34)}{name}{chr(34)} {kind}" for name, kind in columns)})')


def _insert(db: sqlite3.Connection, table: str, row: list[Any]) -> None:
    db.execute(f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in row)})', row)


def write_ocel_sqlite(log: dict[str, Any], path: Path) -> None:
    """The OCEL 2.0 JSON log in the specification's relational form, as pm4py exports it."""
    with closing(sqlite3.connect(path)) as db:
        for kind in ("event", "object"):
            _create(db, kind, [("ocel_id", "TEXT"), ("ocel_type", "TEXT")])
            _create(db, f"{kind}_map_type", [("ocel_type", "TEXT"), ("ocel_type_map", "TEXT")])
        _create(db, "event_object", [("ocel_event_id", "TEXT"), ("ocel_object_id", "TEXT"), ("ocel_qualifier", "TEXT")])
        _create(
            db, "object_object", [("ocel_source_id", "TEXT"), ("ocel_target_id", "TEXT"), ("ocel_qualifier", "TEXT")]
        )
        attributes: dict[tuple[str, str], list[str]] = {}
        for kind, key, system in (
            ("event", "eventTypes", [("ocel_id", "TEXT"), ("ocel_time", "TIMESTAMP")]),
            (
                "object",
                "objectTypes",
                [("ocel_id", "TEXT"), ("ocel_time", "TIMESTAMP"), ("ocel_changed_field", "TEXT")],
            ),
        ):
            for declared in log[key]:
                table = f"{kind}_{_table_name(declared['name'])}"
                _insert(db, f"{kind}_map_type", [declared["name"], _table_name(declared["name"])])
                names = [attribute["name"] for attribute in declared["attributes"]]
                attributes[(kind, declared["name"])] = names
                kinds = [_SQL_TYPES[attribute["type"]] for attribute in declared["attributes"]]
                _create(db, table, [*system, *zip(names, kinds, strict=True)])
        for event in log["events"]:
            _insert(db, "event", [event["id"], event["type"]])
            values = {attribute["name"]: attribute["value"] for attribute in event.get("attributes", [])}
            names = attributes[("event", event["type"])]
            _insert(
                db,
                f"event_{_table_name(event['type'])}",
                [event["id"], _utc(event["time"])] + [values.get(n) for n in names],
            )
            for relation in event.get("relationships", []):
                _insert(db, "event_object", [event["id"], relation["objectId"], relation["qualifier"]])
        for obj in log["objects"]:
            _insert(db, "object", [obj["id"], obj["type"]])
            table = f"object_{_table_name(obj['type'])}"
            names = attributes[("object", obj["type"])]
            history = sorted(obj.get("attributes", []), key=lambda attribute: _utc(attribute["time"]))
            initial: dict[str, Any] = {}
            for attribute in history:
                if attribute["name"] not in initial:
                    initial[attribute["name"]] = attribute["value"]
                    continue
                change = [attribute["value"] if name == attribute["name"] else None for name in names]
                _insert(db, table, [obj["id"], _utc(attribute["time"]), attribute["name"], *change])
            _insert(db, table, [obj["id"], _INITIAL, None, *(initial.get(name) for name in names)])
            for relation in obj.get("relationships", []):
                _insert(db, "object_object", [obj["id"], relation["objectId"], relation["qualifier"]])
        db.commit()
