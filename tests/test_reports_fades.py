"""The findings report shows where the customer fades (ANALYTICS.md v2) and ranks and
shades handoffs by the time they lose, not by how often they happen."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from omcreport.analyze import findings
from omcreport.asof import parse_as_of
from omcreport.load import load_content
from omcreport.reports import formatting as fmt
from omcreport.reports.findings_view import findings_document

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-25T12:00:00Z"


@pytest.fixture
def reports(sample_reports: Path) -> Path:
    return sample_reports


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_fades_chapter_lists_each_silence_stage_with_its_typical_silence(reports: Path) -> None:
    data = json.loads((reports / "findings.json").read_text())
    text = pdf_text(reports / "findings.pdf")
    chapter = text.split("Where the customer fades\n")[-1].split("Handoffs between departments")[0]
    names = {"fulfillment": "Fulfillment", "prioritization": "Order selection and prioritization"}
    silences = chapter.split("After a missed promised finish")[0]
    rows = {line.strip().split("  ")[0]: "".join(line.split()) for line in silences.splitlines() if line.strip()}
    checked = 0
    for row in data["silence_stages"]:
        if row["stage"] in names:
            squeezed = rows[names[row["stage"]]]
            expected = (
                "".join(names[row["stage"]].split())
                + str(row["journeys"])
                + "".join(fmt.duration(row["median"]).split())
            )
            assert squeezed == expected
            checked += 1
    assert checked == 2
    assert "After a missed promised finish" in chapter


def test_handoffs_are_listed_and_shaded_by_total_wait(reports: Path) -> None:
    data = json.loads((reports / "findings.json").read_text())
    heaviest = max(data["handoffs"], key=lambda h: (h["total_wait"], h["count"]))
    text = pdf_text(reports / "findings.pdf")
    table = text.split("The pairs losing the most time")[1]
    first_row = next(line for line in table.splitlines()[1:] if line.strip() and not line.strip().startswith("From"))
    squeezed = "".join(first_row.split())
    assert squeezed.startswith("".join((heaviest["from"] + heaviest["to"] + str(heaviest["count"])).split())), first_row

    loaded = load_content(ROOT / "content")
    assert loaded.content is not None
    as_of = parse_as_of(AS_OF)
    _, context = findings_document(loaded.content, findings(loaded.content, as_of), as_of)
    matrix = context["f"]["handoff_matrix"]  # type: ignore[index]
    assert isinstance(matrix, dict)
    owners = matrix["owners"]
    zero_wait = next(h for h in data["handoffs"] if h["total_wait"] == 0)
    shade = {
        (row["owner"], owners[column]): cell["shade"]
        for row in matrix["rows"]
        for column, cell in enumerate(row["cells"])
        if cell["count"]
    }
    busiest = max(data["handoffs"], key=lambda h: h["count"])
    assert busiest["total_wait"] < heaviest["total_wait"]  # the sample's busiest pair loses little time
    assert shade[(heaviest["from"], heaviest["to"])] == 4
    assert shade[(busiest["from"], busiest["to"])] < 4
    assert shade[(zero_wait["from"], zero_wait["to"])] == 0  # no time lost, no shade
