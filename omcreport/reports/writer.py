"""Write the reports folder: findings.json, journeys.csv, findings.pdf and the journey PDFs."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from omcreport.analyze import findings, findings_json
from omcreport.analyze.periods import Period, period_content, previous
from omcreport.errors import UsageError
from omcreport.model import Content, Journey
from omcreport.output_files import create_file
from omcreport.output_names import FINDINGS_JSON, FINDINGS_PDF, JOURNEY_PDF_FOLDER, JOURNEYS_CSV, journey_pdf
from omcreport.reports import formatting as fmt
from omcreport.reports.findings_view import findings_document
from omcreport.reports.headline import Comparison
from omcreport.reports.journey_view import journey_document
from omcreport.reports.journeys_csv import write_journeys_csv
from omcreport.reports.render_pool import RenderJob, RenderStats, render_all
from omcreport.reports.templating import render_html
from omcreport.reports.theme import theme_dir

JourneyPdfs = Literal["followed", "all", "none"]
JOURNEY_PDF_CHOICES: tuple[str, ...] = ("followed", "all", "none")


def build_reports(
    content: Content,
    as_of: datetime,
    out_dir: Path,
    *,
    journey_pdfs: JourneyPdfs = "followed",
    jobs: int = 1,
    cache_dir: Path | None = None,
    period: Period | None = None,
) -> RenderStats:
    """Write `findings.json`, `journeys.csv`, `findings.pdf` and `journeys/<order>.pdf` into `out_dir`.

    `journey_pdfs`: journeys with `followed_by` ("followed"), every journey ("all") or
    none. PDFs are rendered by `jobs` worker processes (1: in this process) and reused
    from `cache_dir` when their render input has not changed.
    """
    if journey_pdfs not in JOURNEY_PDF_CHOICES:
        raise UsageError(f"--journey-pdfs {journey_pdfs!r}: expected one of {', '.join(JOURNEY_PDF_CHOICES)}")
    folder = theme_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    comparison = None
    document: dict[str, object]
    if period is None:
        figures = findings(content, as_of)
        document = findings_json(figures)
    else:
        # The findings as they stood at the period's end, over the journeys active in it.
        now, everything = as_of, content
        content, as_of = period_content(everything, period, now)
        figures = findings(content, as_of)
        before = previous(period)
        previous_content, previous_end = period_content(everything, before, now)
        previous_figures = findings(previous_content, previous_end)
        zone = ZoneInfo(content.site.timezone)
        document = findings_json(figures)
        document["period"] = {
            "from": period.start(zone).isoformat(),
            "until": period.end(zone).isoformat(),
            "previous": {
                **findings_json(previous_figures),
                "from": before.start(zone).isoformat(),
                "until": before.end(zone).isoformat(),
            },
        }
        comparison = Comparison(fmt.period(period), fmt.period(before), previous_figures)
    _write_json(out_dir / FINDINGS_JSON, document)
    write_journeys_csv(content, figures, out_dir / JOURNEYS_CSV)

    meta, context = findings_document(content, figures, as_of, comparison)
    findings_html = render_html(folder, "findings.html", meta, context)
    render_jobs = [RenderJob(FINDINGS_PDF, findings_html, out_dir / FINDINGS_PDF)]
    chosen = _journeys_to_render(content, journey_pdfs)
    if chosen:
        (out_dir / JOURNEY_PDF_FOLDER).mkdir(exist_ok=True)
    per_journey = {j.order: j for j in figures.per_journey}
    for journey in chosen:
        journey_meta, journey_context = journey_document(journey, per_journey[journey.order], content, as_of)
        target = _journey_target(out_dir, journey.order)
        html = render_html(folder, "journey.html", journey_meta, {"j": journey_context})
        render_jobs.append(RenderJob(journey_pdf(journey.order), html, target))
    return render_all(render_jobs, folder, workers=max(1, jobs), cache_dir=cache_dir)


def _journeys_to_render(content: Content, journey_pdfs: str) -> list[Journey]:
    if journey_pdfs == "none":
        return []
    if journey_pdfs == "all":
        return list(content.journeys)
    return [journey for journey in content.journeys if journey.followed_by]


def _journey_target(out_dir: Path, order: str) -> Path:
    """`journeys/<order>.pdf`; the order is a validated token, and the path is checked
    to stay inside the output folder all the same."""
    folder = (out_dir / JOURNEY_PDF_FOLDER).resolve()
    target = (folder / f"{order}.pdf").resolve()
    if target.parent != folder:
        raise UsageError(f"order {order!r} does not make a file name inside the reports folder")
    return target


def _write_json(path: Path, data: object) -> None:
    create_file(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
