"""The executive reports: `omcreport build --only reports` on generated content.

- the findings report (findings.json and findings.pdf, no journey PDFs) for 2,000
  journeys: time and peak memory;
- 200 journey PDFs (and the findings report) from an empty render cache, with 1 and
  with 2 worker processes;
- a rebuild with nothing changed (every PDF comes from the cache);
- a rebuild after one journey changed (one journey PDF and the findings report render).

Each build is the real CLI in a subprocess with its own XDG_CACHE_HOME. Besides wall time
each row reports `cpu_s`, the CPU seconds of the build and its worker processes: on a
shared machine wall time measures the neighbours as much as the build.
OMC_BENCH_FINDINGS_JOURNEYS and OMC_BENCH_PDF_JOURNEYS override the counts for a trial.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import Measurement, Report, measure_command

FINDINGS_JOURNEYS = int(os.environ.get("OMC_BENCH_FINDINGS_JOURNEYS", "2000"))
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


def pdf_count(project: Path) -> int:
    return sum(1 for _ in (project / "reports").rglob("*.pdf"))


def change_one_journey(project: Path) -> None:
    first = sorted((project / "content" / "journeys").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("\ntitle: ", "\ntitle: (revised) ", 1), encoding="utf-8")


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="omc-bench-reports-") as scratch:
        big = Path(scratch) / "findings"
        generate(big / "content", FINDINGS_JOURNEYS, seed=0)
        findings, cpu = build_reports(big, big / "cache", journey_pdfs="none", jobs=1)
        report(
            "findings report",
            findings.seconds,
            findings.peak_mb,
            cpu_s=cpu,
            journeys=FINDINGS_JOURNEYS,
            pdfs=pdf_count(big),
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
