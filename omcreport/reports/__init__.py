"""The executive reports: findings.json, findings.pdf and one PDF per followed journey.

The only part of omcreport that uses WeasyPrint, and only inside functions: importing
this package does not load it, so `omcreport check` never does.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from omcreport.analyze.periods import Period
    from omcreport.model import Content

__all__ = ["write_reports"]


def write_reports(
    content: Content,
    as_of: datetime,
    out_dir: Path,
    *,
    journey_pdfs: Literal["followed", "all", "none"] = "followed",
    jobs: int = 1,
    cache_dir: Path | None = None,
    period: Period | None = None,
) -> None:
    """Write `findings.json`, `findings.pdf` and `journeys/<order>.pdf` into `out_dir`.

    Journey PDFs for journeys with `followed_by` ("followed"), every journey ("all") or
    none; `jobs` worker processes render them (1: this process); a PDF whose render
    input is unchanged is copied from `cache_dir`. Any WeasyPrint warning fails the
    build with an `OmcError`.
    """
    from omcreport.reports.writer import build_reports

    build_reports(content, as_of, out_dir, journey_pdfs=journey_pdfs, jobs=jobs, cache_dir=cache_dir, period=period)
