"""Small OCEL 2.0 and CSV logs made in the tests, and a mapping around an `order:` section."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_import_support import omcreport

SITE = """\
name: Mapping Test
base_url: https://track.example.com/
timezone: Europe/Berlin
departments: [Sales, Warehouse, Logistics, Finance]
"""


def _attribute(name: str, value: Any, time: str = "2026-03-02T09:00:00+01:00") -> dict[str, Any]:
    return {"name": name, "value": value, "time": time}


def _rel(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"objectId": object_id, "qualifier": qualifier} for object_id, qualifier in pairs]


def small_ocel(**order_attributes: Any) -> dict[str, Any]:
    """Two orders of customer Acme: SO-1 (two pumps and a seal, one package sent and delivered,
    paid) and SO-2 (one seal, placed and paid). `order_attributes` go onto SO-1."""
    so1 = {"price": 1250.5, "channel": "web", **order_attributes}
    objects = [
        {
            "id": "SO-1",
            "type": "orders",
            "attributes": [_attribute(k, v) for k, v in so1.items()],
            "relationships": _rel(("i-1", "comprises"), ("i-2", "comprises"), ("i-3", "comprises")),
        },
        {
            "id": "SO-2",
            "type": "orders",
            "attributes": [_attribute("price", 80), _attribute("channel", "phone")],
            "relationships": _rel(("i-4", "comprises")),
        },
        {
            "id": "Acme Mills",
            "type": "customers",
            "attributes": [_attribute("segment", "key-account")],
            "relationships": _rel(("SO-1", "places"), ("SO-2", "places")),
        },
        {"id": "Pump P-40", "type": "products", "attributes": []},
        {"id": "Seal kit", "type": "products", "attributes": []},
        *[
            {"id": item, "type": "items", "attributes": [], "relationships": _rel((product, "is a"))}
            for item, product in (("i-1", "Pump P-40"), ("i-2", "Pump P-40"), ("i-3", "Seal kit"), ("i-4", "Seal kit"))
        ],
        {
            "id": "JJD-77",
            "type": "packages",
            "attributes": [_attribute("weight", 12.5)],
            "relationships": _rel(("i-1", "contains"), ("i-2", "contains"), ("i-3", "contains")),
        },
    ]
    events = [
        _event("e1", "place order", "2026-03-02T09:00:00+01:00", ("SO-1", "order"), ("Acme Mills", "customer")),
        _event(
            "e2",
            "send package",
            "2026-03-05T14:00:00+01:00",
            ("JJD-77", "package"),
            ("i-1", "item"),
            ("i-2", "item"),
            ("i-3", "item"),
            attributes={"carrier": "DHL Freight"},
        ),
        _event("e3", "package delivered", "2026-03-06T10:00:00+01:00", ("JJD-77", "package"), ("i-1", "item")),
        _event("e4", "pay order", "2026-03-09T11:00:00+01:00", ("SO-1", "order")),
        _event("e5", "place order", "2026-03-03T09:00:00+01:00", ("SO-2", "order"), ("Acme Mills", "customer")),
        _event("e6", "pay order", "2026-03-10T11:00:00+01:00", ("SO-2", "order")),
    ]
    return {"objectTypes": [], "eventTypes": [], "objects": objects, "events": events}


def _event(
    event_id: str, activity: str, time: str, *related: tuple[str, str], attributes: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": activity,
        "time": time,
        "attributes": [{"name": k, "value": v} for k, v in (attributes or {}).items()],
        "relationships": _rel(*related),
    }


MAPPING_HEAD = """\
timezone: Europe/Berlin
ocel:
  case_type: orders
  follow: [comprises]
  customer_type: customers
stages:
  entry: {owner: Sales, customer_in_view: high}
  fulfillment: {owner: Warehouse, customer_in_view: medium}
  billing: {owner: Finance, customer_in_view: low}
status:
  completed_by: [pay order]
"""

ACTIVITIES = """\
activities:
  place order: {stage: entry, placed: true, public: We have your order.}
  send package: {stage: fulfillment, public: Your parcel is on its way.}
  package delivered: {stage: fulfillment}
  pay order: {stage: billing}
"""


def write_case(
    tmp_path: Path, order: str = "", *, activities: str = ACTIVITIES, log: dict[str, Any] | None = None, extra: str = ""
) -> tuple[Path, Path]:
    """The content folder and log of one test; the mapping is MAPPING_HEAD + `extra` + activities + `order`."""
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    (tmp_path / "log.json").write_text(json.dumps(log or small_ocel()), encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING_HEAD + extra + activities + order, encoding="utf-8")
    return content, tmp_path / "log.json"


def run_import(tmp_path: Path, kind: str = "ocel", log: str = "log.json") -> Any:
    return omcreport("import", kind, log, "--mapping", "mapping.yaml", "--out", "content/journeys", cwd=tmp_path)
