"""The reports speak plainly: statistics vocabulary only in the findings report's appendix
(which explains it), and no internal file name in any PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from omcreport.analyze.periods import parse_period
from omcreport.reports import formatting as fmt
from tests.conftest import MINI, ROOT, SAMPLE_AS_OF, run_omcreport

FILE_NAMES = re.compile(r"findings\.json|journeys\.csv|links\.csv|ANALYTICS|FORMAT\.md|\.ya?ml\b|\.md\b", re.IGNORECASE)
# Words of a statistician, with the report's own words for them (the appendix's glossary).
STATISTICS = {
    r"\bmedian of\b": "typical (median) ... across",
    r"\bof n\b|\(n \d|\bn [=<>≥]|\bn \d": "across N orders",
    r"\bp\d0\b": "9 in 10 within",
    r"\bpercentile": "9 in 10 within",
    r"\bjudged\b": "with a promised date",
    r"\bQualifies\b": "among stages visited by at least 3 orders",
    r"\bmean\b": "average",
}


def build(project: Path, journey_pdfs: str) -> Path:
    built = run_omcreport(
        project, "build", "--only", "reports", "--journey-pdfs", journey_pdfs, "--jobs", "1", "--as-of", SAMPLE_AS_OF
    )
    assert built.returncode == 0, built.stderr
    return project / "reports"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("plain-sample")
    shutil.copytree(ROOT / "content", work / "content")
    return build(work, "followed")


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("plain-mini")
    shutil.copytree(MINI, work / "content")
    return build(work, "all")


def text(pdf: Path, first: int = 1, last: int | None = None) -> str:
    pages = ["-f", str(first)] + (["-l", str(last)] if last is not None else [])
    raw = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(raw.split())


def appendix_page(pdf: Path) -> int:
    reader = pypdf.PdfReader(pdf)
    item = next(i for i in reader.outline if not isinstance(i, list) and i.title.startswith("Appendix"))
    return reader.get_destination_page_number(item) + 1


def test_no_pdf_names_an_internal_file(sample: Path, mini: Path) -> None:
    pdfs = [sample / "findings.pdf", *sorted((sample / "journeys").glob("*.pdf")), *sorted(mini.rglob("*.pdf"))]
    assert len(pdfs) >= 6
    named = {pdf.name: FILE_NAMES.findall(text(pdf)) for pdf in pdfs}
    assert not {name: found for name, found in named.items() if found}


def test_the_body_of_the_findings_report_uses_no_statistics_words(mini: Path) -> None:
    # The mini fixture's own texts use none of these words, so any hit is the report's.
    pdf = mini / "findings.pdf"
    appendix = appendix_page(pdf)
    body = text(pdf, 1, appendix - 1)
    found = {pattern: re.findall(pattern, body) for pattern in STATISTICS}
    assert not {pattern: hits for pattern, hits in found.items() if hits}
    # "median" only ever follows its plain word: "typical (median)"
    assert body.count("median") == body.count("typical (median)") + body.count("Typical (median)") > 0
    # ... and the appendix explains every one of them
    glossary = text(pdf, appendix)
    for term in ["Typical (median)", "9 in 10 within (p90, the 90th percentile)", "Across N orders (n)"]:
        assert term in glossary


def test_figures_say_what_they_count_in_words(sample: Path) -> None:
    data = json.loads((sample / "findings.json").read_text(encoding="utf-8"))
    pdf = sample / "findings.pdf"
    body = text(pdf, 1, appendix_page(pdf) - 1)
    lead, silence = data["lead_time"], data["silence"]
    assert (
        f"typical (median) time from order entry to delivery, across {lead['n']} delivered orders; "
        f"9 in 10 within {fmt.duration(lead['p90'])}"
    ) in body
    assert f"across {silence['n']} orders; the longest {fmt.duration(silence['max'])}" in body
    bottleneck = data["stages"][data["bottleneck"]]
    assert f"Typical (median) time across {bottleneck['n']} orders; {bottleneck['breaches']} of them" in body
    for phrase in ["median of n", "Qualifies", "As ANALYTICS.md defines", "(n < 3)"]:
        assert phrase not in body


def test_the_appendix_gives_each_headline_figure_its_n(sample: Path) -> None:
    data = json.loads((sample / "findings.json").read_text(encoding="utf-8"))
    pdf = sample / "findings.pdf"
    appendix = text(pdf, appendix_page(pdf))
    assert f"Order lead time journeys whose fulfillment has ended, not cancelled {data['lead_time']['n']} orders" in (
        appendix
    )
    assert f"Delivered on time journeys with a promised date, judged {data['on_time']['n']} orders" in appendix
    assert f"Promised finishes kept visits with a due time, judged {data['due_kept']['n']} visits" in appendix


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-10", "October 2026"),
        ("2026-Q1", "Q1 2026"),
        ("2026-11-01..2026-11-15", "1 Nov 2026 to 14 Nov 2026"),  # until is exclusive: the last day is the 14th
    ],
)
def test_a_period_is_named_in_words(text: str, words: str) -> None:
    assert fmt.period(parse_period(text)) == words
