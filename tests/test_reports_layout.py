"""The findings report's page layout, read from the real PDFs: the sample and its latest
full month (--period) as `make build` writes them, and a generated 2,000-journey set.

No two words overlap, no word crosses the page margins, heading levels never skip, a
page less than half full only ends a chapter, and what to do comes before the figures.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdf
import pytest

from benchmarks.generate import generate
from tests.conftest import ROOT, run_omcreport

MM = 72 / 25.4
SIDE_MARGIN = 17 * MM  # report.css @page
TOP_MARGIN = 24 * MM
BOTTOM_MARGIN = 20 * MM
GENERATED_AS_OF = "2026-09-01T00:00:00Z"  # later than every moment the generator writes
TOLERANCE = 0.75  # points: glyph boxes of neighbouring words may touch


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


def build(project: Path, as_of: str) -> Path:
    built = run_omcreport(project, "build", "--only", "reports", "--journey-pdfs", "none", "--as-of", as_of)
    assert built.returncode == 0, built.stderr
    return project / "reports" / "findings.pdf"


def make_build(project: Path) -> subprocess.CompletedProcess[str]:
    """`make build` of the repository's Makefile in `project`, with this interpreter's omcreport."""
    return subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "build", f"OMCREPORT={sys.executable} -m omcreport", "CONTENT=content"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def findings_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each findings PDF built once for the whole module: the sample and its latest full
    month by `make build`, and a generated 2,000-journey set."""
    sample = tmp_path_factory.mktemp("layout-sample")
    shutil.copytree(ROOT / "content", sample / "content")
    built = make_build(sample)
    assert built.returncode == 0, built.stderr
    generated = tmp_path_factory.mktemp("layout-2000")
    generate(generated / "content", 2000, seed=0)
    return {
        "sample": sample / "reports" / "findings.pdf",
        "period": sample / "reports" / "period-2026-10" / "findings.pdf",
        "2000": build(generated, as_of=GENERATED_AS_OF),
    }


def test_make_build_writes_the_latest_full_month_beside_the_whole(findings_pdfs: dict[str, Path]) -> None:
    period = json.loads((findings_pdfs["period"].parent / "findings.json").read_text(encoding="utf-8"))
    assert period["period"]["from"].startswith("2026-10-01T00:00:00")
    assert period["period"]["previous"]["from"].startswith("2026-09-01T00:00:00")
    whole = json.loads((findings_pdfs["sample"].parent / "findings.json").read_text(encoding="utf-8"))
    assert "period" not in whole and whole["as_of"] == "2026-11-25T12:00:00+00:00"
    figures = " ".join(w.text for w in pages(findings_pdfs["period"])[3].words)
    assert "Headline figures Across" in figures and "for October 2026: each figure beside September 2026" in figures


PDFS = ["sample", "period", "2000"]
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@functools.cache
def pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        Page(
            float(width),
            float(height),
            tuple(
                Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, text in _WORD.findall(body)
            ),
        )
        for width, height, body in _PAGE.findall(xhtml)
    ]


def overlapping(words: tuple[Word, ...]) -> list[tuple[Word, Word]]:
    ranked = sorted(words, key=lambda w: w.x0)
    found = []
    for index, word in enumerate(ranked):
        for other in ranked[index + 1 :]:
            if other.x0 >= word.x1 - TOLERANCE:
                break
            overlap_x = min(word.x1, other.x1) - max(word.x0, other.x0)
            overlap_y = min(word.y1, other.y1) - max(word.y0, other.y0)
            if overlap_x > TOLERANCE and overlap_y > TOLERANCE:
                found.append((word, other))
    return found


@pytest.mark.parametrize("name", PDFS)
def test_no_word_overlaps_another(findings_pdfs: dict[str, Path], name: str) -> None:
    problems = [
        f"page {number}: {a.text!r} and {b.text!r}"
        for number, page in enumerate(pages(findings_pdfs[name]), start=1)
        for a, b in overlapping(page.words)
    ]
    assert not problems, problems[:10]


