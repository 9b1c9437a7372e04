"""The generated references stay true: every field documented, every rule code listed
and tested, and the committed files equal to what the tables generate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from omcreport.validate.kinds import KINDS
from omcreport.validate.reference import field_rows, generated_files
from omcreport.validate.rules import RULES

REPOSITORY = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("relative", sorted(generated_files()))
def test_generated_files_are_up_to_date(relative: str) -> None:
    committed = (REPOSITORY / relative).read_text(encoding="utf-8")
    assert committed == generated_files()[relative], f"{relative} is stale: run python -m omcreport.validate.reference"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_is_documented(kind: str) -> None:
    reference = (REPOSITORY / "docs" / "reference" / "format.md").read_text(encoding="utf-8")
    rows = field_rows(kind)
    assert rows
    for key, field_type, entry, _public in rows:
        assert entry.doc.strip(), f"{kind}: {key} has no description"
        assert field_type.describe().strip(), f"{kind}: {key} has no type description"
        assert f"| `{key}` |" in reference, f"{kind}: {key} is missing from docs/reference/format.md"


def test_every_rule_is_listed_with_its_severity() -> None:
    reference = (REPOSITORY / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"| {code} | {rule.severity} |" in reference
        assert rule.summary.endswith(".")
    assert all(re.fullmatch(r"OMC[1-49][0-9]{2}", code) for code in RULES)
    warnings = ("OMC4", "OMC92")  # content warnings; files an import leaves alone
    assert all((rule.severity == "warning") == rule.code.startswith(warnings) for rule in RULES.values())


def test_every_rule_has_a_test_asserting_its_diagnostic() -> None:
    tested: set[str] = set()
    for path in TESTS.glob("test_*.py"):
        if path.name.startswith(("test_yamlio", "test_validate_", "test_check_", "test_load", "test_import")):
            tested |= set(re.findall(r"(?:error|warning)\[(OMC[0-9]{3})\]", path.read_text(encoding="utf-8")))
    assert sorted(set(RULES) - tested) == []
