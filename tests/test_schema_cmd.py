"""omcreport schema: JSON Schema (draft 2020-12) per kind, the committed schemas/ up to
date, and schema and checker agreeing on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from omcreport.cli import cli
from omcreport.yamlio import YamlMap, YamlNode, YamlSeq, read_yaml_file

REPOSITORY = Path(__file__).resolve().parents[1]
KINDS = ("journey", "observation", "notice", "site", "stages", "mapping")


def schema_output(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["schema", *args])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_prints_the_committed_schema(kind: str) -> None:
    status, output = schema_output(kind)
    assert status == 0
    printed = json.loads(output)
    committed = json.loads((REPOSITORY / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, f"schemas/{kind}.schema.json is stale: run python -m omcreport.validate.reference"
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(printed)


def test_without_a_kind_all_schemas_in_one_object() -> None:
    status, output = schema_output()
    assert status == 0
    printed = json.loads(output)
    assert list(printed) == list(KINDS)
    assert printed["notice"] == json.loads(schema_output("notice")[1])


def test_an_unknown_kind_is_a_usage_error() -> None:
    assert schema_output("journeys")[0] == 2


YAML12_INT = re.compile(r"[-+]?[0-9]+")  # the YAML 1.2 core schema's decimal integers


def as_json(node: YamlNode) -> Any:
    """What an editor's YAML 1.2 parser hands the schema: texts stay texts, but for true/false,
    null and decimal integers."""
    if isinstance(node, YamlMap):
        return {key.text: as_json(value) for key, value in node.pairs}
    if isinstance(node, YamlSeq):
        return [as_json(item) for item in node.items]
    if node.style == "plain" and node.text in ("true", "false"):
        return node.text == "true"
    if node.style == "plain" and node.text in ("", "~", "null"):
        return None
    if node.style == "plain" and YAML12_INT.fullmatch(node.text):
        return int(node.text)
    return node.text


def sample_files() -> list[tuple[str, Path]]:
    content = REPOSITORY / "content"
    files = [("site", content / "site.yaml"), ("stages", content / "stages.yaml")]
    for folder, kind in (("journeys", "journey"), ("observations", "observation"), ("notices", "notice")):
        files += [(kind, path) for path in sorted((content / folder).glob("*.yaml"))]
    return files


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((REPOSITORY / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def test_the_sample_content_satisfies_its_schemas() -> None:
    files = sample_files()
    assert len(files) > 20
    for kind, path in files:
        parsed = read_yaml_file(path, str(path))
        assert parsed.root is not None, parsed.problems
        errors = [error.message for error in validator(kind).iter_errors(as_json(parsed.root))]
        assert errors == [], path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("customer_in_view: high", "customer_in_view: highest"),
        ("title:", "titel:"),
        ("    started: 2026-", "    started: 26-"),
        ("order: SO-1", "order: SO 1"),
        ("stages:", "stagess:"),
    ],
)
def test_the_schema_refuses_what_check_refuses(tmp_path: Path, old: str, new: str) -> None:
    journey = (
        "order: SO-1\ntitle: Pump\ncustomer: {display_name: Acme}\nstages:\n  - stage: entry\n"
        "    started: 2026-03-10T09:12:00+01:00\n    owner: Sales\n    customer_in_view: high\n"
    )
    path = tmp_path / "SO-1.yaml"
    path.write_text(journey, encoding="utf-8")
    good = read_yaml_file(path, "SO-1.yaml").root
    assert good is not None and list(validator("journey").iter_errors(as_json(good))) == []
    path.write_text(journey.replace(old, new, 1), encoding="utf-8")
    bad = read_yaml_file(path, "SO-1.yaml").root
    assert bad is not None
    assert list(validator("journey").iter_errors(as_json(bad))) != []
