"""A synthetic OCEL 2.0 order log of any size, shaped like the shared "Order Management" log.

Same object types, qualifiers and activities as that log, so the example mapping
(examples/ocel-order-management/mapping.yaml) imports it unchanged: per order a customer
who `places` it, one to five items it `comprises` (each `is a` product), one package
that `contains` them, and the events place, confirm, pick (per item), create, send and
deliver the package, and pay (the latest orders are still open). About 9 events and
5 objects an order. Deterministic for a given size.

    python -m benchmarks.ocel_synthetic ORDERS OUT.json [OUT.sqlite [OUT.parquet]]

The Parquet form is the same log flattened to the CSV-shaped table a warehouse exports:
one row per event and order it belongs to (`TABLE_COLUMNS`), with the role of the
employee it names; `CSV_MAPPING` added to the example mapping imports it.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
ORDER_EVERY = timedelta(minutes=5)
PRODUCTS = [f"Product {n:02d}" for n in range(1, 21)]
EMPLOYEES = {"Sales": 8, "Warehousing": 10, "Shipment": 6}
CUSTOMERS = 2_000
OPEN_SHARE = 0.02  # the latest orders have no payment yet

OBJECT_TYPES = [
    {"name": "orders", "attributes": [{"name": "price", "type": "float"}]},
    {"name": "items", "attributes": []},
    {"name": "packages", "attributes": []},
    {"name": "customers", "attributes": []},
    {"name": "products", "attributes": [{"name": "price", "type": "float"}]},
    {"name": "employees", "attributes": [{"name": "role", "type": "string"}]},
]
ACTIVITIES = ("place order", "confirm order", "pick item", "create package", "send package", "package delivered")
EVENT_TYPES = [{"name": name, "attributes": []} for name in (*ACTIVITIES, "pay order")]


TABLE_COLUMNS = ("case_id", "activity", "timestamp", "role", "customer")
CSV_MAPPING = """
csv:
  case: case_id
  activity: activity
  timestamp: timestamp
  role: role
  customer: customer
"""
_PARQUET_ROWS = 100_000  # a row group


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _relation(object_id: str, qualifier: str) -> dict[str, str]:
    return {"objectId": object_id, "qualifier": qualifier}


def _employees() -> dict[str, list[str]]:
    return {role: [f"{role} {n}" for n in range(1, count + 1)] for role, count in EMPLOYEES.items()}


def objects(orders: int) -> Iterator[dict[str, Any]]:
    chance = random.Random(orders)
    start = _time(START)
    for role, names in _employees().items():
        for name in names:
            yield {"id": name, "type": "employees", "attributes": [{"name": "role", "value": role, "time": start}]}
    for product in PRODUCTS:
        price = round(chance.uniform(5, 900), 2)
        yield {"id": product, "type": "products", "attributes": [{"name": "price", "value": price, "time": start}]}
    placed: dict[str, list[dict[str, str]]] = {}
    for order, customer, items in _orders(orders):
        placed.setdefault(customer, []).append(_relation(order, "places"))
        yield {
            "id": order,
            "type": "orders",
            "attributes": [{"name": "price", "value": round(chance.uniform(20, 4000), 2), "time": start}],
            "relationships": [_relation(item, "comprises") for item, _ in items],
        }
        for item, product in items:
            yield {"id": item, "type": "items", "attributes": [], "relationships": [_relation(product, "is a")]}
        yield {
            "id": f"p-{order[2:]}",
            "type": "packages",
            "attributes": [],
            "relationships": [_relation(item, "contains") for item, _ in items],
        }
    for number in range(CUSTOMERS):
        customer = f"Customer {number:04d}"
        yield {"id": customer, "type": "customers", "attributes": [], "relationships": placed.get(customer, [])}


def _orders(orders: int) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """(order id, customer, [(item id, product)]) of every order, the same on every call."""
    chance = random.Random(orders * 7 + 1)
    item = 0
    for number in range(orders):
        items = []
        for _ in range(chance.randint(1, 5)):
            item += 1
            items.append((f"i-{item:07d}", chance.choice(PRODUCTS)))
        yield f"o-{number:07d}", f"Customer {chance.randrange(CUSTOMERS):04d}", items


def events(orders: int) -> Iterator[dict[str, Any]]:
    chance = random.Random(orders * 13 + 5)
    staff = _employees()
    paid_until = int(orders * (1 - OPEN_SHARE))
    count = 0
    for number, (order, customer, items) in enumerate(_orders(orders)):
        moment = START + number * ORDER_EVERY
        package = f"p-{order[2:]}"
        item_relations = [_relation(item, "item") for item, _ in items]
        products = [_relation(product, "product") for product in sorted({product for _, product in items})]

        def event(activity: str, relations: list[dict[str, str]], hours: float, moment: datetime = moment) -> Any:
            nonlocal count
            count += 1
            return {
                "id": f"e-{count:08d}",
                "type": activity,
                "time": _time(moment + timedelta(hours=hours)),
                "attributes": [],
                "relationships": relations,
            }

        ordered = [_relation(order, "order"), *item_relations, *products]
        yield event("place order", [*ordered, _relation(customer, "customer")], 0)
        seller = _relation(chance.choice(staff["Sales"]), "sales person")
        yield event("confirm order", [*ordered, _relation(customer, "customer"), seller], chance.uniform(1, 20))
        picked = 24.0
        for item, product in items:
            picked += chance.uniform(1, 30)
            worker = _relation(chance.choice(staff["Warehousing"]), "employee")
            yield event("pick item", [_relation(item, "item"), _relation(product, "product"), worker], picked)
        shipper = _relation(chance.choice(staff["Shipment"]), "shipper")
        carried = [*item_relations, *products, _relation(package, "shipped package")]
        packer = _relation(chance.choice(staff["Warehousing"]), "packer")
        yield event("create package", [*item_relations, *products, _relation(package, "creates"), packer], picked + 2)
        forwarder = _relation(chance.choice(staff["Shipment"]), "forwarder")
        yield event("send package", [*carried, shipper, forwarder], picked + chance.uniform(3, 30))
        yield event("package delivered", [*carried, shipper], picked + chance.uniform(40, 90))
        if number < paid_until:
            yield event("pay order", ordered, picked + chance.uniform(100, 400))


def write_json(orders: int, path: Path) -> None:
    """The log as OCEL 2.0 JSON, written an item at a time."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"objectTypes": {json.dumps(OBJECT_TYPES)}, "eventTypes": {json.dumps(EVENT_TYPES)},\n')
        for key, items in (("objects", objects(orders)), ("events", events(orders))):
            out.write(f'"{key}": [\n')
            for index, item in enumerate(items):
                out.write((",\n" if index else "") + json.dumps(item, separators=(",", ":")))
            out.write("]" + (",\n" if key == "objects" else "}\n"))


