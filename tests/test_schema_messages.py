"""The schemas editors read (`omcreport schema`, and the copies `new` writes into
content/.schemas/) explain themselves in words: a `patternErrorMessage` for every
pattern, never the expression, and a `markdownDescription` beside each plain
`description`, as the YAML extension (yaml-language-server) reads them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from omcreport.validate.kinds import KINDS, SCHEMA_KINDS
from tests.conftest import run_omcreport

REGEX_SIGNS = re.compile(r"[\[\]^$\\{}|]|\(\?|\.\*|\+\)")


def _nodes(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        yield where, schema
        for key, value in schema.items():
            yield from _nodes(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _nodes(value, f"{where}/{index}")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    printed = run_omcreport(tmp_path_factory.mktemp("schema"), "schema")
    assert printed.returncode == 0, printed.stderr
    result: dict[str, Any] = json.loads(printed.stdout)
    assert sorted(result) == sorted(SCHEMA_KINDS)
    return result


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_every_pattern_has_a_message_in_plain_words(schemas: dict[str, Any], kind: str) -> None:
    patterns = [(where, node) for where, node in _nodes(schemas[kind]) if "pattern" in node]
    assert patterns
    for where, node in patterns:
        message = node.get("patternErrorMessage")
        assert isinstance(message, str) and message, f"{kind}{where}: a pattern without patternErrorMessage"
        assert REGEX_SIGNS.search(message) is None, f"{kind}{where}: {message!r} reads like a regular expression"
        assert message[0].isupper() and message.endswith("."), f"{kind}{where}: {message!r}"
        assert node["pattern"] not in message


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_every_description_has_its_markdown_twin(schemas: dict[str, Any], kind: str) -> None:
    described = [(where, node) for where, node in _nodes(schemas[kind]) if isinstance(node.get("description"), str)]
    assert len(described) > 3
    for where, node in described:
        markdown = node.get("markdownDescription")
        assert isinstance(markdown, str), f"{kind}{where}: description without markdownDescription"
        assert "`" not in node["description"], f"{kind}{where}: backticks in the plain description"
        assert node["description"] == markdown.replace("`", "")


def test_hover_and_errors_say_what_to_write(schemas: dict[str, Any]) -> None:
    visit = schemas["journey"]["properties"]["stages"]["items"]["properties"]
    assert visit["started"]["patternErrorMessage"] == (
        "A time with its UTC offset: date T hours:minutes, then Z or an offset, e.g. 2026-03-10T09:12+01:00."
    )
    target = schemas["stages"]["properties"]["billing"]["properties"]["target"]
    assert any("P1DT12H" in option.get("patternErrorMessage", "") for option in target.get("anyOf", [target]))
    assert "A colour of the form #rrggbb" in json.dumps(schemas["site"])
    # Markdown stays for the hover that renders it; the plain description drops its backticks.
    code = [node for _, node in _nodes(schemas) if "`" in node.get("markdownDescription", "")]
    assert code and all("`" not in node["description"] for node in code)


def test_new_writes_the_same_schemas_into_the_content_folder(schemas: dict[str, Any], tmp_path: Path) -> None:
    made = run_omcreport(tmp_path, "new", "site")
    assert made.returncode == 0, made.stderr
    for kind in KINDS:
        written = json.loads((tmp_path / "content" / ".schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert written == schemas[kind]
