"""The mapping's `order:` section, `stages.*.due` and note templates, one field at a time,
on a small OCEL log made here; bad constants and bad log values refused at the mapping's
line:col with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from import_logs import ACTIVITIES, run_import, small_ocel, write_case
from test_import_support import (
    CSV_SITE,
    EXAMPLE_CSV_LOG,
    EXAMPLE_CSV_MAPPING,
    assert_check_passes,
    content_folder,
    omcreport,
)

from omcreport.importers.yamltext import plain_data
from omcreport.yamlio import parse_yaml


def _journey(content: Path, order: str = "SO-1") -> dict[str, Any]:
    found = list((content / "journeys").rglob(f"{order}.yaml"))
    assert len(found) == 1, found
    parsed = parse_yaml(found[0].read_bytes(), str(found[0]))
    assert parsed.root is not None and not parsed.problems
    data: dict[str, Any] = plain_data(parsed.root)  # every value as written
    return data


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


PAGE = "order:\n  public_page: all\n"

# (id, the `order:` section, the journey path, what SO-1 holds there)
FIELDS: list[tuple[str, str, str, Any]] = [
    (
        "display-name-from-related-object",
        "order:\n  customer: {display_name: {object: customers, id: true}}\n",
        "customer.display_name",
        "Acme Mills",
    ),
    (
        "segment-from-related-attribute",
        "order:\n  customer: {segment: {object: customers, attribute: segment}}\n",
        "customer.segment",
        "key-account",
    ),
    ("segment-constant", "order:\n  customer: {segment: distributor}\n", "customer.segment", "distributor"),
    (
        "value-from-attribute",
        "order:\n  value: {amount: {attribute: price}, currency: GBP}\n",
        "value",
        {"amount": "1250.5", "currency": "GBP"},
    ),
    ("promised-offset-from-placed", "order:\n  promised: {from: placed, offset: P14D}\n", "promised", "2026-03-16"),
    ("promised-from-attribute", "order:\n  promised: {attribute: promise}\n", "promised", "2026-03-20"),
    ("locale", PAGE + "  public: {locale: {attribute: language}}\n", "public.locale", "de-DE"),
    ("timezone", PAGE + "  public: {timezone: Europe/London}\n", "public.timezone", "Europe/London"),
    ("health-from-attribute", PAGE + "  public: {health: {attribute: state}}\n", "public.health", "delayed"),
    (
        "expected-offset-from-last-event",
        PAGE + "  public: {expected: {from: last_event, offset: -P1D}}\n",
        "public.expected",
        "2026-03-08",
    ),
    (
        "next-update-offset",
        PAGE + "  public: {next_update: {from: first_event, offset: PT48H}}\n",
        "public.next_update",
        "2026-03-04T09:00:00+01:00",
    ),
    (
        "items-per-related-object",
        PAGE + "  public:\n    items: {object: items, name: {object: products, id: true}}\n",
        "public.items",
        [{"name": "Pump P-40", "quantity": 2}, {"name": "Seal kit", "quantity": 1}],
    ),
    (
        "shipments-per-related-object",
        PAGE + "  public:\n    shipments:\n      object: packages\n      carrier: DHL Freight\n"
        '      tracking_number: {id: true}\n      tracking_url: "https://www.dhl.com/track?id={tracking_number}"\n'
        "      shipped: {activity: send package}\n      delivered: {activity: package delivered}\n",
        "public.shipments",
        [
            {
                "carrier": "DHL Freight",
                "tracking_number": "JJD-77",
                "tracking_url": "https://www.dhl.com/track?id=JJD-77",
                "shipped": "2026-03-05T14:00:00+01:00",
                "delivered": "2026-03-06T10:00:00+01:00",
            }
        ],
    ),
    (
        "shipments-per-event-with-event-attribute",
        PAGE + "  public:\n    shipments: {activity: send package, carrier: {attribute: carrier}}\n",
        "public.shipments",
        [{"carrier": "DHL Freight", "shipped": "2026-03-05T14:00:00+01:00"}],
    ),
]


@pytest.mark.parametrize(("order", "path", "expected"), [case[1:] for case in FIELDS], ids=[c[0] for c in FIELDS])
def test_each_order_field_comes_from_the_log_and_passes_check(
    tmp_path: Path, order: str, path: str, expected: Any
) -> None:
    log = small_ocel(language="de-DE", state="delayed", promise="2026-03-20")
    content, _ = write_case(tmp_path, order, log=log)
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    assert _at(_journey(content), path) == expected
    assert_check_passes(content)


def test_public_page_all_none_or_a_rule_on_an_attribute(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, "order:\n  public_page: {when: {attribute: channel, equals: web}}\n")
    assert run_import(tmp_path).returncode == 0
    assert "public" in _journey(content, "SO-1") and "public" not in _journey(content, "SO-2")
    assert len(_journey(content, "SO-1")["public"]["token"]) >= 22

    other = tmp_path / "in"
    content, _ = write_case(other, "order:\n  public_page: {when: {object: customers, id: true, in: [Acme Mills]}}\n")
    assert run_import(other).returncode == 0
    assert "public" in _journey(content, "SO-1") and "public" in _journey(content, "SO-2")

    none = tmp_path / "none"
    content, _ = write_case(none, "order:\n  public_page: none\n")
    assert run_import(none).returncode == 0
    assert "public" not in _journey(content, "SO-1")


def test_visit_due_from_an_offset_or_an_attribute(tmp_path: Path) -> None:
    head = "stages:\n  entry: {owner: Sales, customer_in_view: high, due: {offset: P1DT2H}}\n"
    content, _ = write_case(tmp_path)
    mapping = (tmp_path / "mapping.yaml").read_text(encoding="utf-8")
    mapping = mapping.replace("  entry: {owner: Sales, customer_in_view: high}\n", head.split("\n", 1)[1])
    mapping = mapping.replace(
        "  billing: {owner: Finance, customer_in_view: low}",
        "  billing: {owner: Finance, customer_in_view: low, due: {attribute: pay_by}}",
    )
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    (tmp_path / "log.json").write_text(json.dumps(small_ocel(pay_by="2026-03-31T17:00:00Z")), encoding="utf-8")
    assert run_import(tmp_path).returncode == 0
    visits = {visit["stage"]: visit for visit in _journey(content)["stages"]}
    assert visits["entry"]["due"] == "2026-03-03T11:00:00+01:00"
    assert visits["billing"]["due"] == "2026-03-31T19:00:00+02:00"  # in the mapping's zone, summer time
    assert_check_passes(content)


def test_note_templates_fill_in_event_and_object_values_escaped(tmp_path: Path) -> None:
    activities = ACTIVITIES.replace(
        "public: Your parcel is on its way.", 'public: "Shipped with {carrier}, parcel {packages} ({weight} kg)"'
    )
    log = small_ocel()
    log["events"][1]["attributes"] = [{"name": "carrier", "value": "<script>alert(1)</script> *DHL*"}]
    content, _ = write_case(tmp_path, activities=activities, log=log)
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    notes = [event["note"] for visit in _journey(content)["stages"] for event in visit["events"]]
    assert r"Shipped with \<script\>alert(1)\</script\> \*DHL\*, parcel JJD-77 (12.5 kg)" in notes
    assert_check_passes(content)


def test_a_placeholder_without_a_value_is_an_error_at_the_template(tmp_path: Path) -> None:
    activities = ACTIVITIES.replace("public: Your parcel is on its way.", 'public: "Tracking {tracking_number}"')
    content, _ = write_case(tmp_path, activities=activities)
    result = run_import(tmp_path)
    assert result.returncode == 1
    line = 1 + next(
        i for i, text in enumerate((tmp_path / "mapping.yaml").read_text().splitlines()) if "Tracking" in text
    )
    assert f"mapping.yaml:{line}:" in result.stderr and "error[OMC912]" in result.stderr
    assert "case 'SO-1'" in result.stderr and "{tracking_number}" in result.stderr
    assert not (content / "journeys").exists()


def _position(tmp_path: Path, needle: str) -> str:
    lines = (tmp_path / "mapping.yaml").read_text(encoding="utf-8").splitlines()
    index = next(i for i, text in enumerate(lines) if needle in text)
    return f"mapping.yaml:{index + 1}:{lines[index].index(needle) + 1}"


@pytest.mark.parametrize(
    ("order", "needle", "code"),
    [
        ("order:\n  value: {amount: {attribute: price}, currency: XYZ}\n", "XYZ", "OMC213"),
        ("order:\n  promised: 2026-02-30\n", "2026-02-30", "OMC210"),
        (PAGE + "  public: {locale: xx-notalocale-!!}\n", "xx-notalocale", "OMC216"),
        (PAGE + "  public: {health: late}\n", "late", "OMC206"),
        (
            PAGE
            + "  public:\n    shipments: {activity: send package, carrier: DHL, tracking_url: http://x.example/}\n",
            "http://x.example/",
            "OMC218",
        ),
        ("order:\n  promised: {from: shipped, offset: P1D}\n", "shipped", "OMC206"),
        ("order:\n  promised: {from: placed, offset: P2W}\n", "P2W", "OMC211"),
    ],
    ids=["currency", "date", "locale", "health", "tracking-url", "unknown-moment", "offset-weeks"],
)
def test_a_bad_constant_is_refused_at_its_line_and_col_before_anything_is_written(
    tmp_path: Path, order: str, needle: str, code: str
) -> None:
    content, _ = write_case(tmp_path, order)
    result = run_import(tmp_path)
    assert result.returncode == 1
    assert f"{_position(tmp_path, needle)}: error[{code}]" in result.stderr, result.stderr
    assert not (content / "journeys").exists()


@pytest.mark.parametrize(
    ("attribute", "value", "order", "field"),
    [
        ("language", "english please", PAGE + "  public: {locale: {attribute: language}}\n", "public.locale"),
        ("state", "late", PAGE + "  public: {health: {attribute: state}}\n", "public.health"),
        ("promise", "next week", "order:\n  promised: {attribute: promise}\n", "promised"),
        (
            "cur",
            "Euro",
            "order:\n  value: {amount: {attribute: price}, currency: {attribute: cur}}\n",
            "value.currency",
        ),
    ],
    ids=["locale", "health", "promised", "currency"],
)
def test_a_log_value_a_field_refuses_names_the_case_and_the_mapping_line(
    tmp_path: Path, attribute: str, value: str, order: str, field: str
) -> None:
    content, _ = write_case(tmp_path, order, log=small_ocel(**{attribute: value}))
    result = run_import(tmp_path)
    assert result.returncode == 1
    where = _position(tmp_path, f"{{attribute: {attribute}}}")
    assert f"{where}: error[OMC912]: case 'SO-1':" in result.stderr, result.stderr
    assert field in result.stderr and "SO-2" not in result.stderr  # SO-2 has no such attribute: no value
    assert not (content / "journeys").exists()


def test_every_generated_journey_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    # Cancelled health on a completed order: each value valid alone, the journey not (OMC309).
    content, _ = write_case(tmp_path, PAGE + "  public: {health: cancelled}\n")
    result = run_import(tmp_path)
    assert result.returncode == 1
    assert "content/journeys/SO-1.yaml:" in result.stderr and "error[OMC309]" in result.stderr
    assert not (content / "journeys").exists()


def test_csv_columns_feed_the_same_fields(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path)
    (tmp_path / "log.csv").write_text(
        "case,activity,time,carrier,tracking,segment\n"
        "SO-9,Received,2026-03-02T09:00:00+01:00,,,trade\n"
        "SO-9,Shipped,2026-03-04T09:00:00+01:00,DPD,1Z99,\n",
        encoding="utf-8",
    )
    (tmp_path / "mapping.yaml").write_text(
        "timezone: Europe/Berlin\ncsv: {case: case, activity: activity, timestamp: time}\n"
        "stages:\n  entry: {owner: Sales, customer_in_view: high}\n"
        "  fulfillment: {owner: Warehouse, customer_in_view: medium, due: {offset: P2D}}\n"
        "activities:\n  Received: {stage: entry, placed: true}\n"
        '  Shipped: {stage: fulfillment, public: "Shipped with {carrier}, tracking {tracking}"}\n'
        "order:\n  public_page: all\n  customer: {segment: {attribute: segment}}\n"
        "  promised: {from: placed, offset: P5D}\n"
        "  public:\n    shipments: {activity: Shipped, carrier: {attribute: carrier}, "
        "tracking_number: {attribute: tracking}}\n",
        encoding="utf-8",
    )
    result = run_import(tmp_path, "csv", "log.csv")
    assert result.returncode == 0, result.stderr
    journey = _journey(content, "SO-9")
    assert journey["customer"]["segment"] == "trade" and journey["promised"] == "2026-03-07"
    assert journey["public"]["shipments"][0]["carrier"] == "DPD"
    assert journey["public"]["shipments"][0]["tracking_number"] == "1Z99"
    assert journey["stages"][1]["events"][0]["note"] == "Shipped with DPD, tracking 1Z99"
    assert journey["stages"][1]["due"] == "2026-03-06T09:00:00+01:00"


def test_the_csv_example_shows_the_new_fields_and_passes_check(tmp_path: Path) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    result = omcreport(
        "import", "csv", EXAMPLE_CSV_LOG, "--mapping", EXAMPLE_CSV_MAPPING, "--out", "content/journeys", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "4 new public pages with a new token" in result.stderr
    shipped = _journey(content, "SO-1001")
    assert shipped["promised"] == "2026-03-23" and shipped["public"]["expected"] == "2026-03-20"
    assert shipped["public"]["shipments"] == [
        {
            "carrier": "Fast Freight",
            "tracking_number": "FF-4410-0032",
            "tracking_url": "https://track.fastfreight.example/parcel/FF-4410-0032",
            "shipped": "2026-03-05T15:45:00+00:00",
        }
    ]
    notes = [event["note"] for visit in shipped["stages"] for event in visit["events"]]
    assert "Your order has shipped with Fast Freight, tracking number FF-4410-0032." in notes
    assert all("due" in visit for visit in shipped["stages"])
    assert_check_passes(content)


def test_visit_owner_from_an_attribute_checked_against_site_departments(tmp_path: Path) -> None:
    content, log_path = write_case(tmp_path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace(
            "  fulfillment: {owner: Warehouse, customer_in_view: medium}",
            "  fulfillment: {owner: {attribute: department}, customer_in_view: medium}",
        ),
        encoding="utf-8",
    )
    log = small_ocel()
    log["events"][1]["attributes"] = [{"name": "department", "value": "Logistics"}]
    log_path.write_text(json.dumps(log), encoding="utf-8")
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    visits = {visit["stage"]: visit for visit in _journey(content)["stages"]}
    assert visits["fulfillment"]["owner"] == "Logistics" and visits["entry"]["owner"] == "Sales"
    assert_check_passes(content)

    log["events"][1]["attributes"] = [{"name": "department", "value": "Dispatch"}]
    log_path.write_text(json.dumps(log), encoding="utf-8")
    before = (content / "journeys" / "SO-1.yaml").read_bytes()
    result = run_import(tmp_path)
    assert result.returncode == 1
    assert f"{_position(tmp_path, '{attribute: department}')}: error[OMC912]: case 'SO-1':" in result.stderr
    assert "'Dispatch', which site.yaml does not list" in result.stderr
    assert (content / "journeys" / "SO-1.yaml").read_bytes() == before


def test_public_fields_without_saying_which_orders_get_a_page_are_refused(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, "order:\n  public: {locale: de-DE}\n")
    result = run_import(tmp_path)
    assert result.returncode == 1
    assert f"{_position(tmp_path, '{locale: de-DE}')}: error[OMC910]: order.public needs order.public_page" in (
        result.stderr
    )
    assert not (content / "journeys").exists()


def test_a_csv_column_the_log_has_not_is_refused_at_the_mapping(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path)
    (tmp_path / "log.csv").write_text("case,activity,time\nSO-9,Received,2026-03-02T09:00:00+01:00\n", encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "timezone: Europe/Berlin\ncsv: {case: case, activity: activity, timestamp: time}\n"
        "stages:\n  entry: {owner: Sales, customer_in_view: high}\n"
        "activities:\n  Received: {stage: entry, placed: true}\n"
        "order:\n  customer: {segment: {attribute: segmnet}}\n",
        encoding="utf-8",
    )
    result = run_import(tmp_path, "csv", "log.csv")
    assert result.returncode == 1
    assert f"{_position(tmp_path, '{attribute: segmnet}')}: error[OMC910]: order.customer.segment reads the column" in (
        result.stderr
    )
    assert "(columns: case, activity, time)" in result.stderr
    assert not (content / "journeys").exists()