def table_rows(orders: int) -> Iterator[tuple[str, str, datetime, str | None, str]]:
    """(case id, activity, time, role, customer) of each event, once per order it belongs to."""
    role_of = {name: role for role, names in _employees().items() for name in names}
    order_of: dict[str, tuple[str, str]] = {}
    for order, customer, items in _orders(orders):
        order_of[order] = (order, customer)
        order_of.update({item: (order, customer) for item, _ in items})
        order_of[f"p-{order[2:]}"] = (order, customer)
    for event in events(orders):
        named = [relation["objectId"] for relation in event["relationships"]]
        roles = [role_of[name] for name in named if name in role_of]
        moment = datetime.fromisoformat(event["time"])
        for order, customer in sorted({order_of[name] for name in named if name in order_of}):
            yield order, event["type"], moment, roles[0] if roles else None, customer


def write_parquet(orders: int, path: Path) -> None:
    """The flattened table as Parquet (needs pyarrow), a row group at a time, timestamps in UTC."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [("case_id", pa.string()), ("activity", pa.string()), ("timestamp", pa.timestamp("us", tz="UTC")),
         ("role", pa.string()), ("customer", pa.string())]
    )  # fmt: skip
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[tuple[str, str, datetime, str | None, str]] = []
        for row in table_rows(orders):
            batch.append(row)
            if len(batch) == _PARQUET_ROWS:
                writer.write_table(
                    pa.Table.from_pylist([dict(zip(TABLE_COLUMNS, r, strict=True)) for r in batch], schema)
                )
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist([dict(zip(TABLE_COLUMNS, r, strict=True)) for r in batch], schema))


def log(orders: int) -> dict[str, Any]:
    """The log in the shape `write_ocel_sqlite` (tests/test_import_support.py) reads, objects and events streamed."""
    streamed = {"objects": objects(orders), "events": events(orders)}
    return {"objectTypes": OBJECT_TYPES, "eventTypes": EVENT_TYPES, **streamed}


def main(argv: list[str]) -> None:
    orders, json_path, *others = argv
    write_json(int(orders), Path(json_path))
    if others:
        # The tests' writer of the specification's relational form: one writer, tested against JSON.
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from test_import_support import write_ocel_sqlite

        write_ocel_sqlite(log(int(orders)), Path(others[0]))
    if len(others) > 1:
        write_parquet(int(orders), Path(others[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
