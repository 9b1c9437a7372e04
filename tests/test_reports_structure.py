"""The PDFs as documents: tagged structure, language, viewer preferences, embedded theme
fonts, paper size from site.yaml, byte-identical output, and no WeasyPrint for `check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest

from omcreport.load import load_content
from omcreport.reports.writer import build_reports

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
AS_OF = datetime.fromisoformat("2026-11-25T12:00:00+00:00")


def build(content_dir: Path, out: Path, journey_pdfs: str = "followed") -> Path:
    loaded = load_content(content_dir)
    assert loaded.content is not None, [p.as_text() for p in loaded.problems]
    build_reports(loaded.content, AS_OF, out, journey_pdfs=journey_pdfs, jobs=1, cache_dir=None)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(MINI, tmp_path_factory.mktemp("a4") / "reports")


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("letter") / "content"
    shutil.copytree(MINI, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("paper: A4", "paper: Letter"), encoding="utf-8")
    return build(content, content.parent / "reports", journey_pdfs="none")


def test_tagged_pdf_structure(a4: Path) -> None:
    for path in [a4 / "findings.pdf", a4 / "journeys" / "SO-1001.pdf"]:
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root
            assert len(root.StructTreeRoot.K) > 0
            assert str(root.Lang) == "en-GB"
            assert bool(root.MarkInfo.Marked) is True
            assert bool(root.ViewerPreferences.DisplayDocTitle) is True
            with pdf.open_metadata() as xmp:
                assert xmp["dc:title"] == pdf.docinfo["/Title"]


def figure_alts(node: object) -> list[str]:
    """The /Alt of every /Figure in a structure tree."""
    found: list[str] = []
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            found += figure_alts(kid)
    return found


def test_every_chart_has_alternative_text(a4: Path) -> None:
    with pikepdf.open(a4 / "journeys" / "SO-1001.pdf") as pdf:
        alts = figure_alts(pdf.Root.StructTreeRoot)
    assert alts[0] == "Timeline of 4 visits across the stages of the Order Management Cycle"
    assert alts[1] == (
        "Customer in view at each visit of this order: 1. Order entry high, informed the customer; "
        "2. Order selection and prioritization low; 3. Fulfillment medium, informed the customer; "
        "4. Billing low, informed the customer"
    )
    assert alts[2] == (
        "Time in each visited stage against its target: Order entry 2 h; Order selection and prioritization 1 d; "
        "Fulfillment 2 d; Billing 2 h"
    )


def test_theme_fonts_are_embedded(a4: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(a4 / "findings.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for row in listing:
        assert "OMC-Sans" in row, row  # only the fonts shipped with the theme
        assert " yes yes " in row, row  # embedded and subset


def test_paper_is_a4_by_default_and_letter_when_asked(a4: Path, letter: Path) -> None:
    with pikepdf.open(a4 / "findings.pdf") as pdf:
        assert {tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages} == {(0, 0, 595, 842)}
    with pikepdf.open(letter / "findings.pdf") as pdf:
        assert {tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages} == {(0, 0, 612, 792)}
    assert not (letter / "journeys").exists()  # --journey-pdfs none


def test_same_content_and_as_of_give_identical_bytes(a4: Path, tmp_path: Path) -> None:
    again = build(MINI, tmp_path / "reports")
    for name in ["findings.json", "findings.pdf", "journeys/SO-1001.pdf"]:
        assert (again / name).read_bytes() == (a4 / name).read_bytes(), name


def test_followed_journeys_only_by_default(a4: Path) -> None:
    assert sorted(p.name for p in (a4 / "journeys").iterdir()) == ["SO-1001.pdf"]


def test_check_never_imports_weasyprint(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from omcreport.cli import main\n"
        "import omcreport.reports\n"
        f"sys.argv = ['omcreport', 'check', {str(MINI)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('weasyprint loaded' if 'weasyprint' in sys.modules else 'weasyprint not loaded')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "weasyprint not loaded", result.stderr


def test_zero_journeys_still_give_a_findings_report(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(MINI / "site.yaml", content / "site.yaml")
    out = build(content, tmp_path / "reports", journey_pdfs="all")
    text = subprocess.run(["pdftotext", str(out / "findings.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Stapled to 0 orders" in text
    assert "No journeys." in text
    assert "no data" in text  # headline figures with n = 0
    assert not (out / "journeys").exists()


def test_unknown_journey_pdfs_choice_is_a_usage_error(tmp_path: Path) -> None:
    from omcreport.errors import UsageError
    from omcreport.reports import write_reports

    loaded = load_content(MINI)
    assert loaded.content is not None
    with pytest.raises(UsageError, match="--journey-pdfs 'some'"):
        write_reports(loaded.content, AS_OF, tmp_path / "reports", journey_pdfs="some")  # type: ignore[arg-type]
    assert not (tmp_path / "reports").exists()
