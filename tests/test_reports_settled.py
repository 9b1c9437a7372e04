"""A closed journey's PDF does not change when the as-of moves on: it is rendered as of
the journey's last moment (its cover says the figures are final), so a later build gives
the same bytes and takes it from the cache. An open journey's PDF follows the as-of."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import MINI, run_omcreport


def _build(work: Path, as_of: str) -> dict[str, bytes]:
    built = run_omcreport(work, "build", "content", "--only", "reports", "--journey-pdfs", "all", "--as-of", as_of)
    assert built.returncode == 0, built.stderr
    return {pdf.stem: pdf.read_bytes() for pdf in sorted((work / "reports" / "journeys").iterdir())}


def test_closed_journey_pdfs_stay_the_same_as_the_as_of_moves(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "content")
    first = _build(tmp_path, "2026-11-25T12:00:00Z")
    statuses = {
        row["order"]: row["status"]
        for row in json.loads((tmp_path / "reports" / "findings.json").read_text(encoding="utf-8"))["per_journey"]
    }
    closed = {order for order, status in statuses.items() if status != "open"}
    assert closed and closed != set(statuses)  # the fixture has both kinds
    later = _build(tmp_path, "2026-12-20T12:00:00Z")
    for order in statuses:
        assert (first[order] == later[order]) == (order in closed), order
    for order in closed:
        cover = subprocess.run(
            ["pdftotext", "-l", "1", str(tmp_path / "reports" / "journeys" / f"{order}.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "these figures are final" in " ".join(cover.split())
