"""reports/journeys.csv: every per-journey figure, one row per journey, as a spreadsheet
opens it as is (UTF-8 with BOM) and can never run (formula-safe)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import run_omcreport

AS_OF = "2026-11-25T12:00:00Z"


def build(project: Path) -> Path:
    built = run_omcreport(project, "build", "--only", "reports", "--journey-pdfs", "none", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr
    return project / "reports"


def read_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8 only with it
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def seconds(cell: str) -> int | float | None:
    if cell == "":
        return None
    number = float(cell)
    return int(number) if number.is_integer() else number


def test_one_row_per_journey_with_the_figures_of_findings_json(project: Path) -> None:
    reports = build(project)
    rows = read_rows(reports / "journeys.csv")
    data = json.loads((reports / "findings.json").read_text(encoding="utf-8"))
    assert (
        [row["order"] for row in rows]
        == [j["order"] for j in data["per_journey"]]
        == sorted(j["order"] for j in data["per_journey"])
    )
    stages = list(data["stages"])
    for row, figures in zip(rows, data["per_journey"], strict=True):
        assert row["status"] == figures["status"]
        assert seconds(row["span_s"]) == figures["span"]
        assert seconds(row["lead_time_s"]) == figures["lead_time"]
        assert seconds(row["unattended_s"]) == figures["unattended"]
        assert seconds(row["silence_s"]) == figures["silence"]
        assert row["on_time"] == {True: "true", False: "false", None: ""}[figures["on_time"]]
        assert row["started"] == figures["start"]
        assert row["closed"] == (figures["closed"] or "")
        for key in ("visits", "handoffs", "revisits", "back_steps", "customer_updates"):
            assert int(row[key]) == figures[key], key
        assert row["path"] == " > ".join(figures["path"])
        assert row["over_target"].split() == figures["breaches"]
        for stage in stages:
            assert seconds(row[f"time_in_{stage}_s"]) == figures["time_in_stage"].get(stage, 0), stage
        assert row["silence_stage"] in ["", *stages]
    # the fixture's README: SO-1001 delivered on time, value 1200.00 GBP
    first = rows[0]
    assert [first[key] for key in ("order", "on_time", "value", "currency")] == ["SO-1001", "true", "1200.00", "GBP"]


NAMES = {
    "SO-1001": ("Alpha Water", '=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    "SO-1002": ("Beta Brauerei", "Acme;@SUM(A1)", "'Acme;@SUM(A1)"),
    "SO-1003": ("Gamma Foods", "Müller & Söhne GmbH - Werk 2", "Müller & Söhne GmbH - Werk 2"),
}


def test_a_cell_a_spreadsheet_could_run_starts_with_an_apostrophe_and_other_text_is_kept(project: Path) -> None:
    for order, (old, new, _) in NAMES.items():
        journey = project / "content" / "journeys" / f"{order}.yaml"
        text = journey.read_text(encoding="utf-8")
        assert f"display_name: {old}" in text
        journey.write_text(text.replace(f"display_name: {old}", f"display_name: {json.dumps(new)}"), encoding="utf-8")
    rows = read_rows(build(project) / "journeys.csv")
    assert {row["order"]: row["customer"] for row in rows} == {order: cell for order, (_, _, cell) in NAMES.items()}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


def test_the_sample_writes_journeys_csv_beside_the_other_reports(sample_reports: Path) -> None:
    rows = read_rows(sample_reports / "journeys.csv")
    data = json.loads((sample_reports / "findings.json").read_text(encoding="utf-8"))
    assert len(rows) == data["journeys"] == len({row["order"] for row in rows})
