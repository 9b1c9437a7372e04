"""The character rule holds for values as parsed, not only for a file's bytes: YAML
escapes and HTML character references in Markdown cannot bring in what FORMAT.md
forbids (control and bidirectional characters), and `check` says where, with the
byte rule's codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

JOURNEY = Path("content/journeys/SO-1001.yaml")


def check_json(project: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    problems: list[dict[str, object]] = json.loads(result.stdout)
    assert (result.returncode == 1) == any(p["severity"] == "error" for p in problems)
    return [p for p in problems if p["severity"] == "error"]


@pytest.mark.parametrize(
    ("line", "code", "says"),
    [
        ('  display_name: "Alpha\\u202eWater"', "OMC104", "U+202E is not allowed (written as a YAML escape)"),
        (
            '  display_name: "Alpha\\rWater"',
            "OMC103",
            "carriage return U+000D is not allowed in a value (written as a YAML escape)",
        ),
        ('  display_name: "Alpha\\0Water"', "OMC103", "U+0000 is not allowed (written as a YAML escape)"),
        ('  display_name: "Alpha\\x85Water"', "OMC103", "U+0085 is not allowed (written as a YAML escape)"),
        ('  display_name: "Alpha\\u2028Water"', "OMC104", "U+2028 is not allowed (written as a YAML escape)"),
        ('  "seg\\u2066ment": x', "OMC104", "U+2066 is not allowed (written as a YAML escape)"),
    ],
)
def test_a_yaml_escape_cannot_bring_in_a_forbidden_character(project: Path, line: str, code: str, says: str) -> None:
    path = project / JOURNEY
    text = path.read_text().replace("  display_name: Alpha Water", line)
    path.write_text(text)
    errors = check_json(project)
    # A value so written draws no second error; the key case also drops display_name
    # for an unknown key, so those two errors follow.
    assert len(errors) == (1 if "display_name" in line else 3), errors
    error = next(e for e in errors if e["code"] == code)
    assert (error["path"], error["line"]) == (str(JOURNEY), 5)
    assert error["col"] == len(line) - len(line.lstrip()) + 1 + (
        line.strip().index(": ") + 2 if "display" in line else 0
    )
    assert says in str(error["message"])


@pytest.mark.parametrize(
    ("reference", "code"),
    # (&#0; and &#x85; are safe: HTML decodes them as U+FFFD and U+2026, and so does the check)
    [("&#x202E;", "OMC104"), ("&#8238;", "OMC104"), ("&#13;", "OMC103"), ("&#x1b;", "OMC103"), ("&#x2029;", "OMC104")],
)
def test_a_character_reference_in_markdown_is_refused_at_the_value(project: Path, reference: str, code: str) -> None:
    path = project / JOURNEY
    path.write_text(
        path.read_text().replace("public_note: We have your order.", f"public_note: We have{reference} it.")
    )
    errors = check_json(project)
    assert [(e["line"], e["col"], e["code"]) for e in errors] == [(20, 18, code)]
    assert "written as an HTML character reference" in str(errors[0]["message"])


def test_ordinary_escapes_and_references_stay_allowed(project: Path) -> None:
    path = project / JOURNEY
    text = path.read_text().replace("  display_name: Alpha Water", '  display_name: "Alpha\\tWater \\u00e9"')
    text = text.replace("public_note: We have your order.", "public_note: We have your order &amp; &#233; &lt;3.")
    path.write_text(text)
    assert check_json(project) == []
