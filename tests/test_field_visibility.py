"""The field table, the model, the site and the leak test agree field by field.

`Field.public` (or its table's default) is the one declaration of what the public site
may show. Two directions are held here: every internal journey field is planted as a
marker by the leak test (or is a word the public projection has no field for), and every
public journey field, written with a value of its own, reaches status.json or the page,
unless this file says why it does not. A field added to the table without either fails.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import shutil
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from omcreport.load import load_content
from omcreport.site import projection
from omcreport.validate.fields import Currency, DecimalText, Email, FieldType, Text
from omcreport.validate.kinds import KINDS
from omcreport.validate.model_of import attribute_of
from omcreport.validate.structure import ListOf, Mapping, leaf_fields
from tests.conftest import MINI, run_omcreport

JOURNEY_LEAVES = {path: public for path, _entry, public in leaf_fields(KINDS["journey"].table)}
FIELD_TYPES = {path: entry.type for path, entry, _public in leaf_fields(KINDS["journey"].table)}

# Internal fields whose values are words of a fixed list (a marker cannot be planted):
# the public projection has no field of that name at all.
NOT_IN_ANY_PROJECTION = {"stages[].customer_in_view"}

# Public journey fields the site does not print as such, and why.
PUBLIC_BUT_NOT_PRINTED = {
    "public.token": "the page's address: status.json's links.page carries it, checked below",
}

AS_OF = "2026-11-25T12:00:00Z"
TOKEN = "VisibilityTokenAAAAAAAAA"
JOURNEY = f"""\
order: SO-VIS-1
title: Visibility test order
customer:
  display_name: Zed Visible Buyer
  segment: retail
  email: buyer@example.com
followed_by: COO
placed: 2026-11-02T09:07:00Z
promised: 2026-11-30
value: {{amount: "1250.00", currency: EUR}}
public:
  token: {TOKEN}
  locale: en-GB
  timezone: Europe/London
  health: action-needed
  expected: 2026-11-29
  health_note: Visible health note.
  health_since: 2026-11-20T08:13:00Z
  next_update: 2026-11-26T10:19:00Z
  action:
    label: Visible action label
    url: https://visible.example/act
  items:
    - name: Visible item name
      quantity: 7
  shipments:
    - carrier: VisibleCarrier
      tracking_number: "VIS123456"
      tracking_url: https://carrier.example/VIS123456
      shipped: 2026-11-21T09:23:00Z
      delivered: 2026-11-22T09:29:00Z
stages:
  - stage: entry
    started: 2026-11-02T09:07:00Z
    ended: 2026-11-02T11:31:00Z
    due: 2026-11-02T13:37:00Z
    owner: Customer Service
    people: [Ann Clerk]
    customer_in_view: high
    notes: What was seen at entry.
    public_note: Visible entry note.
    events:
      - at: 2026-11-02T10:41:00Z
        note: Visible event note.
        public: true
  - stage: fulfillment
    started: 2026-11-20T08:13:00Z
    owner: Warehouse
    customer_in_view: medium
"""
CLOSED_JOURNEY = """\
order: SO-VIS-2
title: Visibility test order, closed
customer: {display_name: Closed Buyer}
status: cancelled
closed: 2026-11-04T15:47:00Z
public: {token: VisibilityTokenBBBBBBBBB}
stages:
  - stage: entry
    started: 2026-11-03T09:00:00Z
    ended: 2026-11-04T15:47:00Z
    owner: Customer Service
    customer_in_view: high
"""
# What each public field's value above looks like in status.json or on the page.
SHOWN_AS = {
    "order": "SO-VIS-1",
    "customer.display_name": "Zed Visible Buyer",
    "status": '"status":"open"',
    "closed": "2026-11-04T15:47:00",
    "placed": "2026-11-02T09:07:00",
    "promised": "2026-11-30",
    "public.locale": '"locale":"en-GB"',
    "public.timezone": "Europe/London",
    "public.health": "action-needed",
    "public.expected": "2026-11-29",
    "public.health_note": "Visible health note.",
    "public.health_since": "2026-11-20T08:13:00",
    "public.next_update": "2026-11-26T10:19:00",
    "public.action.label": "Visible action label",
    "public.action.url": "https://visible.example/act",
    "public.items[].name": "Visible item name",
    "public.items[].quantity": '"quantity":7',
    "public.shipments[].carrier": "VisibleCarrier",
    "public.shipments[].tracking_number": "VIS123456",
    "public.shipments[].tracking_url": "https://carrier.example/VIS123456",
    "public.shipments[].shipped": "2026-11-21T09:23:00",
    "public.shipments[].delivered": "2026-11-22T09:29:00",
    "stages[].stage": '"stage":"entry"',
    "stages[].started": "2026-11-02T09:07:00",
    "stages[].ended": "2026-11-02T11:31:00",
    "stages[].due": "2026-11-02T13:37:00",
    "stages[].events[].public": '"public":true',
    "stages[].public_note": "Visible entry note.",
    "stages[].events[].at": "2026-11-02T10:41:00",
    "stages[].events[].note": "Visible event note.",
}


def _unset_model_fields(table: Mapping, value: object, path: str) -> list[str]:
    """The table's fields that did not reach `value` (a model object) with a value of their own."""
    unset: list[str] = []
    for entry in table.fields:
        where = f"{path}{entry.name}"
        name = attribute_of(entry)  # the model's name for it, as the table declares
        if not hasattr(value, name):
            unset.append(f"{where} (the model has no field {name!r})")
            continue
        held = getattr(value, name)
        default = _default_of(type(value), name)
        if isinstance(entry.type, Mapping):
            unset += _unset_model_fields(entry.type, held, f"{where}.")
        elif isinstance(entry.type, ListOf) and isinstance(entry.type.item, Mapping):
            # Set in one item is enough: an open visit has no `ended`.
            per_item = [set(_unset_model_fields(entry.type.item, item, f"{where}[].")) for item in held]
            unset += sorted(set.intersection(*per_item)) if per_item else [where]
        elif held is None or held == () or held == default:
            unset.append(where)
    return unset


