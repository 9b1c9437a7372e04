"""A journey PDF's cover says what the customer's page shows, with the page's verdicts:
never "on-track" beside a late promise (FORMAT.md "What a customer's page shows")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-25T12:00:00Z"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("covers")
    shutil.copytree(ROOT / "content", work / "content")
    built = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "--only", "reports", "--journey-pdfs", "all", "--as-of", AS_OF],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    return work / "reports"


def cover(reports: Path, order: str) -> str:
    text = subprocess.run(
        ["pdftotext", "-l", "1", "-layout", str(reports / "journeys" / f"{order}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("order", "shown"),
    [
        ("CV-10468", "Customer page shows delayed (written on-track; shown delayed because the order is late)"),
        ("CV-10440", "Customer page shows delivered 16 Oct 2026 (late)"),
        ("CV-10388", "Customer page shows delivered 11 Aug 2026 Placed"),
        ("CV-10417", "Customer page shows cancelled"),
    ],
)
def test_cover_says_what_the_customer_page_shows(reports: Path, order: str, shown: str) -> None:
    text = cover(reports, order)
    assert shown in text, text
    assert "on-track" not in text.replace("written on-track", "")
