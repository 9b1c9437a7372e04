"""The import mapping is a kind with its own field table: bad mappings refused at their
line:col with nothing written, its JSON Schema accepting the mappings the repository
ships, and the table, the schema and the generated reference agreeing key by key."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from import_logs import run_import, write_case
from jsonschema import Draft202012Validator
from test_import_support import EXAMPLE_CSV_MAPPING, EXAMPLE_OCEL_MAPPING, ROOT, snapshot
from test_schema_cmd import as_json

from omcreport.catalogue import STAGE_KEYS
from omcreport.importers.mapping import load_mapping
from omcreport.importers.mapping_table import TABLE
from omcreport.validate.context import FileContext
from omcreport.validate.fields import FieldType
from omcreport.validate.kinds import SCHEMA_KINDS, json_schema
from omcreport.validate.reference import field_rows
from omcreport.validate.rules import IMPORT_RULES, RULES
from omcreport.validate.structure import Either, ListOf, MapOf, Mapping
from omcreport.yamlio import parse_yaml, read_yaml_file

SHIPPED_MAPPINGS = [
    EXAMPLE_CSV_MAPPING,
    EXAMPLE_OCEL_MAPPING,
    *sorted((ROOT / "tests" / "fixtures").rglob("mapping*.yaml")),
]


def _line_col(text: str, needle: str) -> str:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


# (id, the text replaced in the test mapping, its replacement, where it points, the diagnostic)
BAD_MAPPINGS = [
    (
        "typo-key",
        "  customer_type: customers\n",
        "  customer_typ: customers\n",
        "customer_typ",
        "error[OMC202]: unknown key 'customer_typ' in ocel (did you mean 'customer_type'?)",
    ),
    (
        "wrong-type",
        "  follow: [comprises]\n",
        "  follow: comprises\n",
        "comprises",
        "error[OMC203]: ocel.follow must be a list, not a text",
    ),
    (
        "invalid-currency",
        "  customer_type: customers\n",
        "  customer_type: customers\n  value: {attribute: price, currency: XYZ}\n",
        "XYZ",
        "error[OMC213]: ocel.value.currency: 'XYZ' is not an ISO 4217 currency code",
    ),
    (
        "unknown-stage-key",
        "  billing: {owner: Finance, customer_in_view: low}\n",
        "  biling: {owner: Finance, customer_in_view: low}\n",
        "biling",
        "error[OMC221]: unknown stage 'biling' in stages (did you mean 'billing'?)",
    ),
    (
        "activity-stage-without-entry",
        "  pay order: {stage: billing}\n",
        "  pay order: {stage: scheduling}\n",
        "scheduling",
        "error[OMC910]: stage 'scheduling' has no entry under `stages` (its owner and customer_in_view)",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "diagnostic"), [c[1:] for c in BAD_MAPPINGS], ids=[c[0] for c in BAD_MAPPINGS]
)
def test_a_bad_mapping_exits_1_at_its_line_and_column_and_writes_nothing(
    tmp_path: Path, old: str, new: str, needle: str, diagnostic: str
) -> None:
    content, _ = write_case(tmp_path)
    mapping_file = tmp_path / "mapping.yaml"
    text = mapping_file.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    mapping_file.write_text(text, encoding="utf-8")
    before = snapshot(content)
    result = run_import(tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"mapping.yaml:{_line_col(text, needle)}: {diagnostic}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(content) == before


def test_a_visit_no_role_and_no_stage_owner_names_is_refused(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, extra="roles:\n  Clerk: Sales\n")
    mapping_file = tmp_path / "mapping.yaml"
    text = mapping_file.read_text(encoding="utf-8").replace("entry: {owner: Sales, ", "entry: {")
    mapping_file.write_text(text, encoding="utf-8")
    result = run_import(tmp_path)
    assert result.returncode == 1
    assert "mapping.yaml:1:1: error[OMC911]: " in result.stderr
    assert snapshot(content) == {"site.yaml": (content / "site.yaml").read_bytes()}


def _validator() -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / "mapping.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _docs_blocks() -> list[tuple[str, str]]:
    """The YAML blocks of docs/import.md's mapping sections that start at the mapping's top."""
    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    return [(f"docs/import.md block {index}", block) for index, block in enumerate(blocks) if block[0] != " "]


@pytest.mark.parametrize("path", SHIPPED_MAPPINGS, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_schema_and_the_table_accept_every_mapping_the_repository_ships(path: Path) -> None:
    parsed = read_yaml_file(path, str(path))
    assert parsed.root is not None and not parsed.problems
    assert [error.message for error in _validator().iter_errors(as_json(parsed.root))] == []
    ctx = FileContext(str(path))
    TABLE.check(parsed.root, "", ctx)
    assert ctx.problems == []


def test_the_docs_examples_use_only_keys_of_the_table() -> None:
    blocks = _docs_blocks()
    assert len(blocks) >= 4
    whole = 0
    for name, block in blocks:
        parsed = parse_yaml(block.encode(), name)
        assert parsed.root is not None and not parsed.problems, name
        ctx = FileContext(name)
        TABLE.check(parsed.root, "", ctx)
        if parsed.root.get("timezone") is None:  # a part of a mapping: its keys and values, not what it lacks
            assert [problem for problem in ctx.problems if problem.code != "OMC201"] == [], name
            continue
        whole += 1
        assert ctx.problems == [], name
        assert [error.message for error in _validator().iter_errors(as_json(parsed.root))] == [], name
    assert whole >= 1


def test_the_schema_refuses_what_the_table_refuses() -> None:
    good = EXAMPLE_OCEL_MAPPING.read_text(encoding="utf-8")
    for old, new in (
        ("case_type:", "case_typ:"),
        ("otherwise: completed", "otherwise: done"),
        ("  billing:", "  biling:"),
    ):
        parsed = parse_yaml(good.replace(old, new, 1).encode(), "mapping.yaml")
        assert parsed.root is not None
        assert list(_validator().iter_errors(as_json(parsed.root))) != [], new


def _table_paths(kind: FieldType, prefix: str) -> Iterator[str]:
    """Every key path of the table, `<*>` for a key the file chooses."""
    if isinstance(kind, Either):
        yield from _table_paths(kind.mapping, prefix)
    elif isinstance(kind, Mapping):
        for entry in kind.fields:
            yield prefix + entry.name
            yield from _table_paths(entry.type, f"{prefix}{entry.name}.")
    elif isinstance(kind, ListOf):
        yield from _table_paths(kind.item, prefix)
    elif isinstance(kind, MapOf):
        yield from _table_paths(kind.value, f"{prefix}<*>.")


def _schema_paths(schema: dict[str, Any], prefix: str) -> Iterator[str]:
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from _schema_paths(option, prefix)
    for name, inner in schema.get("properties", {}).items():
        yield prefix + name
        yield from _schema_paths(inner, f"{prefix}{name}.")
    if isinstance(schema.get("items"), dict):
        yield from _schema_paths(schema["items"], prefix)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _schema_paths(schema["additionalProperties"], f"{prefix}<*>.")


def test_table_schema_and_reference_agree_key_by_key() -> None:
    table = set(_table_paths(TABLE, ""))
    assert set(_schema_paths(json_schema("mapping"), "")) == table
    rows = [key for key, *_ in field_rows("mapping")]
    reference = (ROOT / "docs" / "reference" / "mapping.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([^`]+)` \|", reference, re.MULTILINE)
    assert documented == rows
    for key, field_type, entry, _public in field_rows("mapping"):
        assert entry.doc.strip() and field_type.describe().strip(), key
    # Every path of the table has its row: a stage's keys under `<stage>`, a source's under `<source>`.
    sources = {key.removeprefix("<source>.") for key in rows if key.startswith("<source>.")}
    stage_keys = "|".join(STAGE_KEYS)
    for path in table:
        shown = re.sub(rf"^stages\.({stage_keys})\b", "stages.<stage>", path)
        shown = re.sub(r"^activities\.<\*>", "activities.<activity>", shown)
        shown = re.sub(r"^roles\.<\*>", "roles.<role>", shown)
        if shown in rows:
            continue
        parent, _, key = shown.rpartition(".")
        assert parent in rows and key in sources, f"{path} has no row in docs/reference/mapping.md"


def _type_codes(kind: FieldType) -> Iterator[str]:
    """The codes the field types of a table report under (besides the machinery's OMC2xx)."""
    for attribute in ("code", "unknown_code"):
        if isinstance(getattr(kind, attribute, None), str):
            yield getattr(kind, attribute)
    inner: list[Any] = [getattr(kind, name, None) for name in ("scalar", "mapping", "item", "value", "note", "inner")]
    inner += [entry.type for entry in getattr(kind, "fields", ())]
    for found in inner:
        if isinstance(found, FieldType):
            yield from _type_codes(found)


def test_every_code_the_importer_emits_is_declared_and_documented() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "omcreport" / "importers").glob("*.py"))
    emitted = set(re.findall(r'"(OMC[0-9]{3})"', sources)) | set(_type_codes(TABLE))
    assert {"OMC213", "OMC216", "OMC217", "OMC218"} <= emitted  # constants by the journey fields' rules
    assert {"OMC910", "OMC912", "OMC221", "OMC211"} <= emitted
    rules = (ROOT / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")
    for code in sorted(emitted | set(IMPORT_RULES)):
        assert code in RULES, f"{code} is emitted by the importer but not declared in omcreport/validate/rules.py"
        assert f"| {code} | {RULES[code].severity} |" in rules, f"{code} is not in docs/reference/rules.md"
    assert "mapping" in SCHEMA_KINDS


# (id, the `order:` section, where it points, the diagnostic): a source's keys must say one thing to read.
SOURCE_RULES = [
    (
        "two-things",
        "order:\n  promised: {attribute: promise, from: placed}\n",
        "{attribute: promise",
        "error[OMC910]: order.promised needs exactly one of `attribute`, `id: true` (with `object` for a "
        "related one), `from` with `offset`, or `activity`",
    ),
    (
        "object-alone",
        "order:\n  customer:\n    segment: {object: customers}\n",
        "{object: customers}",
        "error[OMC910]: order.customer.segment: `object` needs `attribute` or `id: true` (what of the "
        "'customers' object)",
    ),
    (
        "offset-without-moment",
        "order:\n  promised: {attribute: promise, offset: P1D}\n",
        "P1D",
        "error[OMC910]: order.promised.offset goes with `from` or `activity`",
    ),
    (
        "unknown-key-in-block",
        "order:\n  promised:\n    atribute: promise\n",
        "atribute",
        "error[OMC202]: unknown key 'atribute' in order.promised (did you mean 'attribute'?)",
    ),
]


@pytest.mark.parametrize(
    ("order", "needle", "diagnostic"), [case[1:] for case in SOURCE_RULES], ids=[case[0] for case in SOURCE_RULES]
)
def test_a_source_that_says_no_one_thing_is_refused_once_at_its_place(
    tmp_path: Path, order: str, needle: str, diagnostic: str
) -> None:
    content, _ = write_case(tmp_path, order)
    text = (tmp_path / "mapping.yaml").read_text(encoding="utf-8")
    result = run_import(tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert errors == [f"mapping.yaml:{_line_col(text, needle)}: {diagnostic}"]
    assert snapshot(content) == {"site.yaml": (content / "site.yaml").read_bytes()}


def test_what_an_absent_key_means_is_the_default_the_table_documents(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "timezone: UTC\ncsv: {case: c, activity: a, timestamp: t}\n"
        "stages:\n  entry: {owner: Sales, customer_in_view: high}\nactivities:\n  placing: {stage: entry}\n",
        encoding="utf-8",
    )
    mapping = load_mapping(path, "mapping.yaml")
    defaults = {key: entry.default for key, _, entry, _ in field_rows("mapping") if entry.default is not None}
    assert mapping.title == defaults["title"]
    assert mapping.customer_default == defaults["customer_default"]
    assert mapping.folders == defaults["folders"]
    assert mapping.otherwise == defaults["status.otherwise"]
    assert mapping.stages["entry"].ends == defaults["stages.<stage>.ends"]
    assert mapping.activities["placing"].placed is defaults["activities.<activity>.placed"]
    assert mapping.csv is not None and mapping.csv.delimiter == defaults["csv.delimiter"]
    assert mapping.order.public_page.mode == defaults["order.public_page"]
