"""The reports of the mini fixture, built by the CLI and read back from the real files:
findings.json against the hand-computed figures of tests/fixtures/mini/README.md, the
PDFs' text, page counts, bookmarks and metadata."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from omcreport.analyze import findings, findings_json, format_duration
from omcreport.load import load_content

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
AS_OF = "2026-11-25T12:00:00Z"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("mini")
    shutil.copytree(MINI, project / "content")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "omcreport",
            "build",
            "content",
            "--only",
            "reports",
            "--journey-pdfs",
            "all",
            "--as-of",
            AS_OF,
        ],
        cwd=project,
        env={**os.environ, "XDG_CACHE_HOME": str(project / ".cache")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project / "reports"


def pdf_text(path: Path) -> str:
    """The PDF's text in content-stream order (pdftotext -raw), whitespace runs folded."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_writes_every_report(reports: Path) -> None:
    assert sorted(p.name for p in reports.iterdir()) == [
        ".omcreport-output",  # the owner mark: a later build may replace this folder
        "findings.json",
        "findings.pdf",
        "journeys",
        "journeys.csv",
        "links.csv",
    ]
    assert sorted(p.name for p in (reports / "journeys").iterdir()) == ["SO-1001.pdf", "SO-1002.pdf", "SO-1003.pdf"]


def test_findings_json_holds_the_hand_computed_figures(reports: Path) -> None:
    raw = (reports / "findings.json").read_bytes()
    assert raw.endswith(b"}\n")
    data = json.loads(raw.decode("utf-8"))
    assert data["schema"] == "omcreport/findings/v1"
    assert data["journeys"] == 3
    assert data["journey_span"] == {"n": 3, "median": 363_600, "p90": 703_440, "max": 788_400}
    assert data["unattended"] == {"n": 3, "median": 64_800, "p90": 84_960, "max": 90_000}
    assert data["lead_time"] == {"n": 1, "median": 270_000, "p90": 270_000, "max": 270_000}
    assert data["silence"] == {"n": 3, "median": 262_800, "p90": 545_040, "max": 615_600}
    assert data["on_time"] == {"n": 2, "rate": 0.5}
    assert data["due_kept"] == {"n": 2, "rate": 0.5}
    assert data["bottleneck"] == "prioritization"
    assert data["value_at_risk"] == [{"currency": "EUR", "count": 1, "amount": "5000.00"}]
    assert [(o["id"], o["weight"]) for o in data["observations"]] == [("MOBS-1", 8), ("MOBS-2", 1)]


def test_findings_json_is_the_analysis_of_the_content(reports: Path) -> None:
    from datetime import datetime

    content = load_content(MINI).content
    assert content is not None
    expected = findings_json(findings(content, datetime.fromisoformat(AS_OF.replace("Z", "+00:00"))))
    assert json.loads((reports / "findings.json").read_text(encoding="utf-8")) == json.loads(json.dumps(expected))


def test_headline_figures_in_the_pdf_equal_findings_json(reports: Path) -> None:
    data = json.loads((reports / "findings.json").read_text(encoding="utf-8"))
    text = pdf_text(reports / "findings.pdf")
    lead, unattended, silence = data["lead_time"], data["unattended"], data["silence"]
    expected = [
        f"ORDER LEAD TIME {format_duration(lead['median'])} typical (median) time from order entry to delivery, "
        f"across {lead['n']} delivered order",
        f"DELIVERED ON TIME {round(data['on_time']['rate'] * 100)} % "
        f"1 of {data['on_time']['n']} orders with a promised date arrived by it",
        f"UNATTENDED TIME {format_duration(unattended['median'])} typical (median) time no department held the "
        f"order, across {unattended['n']} orders",
        f"CUSTOMER SILENCE {format_duration(silence['median'])} typical (median) longest time a customer heard "
        f"nothing, across {silence['n']} orders; the longest {format_duration(silence['max'])}",
        f"PROMISED FINISHES KEPT {round(data['due_kept']['rate'] * 100)} % of {data['due_kept']['n']} stage visits",
        "BOTTLENECK Order selection and prioritization typical (median) 2 d there against a target of 1 d "
        "(200 % of target), across 3 orders",
    ]
    for line in expected:
        assert line in text
    # ... and those are the hand-computed figures of the fixture's README.
    assert "ORDER LEAD TIME 3 d 3 h typical (median) time from order entry to delivery, across 1 delivered" in text
    assert "DELIVERED ON TIME 50 % 1 of 2 orders" in text
    assert "UNATTENDED TIME 18 h typical (median) time no department held the order, across 3 orders" in text
    assert "across 3 orders; the longest 7 d 3 h" in text