@pytest.mark.parametrize("name", PDFS)
def test_no_word_crosses_the_page_margins(findings_pdfs: dict[str, Path], name: str) -> None:
    problems = [
        f"page {number}: {w.text!r} at x {w.x0:.1f}..{w.x1:.1f}"
        for number, page in enumerate(pages(findings_pdfs[name]), start=1)
        for w in page.words
        if w.x0 < SIDE_MARGIN - TOLERANCE
        or w.x1 > page.width - SIDE_MARGIN + TOLERANCE
        or w.y0 < 0
        or w.y1 > page.height
    ]
    assert not problems, problems[:10]


def heading_levels(pdf: Path) -> list[int]:
    levels: list[int] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            tag = str(node.S)
            if re.fullmatch(r"/H[1-6]", tag):
                levels.append(int(tag[2]))
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(pdf) as document:
        walk(document.Root.StructTreeRoot.K)
    return levels


@pytest.mark.parametrize("name", PDFS)
def test_heading_levels_never_skip(findings_pdfs: dict[str, Path], name: str) -> None:
    levels = heading_levels(findings_pdfs[name])
    assert levels[0] == 1 and levels.count(1) == 1
    assert levels.count(2) >= 10 and 3 in levels
    skips = [(before, after) for before, after in itertools.pairwise(levels) if after > before + 1]
    assert not skips


def list_structure(pdf: Path) -> set[tuple[str, str]]:
    """(parent, child) tag pairs under every list and list item."""
    pairs: set[tuple[str, str]] = set()

    def kids(node: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
        k = node.get("/K")
        items = list(k) if isinstance(k, pikepdf.Array) else [k]
        return [kid for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]

    def walk(node: pikepdf.Dictionary) -> None:
        for kid in kids(node):
            if str(node.S) in ("/L", "/LI"):
                pairs.add((str(node.S), str(kid.S)))
            walk(kid)

    with pikepdf.open(pdf) as document:
        root = document.Root.StructTreeRoot.K
        for top in list(root) if isinstance(root, pikepdf.Array) else [root]:
            walk(top)
    return pairs


@pytest.mark.parametrize("name", PDFS)
def test_lists_hold_list_items_only(findings_pdfs: dict[str, Path], name: str) -> None:
    pairs = list_structure(findings_pdfs[name])
    assert ("/L", "/LI") in pairs
    assert pairs <= {("/L", "/LI"), ("/LI", "/Lbl"), ("/LI", "/LBody")}, pairs


def chapter_pages(pdf: Path) -> set[int]:
    """1-based pages on which a chapter (a top-level bookmark) starts."""
    reader = pypdf.PdfReader(pdf)
    return {reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)}


@pytest.mark.parametrize("name", PDFS)
def test_a_page_less_than_half_full_only_ends_a_chapter(findings_pdfs: dict[str, Path], name: str) -> None:
    pdf = findings_pdfs[name]
    starts = chapter_pages(pdf) | {2}  # the contents page follows the cover
    laid_out = pages(pdf)
    short = []
    for number, page in enumerate(laid_out[:-1], start=1):
        body = [w for w in page.words if w.y0 >= TOP_MARGIN and w.y1 <= page.height - BOTTOM_MARGIN]
        bottom = max((w.y1 for w in body), default=TOP_MARGIN)
        fill = (bottom - TOP_MARGIN) / (page.height - TOP_MARGIN - BOTTOM_MARGIN)
        if fill < 0.5 and number + 1 not in starts:
            short.append(f"page {number}: {fill:.0%} full")
    assert not short, short


@pytest.mark.parametrize("name", PDFS)
def test_what_to_do_comes_before_the_figures_on_page_2_or_3(findings_pdfs: dict[str, Path], name: str) -> None:
    texts = [" ".join(w.text for w in page.words) for page in pages(findings_pdfs[name])]
    first = next(
        n for n, text in enumerate(texts, start=1) if "What to do The findings that call for a decision" in text
    )
    figures = next(n for n, text in enumerate(texts, start=1) if "Headline figures Across" in text)
    assert first in (2, 3)
    assert figures == first + 1


def test_the_findings_report_stays_short_at_scale(findings_pdfs: dict[str, Path]) -> None:
    # 2,000 journeys used to print 86 pages (a row per journey); top lists keep it near the sample's
    assert len(pypdf.PdfReader(findings_pdfs["2000"]).pages) <= 40
