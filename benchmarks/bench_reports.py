"""The executive reports: `omcreport build --only reports` on generated content.

- the findings report (findings.json, journeys.csv and findings.pdf, no journey PDFs)
  for 2,000 and 10,000 journeys: time, the reports' share of it, pages, peak memory;
- 200 journey PDFs (and the findings report) from an empty render cache, with 1 and
  with 2 worker processes;
- a rebuild with nothing changed (every PDF comes from the cache);
- a rebuild after one journey changed (one journey PDF and the findings report render).

Each build is the real CLI in a subprocess with its own XDG_CACHE_HOME. Besides wall time
each row reports `cpu_s`, the CPU seconds of the build and its worker processes: on a
shared machine wall time measures the neighbours as much as the build.
OMC_BENCH_FINDINGS_JOURNEYS (comma-separated) and OMC_BENCH_PDF_JOURNEYS override the
counts for a trial.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import tempfile
from pathlib import Path

from pypdf import PdfReader

from benchmarks.generate import generate
from benchmarks.run import Measurement, Report, measure_command

# The findings report at two sizes: it must stay within 40 pages and 30 s at 10,000.
FINDINGS_JOURNEYS = [int(n) for n in os.environ.get("OMC_BENCH_FINDINGS_JOURNEYS", "2000,10000").split(",")]
PDF_JOURNEYS = int(os.environ.get("OMC_BENCH_PDF_JOURNEYS", "200"))
# Later than every moment the generator writes, so the as-of check passes.
AS_OF = "2026-09-01T00:00:00Z"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_reports(project: Path, cache_home: Path, *, journey_pdfs: str, jobs: int) -> tuple[Measurement, float]:
    command = shutil.which("omcreport") or "omcreport"
    argv = [
        command,
        "build",
        "content",
        "--only",
        "reports",
        "--journey-pdfs",
        journey_pdfs,
        "--jobs",
        str(jobs),
        "--as-of",
        AS_OF,
    ]
    before = children_cpu()
    result = measure_command(argv, cwd=project, env={**os.environ, "XDG_CACHE_HOME": str(cache_home)})
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-2000:]
        raise RuntimeError(f"omcreport build exited {result.returncode} on generated content:\n{tail}")
    return result, round(children_cpu() - before, 1)


def reports_seconds(stderr: str) -> float | None:
    """The build's own time for the reports ("... reports 7.38 s)"), without loading."""
    match = re.search(r"reports (\d+(?:\.\d+)?) s\)", stderr)
    return float(match[1]) if match else None


def pdf_count(project: Path) -> int:
    return sum(1 for _ in (project / "reports").rglob("*.pdf"))


def change_one_journey(project: Path) -> None:
    first = sorted((project / "content" / "journeys").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("\ntitle: ", "\ntitle: (revised) ", 1), encoding="utf-8")


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="omc-bench-reports-") as scratch:
        for journeys in FINDINGS_JOURNEYS:
            big = Path(scratch) / f"findings-{journeys}"
            generate(big / "content", journeys, seed=0)
            findings, cpu = build_reports(big, big / "cache", journey_pdfs="none", jobs=1)
            report(
                f"findings report, {journeys} journeys",
                findings.seconds,
                findings.peak_mb,
                cpu_s=cpu,
                journeys=journeys,
                reports_s=reports_seconds(findings.stderr),
                pages=len(PdfReader(big / "reports" / "findings.pdf").pages),
            )

        project = Path(scratch) / "journeys"
        generate(project / "content", PDF_JOURNEYS, seed=0)
        for jobs in (1, 2):
            cold, cpu = build_reports(project, project / f"cache-{jobs}", journey_pdfs="all", jobs=jobs)
            report(
                f"journey PDFs from scratch, {jobs} job{'s' if jobs > 1 else ''}",
                cold.seconds,
                cold.peak_mb,
                cpu_s=cpu,
                journeys=PDF_JOURNEYS,
                pdfs=pdf_count(project),
                jobs=jobs,
            )

        unchanged, cpu = build_reports(project, project / "cache-2", journey_pdfs="all", jobs=2)
        report(
            "rebuild, nothing changed",
            unchanged.seconds,
            unchanged.peak_mb,
            cpu_s=cpu,
            journeys=PDF_JOURNEYS,
            pdfs=pdf_count(project),
            jobs=2,
        )

        change_one_journey(project)
        one, cpu = build_reports(project, project / "cache-2", journey_pdfs="all", jobs=2)
        report(
            "rebuild, one journey changed",
            one.seconds,
            one.peak_mb,
            cpu_s=cpu,
            journeys=PDF_JOURNEYS,
            pdfs=pdf_count(project),
            jobs=2,
        )