def test_findings_pdf_shows_every_part(reports: Path) -> None:
    text = pdf_text(reports / "findings.pdf")
    for part in [
        "Headline figures",
        "Stages",
        "The customer in view",
        "Handoffs between departments",
        "Stage paths",
        "Target breaches",
        "Observations and what to fix first",
        "By customer segment",
        "Month by month",
        "Value at risk",
        "The slowest journeys",
        "Appendix: definitions and counts",
    ]:
        assert part in text
    assert "5,000.00 EUR" in text  # value at risk, exact
    squeezed = "".join(text.split())  # pdftotext's spacing inside table cells varies
    # handoff pairs, the most time lost first: count, total wait, median wait
    assert "WarehouseFinance11d1d" in squeezed
    assert "CustomerServiceCreditControl318h0s" in squeezed
    assert "CreditControlWarehouse21h30min" in squeezed
    assert squeezed.index("WarehouseFinance1") < squeezed.index("CustomerServiceCreditControl3")
    assert "MOBS-1 · Credit holds take two days" in text
    assert "Release small orders automatically." in text  # the recommendation
    assert "November 2026 3" in text  # month by month: journeys
    assert "88,200 s prints 1 d 1 h" in text  # the appendix explains printing


def test_page_count_matches_the_page_x_of_y_footer(reports: Path) -> None:
    for path in [reports / "findings.pdf", *sorted((reports / "journeys").iterdir())]:
        reader = PdfReader(path)
        pages = len(reader.pages)
        assert pages >= 5, path
        last = reader.pages[-1].extract_text()
        assert f"Page {pages} of {pages}" in last, path
        assert f"Page 2 of {pages}" in reader.pages[1].extract_text()
        assert "Page" not in reader.pages[0].extract_text()  # the cover has no running footer


def test_bookmarks_follow_the_chapters(reports: Path) -> None:
    findings_titles = outline_titles(PdfReader(reports / "findings.pdf"))
    # each finding of what to do is a section of its own, numbered, before the figures
    figures = findings_titles.index("Headline figures")
    assert findings_titles[0] == "What to do"
    assert 3 <= figures - 1 <= 5
    assert [title.split(". ")[0] for title in findings_titles[1:figures]] == [str(n) for n in range(1, figures)]
    assert findings_titles[1].startswith("1. Order selection and prioritization is our bottleneck")
    assert findings_titles[figures : figures + 3] == ["Headline figures", "Stages", "The customer in view"]
    assert findings_titles[-4:] == [
        "Appendix: definitions and counts",
        "Words used in this report",
        "How many each figure counts (the n's)",
        "Definitions",
    ]
    journey_titles = outline_titles(PdfReader(reports / "journeys" / "SO-1002.pdf"))
    # The story first, then the notes and observations, then the tables of figures.
    assert journey_titles == [
        "The story",
        "Timeline of the visits",
        "Customer in view",
        "Internal notes and events",
        "Observations naming this order",
        "Order selection and prioritization",
        "Fulfillment",
        "Silences",
        "Visits",
        "Handoffs",
        "Time in stage against target",
    ]


def test_metadata_names_title_author_subject_language(reports: Path) -> None:
    reader = PdfReader(reports / "journeys" / "SO-1001.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Journey report: order SO-1001"
    assert meta.author == "Mini Pumps operations"  # site.yaml reports.author
    assert meta.subject == "The journey of order SO-1001 through the Order Management Cycle"
    # Never the clock: the as-of, or for a closed journey (SO-1001) its last moment.
    assert meta["/CreationDate"] == "D:20261106140000Z"
    assert PdfReader(reports / "findings.pdf").metadata["/CreationDate"] == "D:20261125120000Z"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_journey_report_tells_the_orders_story(reports: Path) -> None:
    text = pdf_text(reports / "journeys" / "SO-1001.pdf")
    assert "Order SO-1001" in text
    assert "Customer Alpha Water (key-account)" in text
    assert "Followed by COO" in text
    assert "Value 1,200.00 GBP" in text
    # Cover figures: span, lead time, unattended, silence (README: 4 d 5 h, 3 d 3 h, 1 d 1 h, 3 d 1 h).
    assert "JOURNEY SPAN 4 d 5 h" in text
    assert "LEAD TIME 3 d 3 h" in text
    assert "UNATTENDED 1 d 1 h" in text
    assert "SILENCE 3 d 1 h" in text
    assert "PROMISE on time" in text
    # The visit table: owner, times, visit time, due kept.
    assert "1 Order entry Customer Service 2 Nov 2026 09:00 2 Nov 2026 11:00 2 h 2 Nov 2026 13:00 kept" in text
    # Handoffs with their waits, and the silence among the gaps.
    assert "Warehouse Finance 1 d" in text
    assert "5 Nov 2026 10:00 customer update 6 Nov 2026 12:00 customer update 1 d 2 h" in text
    assert "within target (100 % of it)" in text  # prioritization took exactly its target


def test_observations_appear_in_the_journeys_they_name(reports: Path) -> None:
    so_1002 = pdf_text(reports / "journeys" / "SO-1002.pdf")
    assert "MOBS-1 · Credit holds take two days" in so_1002
    assert "MOBS-2 · Pick list does not show the promised date" in so_1002
    so_1001 = pdf_text(reports / "journeys" / "SO-1001.pdf")
    assert "MOBS-" not in so_1001
    assert "No observation names this order." in so_1001


def test_open_journey_shows_its_open_visit_and_broken_due(reports: Path) -> None:
    text = pdf_text(reports / "journeys" / "SO-1002.pdf")
    assert "3 Fulfillment Warehouse 19 Nov 2026 09:00 open 6 d 3 h 24 Nov 2026 17:00 not kept" in text
    assert "PROMISE late" in text
    assert "Customer page shows delayed, expected 27 Nov 2026" in text
