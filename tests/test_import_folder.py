"""The import writes nothing a content file may not hold: a text from the log with a
control or bidirectional character stops the import before any file is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from omcreport.importers.failure import ImportFailed
from omcreport.importers.folder import write_journeys


def journey(display_name: str) -> dict[str, object]:
    return {
        "order": "A-1",
        "title": "Imported",
        "customer": {"display_name": display_name},
        "stages": [{"stage": "entry", "started": "2026-01-01T09:00:00Z", "owner": "Sales", "customer_in_view": "high"}],
    }


@pytest.mark.parametrize(("char", "code"), [("\u202e", "U+202E"), ("\r", "U+000D"), ("\x00", "U+0000")])
def test_a_forbidden_character_from_the_log_stops_the_import(tmp_path: Path, char: str, code: str) -> None:
    out = tmp_path / "journeys"
    with pytest.raises(ImportFailed) as raised:
        write_journeys([("A-1", journey(f"Acme{char}Mills"))], out, "content/journeys")
    (problem,) = raised.value.problems
    assert (problem.path, problem.code) == ("content/journeys/A-1.yaml", "OMC908")
    assert problem.message.startswith("customer.display_name: ") and code in problem.message
    assert not out.exists()


def test_clean_texts_are_written(tmp_path: Path) -> None:
    out = tmp_path / "journeys"
    write_journeys([("A-1", journey("Müller\tGmbH"))], out, "content/journeys")
    assert "display_name: " in (out / "A-1.yaml").read_text(encoding="utf-8")