def _default_of(cls: type, name: str) -> object:
    for entry in dataclasses.fields(cls):
        if entry.name == name:
            return entry.default
    return dataclasses.MISSING


def test_every_field_of_the_journey_table_reaches_the_model(tmp_path: Path) -> None:
    # A field added to the table alone validates and is documented, and would then never
    # reach the model, the site or the reports: the journey above sets every field.
    shutil.copytree(MINI, tmp_path / "content")
    (tmp_path / "content" / "journeys" / "SO-VIS-1.yaml").write_text(JOURNEY, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        loaded = load_content(Path("content"))
    assert loaded.content is not None, [problem.as_text() for problem in loaded.problems]
    journey = next(j for j in loaded.content.journeys if j.order == "SO-VIS-1")
    unset = _unset_model_fields(KINDS["journey"].table, journey, "")
    # `status` and `closed` are written on the closed journey only (an open one has neither).
    assert sorted(unset) == ["closed", "status"]
    closed_journey = tmp_path / "content" / "journeys" / "SO-VIS-2.yaml"
    closed_journey.write_text(CLOSED_JOURNEY, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        loaded = load_content(Path("content"))
    assert loaded.content is not None
    closed = next(j for j in loaded.content.journeys if j.order == "SO-VIS-2")
    assert closed.status_written == "cancelled" and closed.closed_written is not None


def _marker(field_type: FieldType, number: int) -> object:
    """A value of `field_type` that no page could show by accident."""
    if isinstance(field_type, ListOf):
        return [_marker(field_type.item, number)]
    if isinstance(field_type, Email):
        return f"qzxleak{number}@example.invalid"
    if isinstance(field_type, DecimalText):
        return f"98765{number:03d}.77"
    if isinstance(field_type, Currency):
        return "XTS"  # ISO 4217's code reserved for tests: on no page of this site otherwise
    if isinstance(field_type, Text):
        return f"QZXleak{number}marker"
    raise AssertionError(f"no marker for {field_type!r}: add one, or list the field in NOT_IN_ANY_PROJECTION")


def _as_written(value: Any) -> Any:
    """A safe_load result with its moments back in the text they were written as."""
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _plant(record: dict[str, object], path: str, value: object) -> None:
    """Set `path` (`stages[].notes`, `customer.segment`) in every block it names."""
    head, _, rest = path.partition(".")
    if not rest:
        record[head] = value
        return
    if head.endswith("[]"):
        items = record[head[:-2]]
        assert isinstance(items, list)
        for item in items:
            _plant(item, rest, copy.deepcopy(value))  # one object per place: no YAML aliases
        return
    block = record.setdefault(head, {})
    assert isinstance(block, dict)
    _plant(block, rest, value)


def test_every_internal_journey_field_planted_with_a_marker_stays_off_the_site(tmp_path: Path) -> None:
    # Planted from the table, not from a list kept here: an internal field added to the
    # table is planted by this test the day it is declared.
    record = _as_written(yaml.safe_load(JOURNEY))
    markers = []
    internal = sorted(path for path, public in JOURNEY_LEAVES.items() if not public)
    assert "stages[].notes" in internal and "customer.email" in internal
    for number, path in enumerate(internal):
        if path in NOT_IN_ANY_PROJECTION:
            continue
        marker = _marker(FIELD_TYPES[path], number)
        _plant(record, path, marker)
        markers.append(str(marker[0] if isinstance(marker, list) else marker))
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site_yaml = content / "site.yaml"
    lines = site_yaml.read_text(encoding="utf-8").splitlines()
    site_yaml.write_text("\n".join(line for line in lines if not line.startswith(("departments:", "  - "))) + "\n")
    (content / "journeys" / "SO-VIS-1.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    built = run_omcreport(tmp_path, "build", "content", "--only", "site", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "track" / TOKEN / "index.html").read_text(encoding="utf-8")
    assert "Zed Visible Buyer" in page  # the planted journey was built
    seen = {}
    for file in sorted((tmp_path / "site").rglob("*")):
        text = file.relative_to(tmp_path / "site").as_posix()
        if file.is_file():
            text += file.read_bytes().decode("utf-8", errors="replace")
        seen.update({marker: file.name for marker in markers if marker in text})
    assert not seen, f"internal fields reached the public site: {seen}"


def _projection_field_names(cls: type, seen: set[type]) -> set[str]:
    if cls in seen or not dataclasses.is_dataclass(cls):
        return set()
    seen.add(cls)
    names: set[str] = set()
    hints = typing.get_type_hints(cls)
    for entry in dataclasses.fields(cls):
        names.add(entry.name)
        for inner in _types_in(hints[entry.name]):
            names |= _projection_field_names(inner, seen)
    return names


def _types_in(hint: object) -> list[type]:
    found = [hint] if isinstance(hint, type) else []
    for argument in typing.get_args(hint):
        found += _types_in(argument)
    return found


def test_no_projection_has_a_field_for_an_unplantable_internal_word() -> None:
    names = _projection_field_names(projection.OrderProjection, set())
    assert "headline" in names and "display_name" in names  # the walk reaches nested classes
    for path in NOT_IN_ANY_PROJECTION:
        assert path.rsplit(".", 1)[-1] not in names


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("visibility")
    content = work / "content"
    shutil.copytree(MINI, content)
    (content / "journeys" / "SO-VIS-1.yaml").write_text(JOURNEY, encoding="utf-8")
    (content / "journeys" / "SO-VIS-2.yaml").write_text(CLOSED_JOURNEY, encoding="utf-8")
    built = run_omcreport(work, "build", "content", "--only", "site", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr
    return work / "site"


def test_every_public_journey_field_reaches_the_customer(built_site: Path) -> None:
    public = {path for path, shown in JOURNEY_LEAVES.items() if shown}
    assert public == set(SHOWN_AS) | set(PUBLIC_BUT_NOT_PRINTED)
    open_page = built_site / "track" / TOKEN
    shown = "\n".join(
        (open_page / name).read_text(encoding="utf-8") for name in ("status.json", "index.html", "feed.xml")
    )
    shown += (built_site / "track" / "VisibilityTokenBBBBBBBBB" / "status.json").read_text(encoding="utf-8")
    missing = sorted(path for path, text in SHOWN_AS.items() if text not in shown)
    assert not missing, f"public fields that never reach the customer: {missing}"
    status = json.loads((open_page / "status.json").read_text(encoding="utf-8"))
    assert status["links"]["page"].endswith(f"/track/{TOKEN}/")


MINIMAL = """\
order: SO-VIS-3
title: Everything optional left out
customer: {display_name: Quiet Buyer}
public:
  token: VisibilityTokenCCCCCCCCC
  items: [{name: A pump}]
stages:
  - stage: entry
    started: 2026-11-03T09:00:00Z
    owner: Customer Service
    customer_in_view: high
    events: [{at: 2026-11-03T10:00:00Z, note: Received.}]
"""


def _default(kind: str, path: str) -> object:
    return next(entry.default for where, entry, _public in leaf_fields(KINDS[kind].table) if where == path)


def test_an_absent_key_means_the_default_its_field_declares(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "content")
    site_yaml = tmp_path / "content" / "site.yaml"
    lines = site_yaml.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(("locale:", "timezone:", "  paper:"))]
    site_yaml.write_text("\n".join(kept) + "\n", encoding="utf-8")
    (tmp_path / "content" / "journeys" / "SO-VIS-3.yaml").write_text(MINIMAL, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        loaded = load_content(Path("content"))
    assert loaded.content is not None, [problem.as_text() for problem in loaded.problems]
    site = loaded.content.site
    journey = next(j for j in loaded.content.journeys if j.order == "SO-VIS-3")
    assert journey.public is not None
    declared = {
        ("journey", "public.health"): journey.public.health,
        ("journey", "public.items[].quantity"): journey.public.items[0].quantity,
        ("journey", "stages[].events[].public"): journey.visits[0].events[0].public,
        ("site", "locale"): site.locale,
        ("site", "timezone"): site.timezone,
        ("site", "reports.paper"): site.reports.paper,
    }
    with_defaults = {
        (kind, where)
        for kind in ("journey", "site")
        for where, entry, _ in leaf_fields(KINDS[kind].table)
        if entry.default is not None
    }
    assert set(declared) == with_defaults
    for (kind, where), value in declared.items():
        assert value == _default(kind, where), where
