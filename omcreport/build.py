"""The build, as a straight script of named steps.

0. claim the outputs: refuse any the tool must not replace (omcreport.output), before
   any work;
1. load and validate the content folder (all problems, one run);
2. fix the reference time (as-of), check it against the content, and warn where a
   customer page corrects or admits something (a late order shown as delayed, an overdue
   update);
3. write the public site into a staging folder beside `site/`;
4. write the reports (and links.csv) into a staging folder beside `reports/`;
5. swap both in whole, each checked complete and under its output's lock: nothing is
   half-written, and on any error the previous output stays as it was.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from omcreport.analyze.periods import Period
from omcreport.asof import check_as_of, resolve_as_of
from omcreport.build_manifest import (
    inputs_digest,
    manifest_path,
    outputs_digest,
    problem_records,
    problems_from,
    read_manifest,
    write_manifest,
)
from omcreport.cache import cache_root, limit_bytes, prune_if_due
from omcreport.errors import ContentError, OmcError, Problem
from omcreport.output import check_separate, claim_output, copy_previous, output_lock, staged_tree
from omcreport.output_names import CHANGES_JSON, FINDINGS_JSON, FINDINGS_PDF, JOURNEYS_CSV, LINKS_CSV
from omcreport.progress import NoProgress, StepProgress
from omcreport.wording import count_noun
from omcreport.workers import available_cores

__all__ = ["BuildOptions", "BuildResult", "build", "build_steps", "cache_root", "resolve_as_of"]

JourneyPdfs = Literal["followed", "all", "none"]


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path
    site_dir: Path = Path("site")
    reports_dir: Path = Path("reports")
    only: Literal["site", "reports"] | None = None
    journey_pdfs: JourneyPdfs = "followed"
    as_of: datetime | None = None
    jobs: int = 1
    strict: bool = False
    preview: bool = False
    period: Period | None = None  # the reports as they stood at its end (the site ignores it)


@dataclass(frozen=True)
class BuildResult:
    as_of: datetime
    warnings: tuple[Problem, ...]
    site_written: bool
    reports_written: bool
    journeys: int
    public_pages: int
    seconds: float
    retired_pages: int = 0
    unchanged: bool = False  # nothing to do: inputs and outputs as the last build left them
    changed_orders: int | None = None  # orders listed in changes.json; None: no site written
    steps: tuple[tuple[str, float], ...] = field(default=())
    period: Period | None = None

    def summary(self) -> str:
        parts = [count_noun(self.journeys, "journey")]
        if self.site_written:
            notes = [f"{self.changed_orders} changed"] if self.changed_orders else []
            notes += [f"{self.retired_pages} retired"] if self.retired_pages else []
            parts.append(count_noun(self.public_pages, "tracking page") + (f" ({', '.join(notes)})" if notes else ""))
        if self.reports_written:
            parts.append(f"reports for {self.period.label}" if self.period is not None else "reports")
        if self.unchanged:
            return (
                f"unchanged since the last build: {', '.join(parts)} as of {self.as_of.isoformat()} "
                f"kept as they are (checked in {self.seconds:.2f} s)"
            )
        timings = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.steps)
        return f"built {', '.join(parts)} as of {self.as_of.isoformat()} in {self.seconds:.2f} s ({timings})"


def build_steps(options: BuildOptions) -> tuple[str, ...]:
    """The steps a build of these options reports to its progress, in order."""
    return (
        ("load",)
        + (("site",) if options.only in (None, "site") else ())
        + (("reports",) if options.only in (None, "reports") else ())
    )


def build(options: BuildOptions, progress: StepProgress | None = None) -> BuildResult:
    started = time.perf_counter()
    steps: list[tuple[str, float]] = []
    shown = progress if progress is not None else NoProgress()

    def step_done(name: str, since: float) -> float:
        now = time.perf_counter()
        steps.append((name, now - since))
        shown.end(name, now - since)
        return now

    write_site = options.only in (None, "site")
    write_reports = options.only in (None, "reports")
    # Every build writes reports/ (links.csv at least); the site only when asked.
    claimed = [(options.site_dir, "--site-dir")] if write_site else []
    claimed.append((options.reports_dir, "--reports-dir"))
    for target, option in claimed:
        claim_output(target, content_dir=options.content_dir, option=option)
    check_separate(options.site_dir, options.reports_dir)
    cache = cache_root()
    cache_limit = limit_bytes()
    shown.start()

    as_of = options.as_of if options.as_of is not None else resolve_as_of(None)
    folders = [target for target, _ in claimed]
    manifest = manifest_path(cache, folders)
    inputs = inputs_digest(options.content_dir, _settings(options, as_of))
    unchanged = _unchanged(options, manifest, inputs, claimed, as_of, started)
    if unchanged is not None:
        return unchanged
    # Imported only here: a build that finds nothing changed never needs them, and their
    # import (the theme engine, Markdown, the sanitiser) is a fifth of such a build's time.
    from omcreport.importers.manifest import minted_orders
    from omcreport.load import load_content
    from omcreport.reports import write_reports as render_reports
    from omcreport.site import planned_files, write_links_csv
    from omcreport.site import write_site as render_site
    from omcreport.site.changes import published_status, write_changes
    from omcreport.site.page_warnings import page_warnings
    from omcreport.site.retention import without_retired_pages

    mark = time.perf_counter()
    shown.begin("load")
    loaded = load_content(options.content_dir, cache_dir=cache / "parse", jobs=options.jobs)
    if loaded.content is None:
        raise ContentError(list(loaded.problems))
    content = loaded.content
    mark = step_done("load", mark)

    check_as_of(content, as_of)
    # The site, links.csv and the page warnings see only the pages still published; the
    # reports see every journey.
    published, retired_pages = without_retired_pages(content, as_of)
    on_pages = page_warnings(published, as_of)
    warnings = tuple(p for p in loaded.problems if p.severity == "warning") + tuple(on_pages)
    if options.strict and warnings:
        raise ContentError([*loaded.problems, *on_pages])

    site_required = planned_files(published) if write_site else []
    reports_required = [LINKS_CSV] + ([CHANGES_JSON] if write_site else [])
    reports_required += [FINDINGS_JSON, JOURNEYS_CSV, FINDINGS_PDF] if write_reports else []

    changed_orders: int | None = None
    recorded_outputs: list[str | None] = []
    with ExitStack() as outputs:
        # Locks always in this order (site, then reports), so two builds never deadlock.
        for target, _ in claimed:
            outputs.enter_context(output_lock(target))
        # Runs after both swaps and before the locks are released: the trees as left.
        outputs.callback(lambda: recorded_outputs.append(outputs_digest(folders)))
        site_staging = (
            outputs.enter_context(
                staged_tree(options.site_dir, required=site_required, kept_by_writer=True, reuse_folders=True)
            )
            if write_site
            else None
        )
        # What the site being replaced publishes, read under its lock before the swap.
        previous = published_status(options.site_dir) if site_staging is not None else None
        if site_staging is not None:
            shown.begin("site")
            render_site(
                published,
                as_of,
                site_staging,
                jobs=options.jobs,
                cache_dir=cache / "site",
                preview=options.preview,
                previous=options.site_dir if options.site_dir.is_dir() else None,
            )
            mark = step_done("site", mark)
        reports_staging = outputs.enter_context(staged_tree(options.reports_dir, required=reports_required))
        if write_reports:
            shown.begin("reports")
            render_reports(
                content,
                as_of,
                reports_staging,
                journey_pdfs=options.journey_pdfs,
                jobs=options.jobs,
                cache_dir=cache / "reports",
                period=options.period,
            )
            mark = step_done("reports", mark)
        else:
            copy_previous(options.reports_dir, reports_staging, rewritten=reports_required)
        # Orders whose token the last import made come first: the links staff have yet to send.
        write_links_csv(published, reports_staging / LINKS_CSV, minted_orders(options.content_dir / "journeys"))
        if site_staging is not None:
            changed_orders = write_changes(published, as_of, previous, site_staging, reports_staging / CHANGES_JSON)
    # Leaving the stack swapped reports, then site, in whole, then released the locks.

    result = BuildResult(
        as_of=as_of,
        warnings=warnings,
        site_written=write_site,
        reports_written=write_reports,
        journeys=len(content.journeys),
        public_pages=sum(1 for journey in published.journeys if journey.public is not None),
        retired_pages=retired_pages,
        changed_orders=changed_orders,
        seconds=time.perf_counter() - started,
        steps=tuple(steps),
        period=options.period if write_reports else None,
    )
    write_manifest(manifest, inputs, recorded_outputs[0], _record(result))
    prune_if_due(cache_limit)
    return result


def _settings(options: BuildOptions, as_of: datetime) -> dict[str, str]:
    """What besides the content decides the outputs (not --jobs: outputs are the same for any)."""
    return {
        "as_of": as_of.isoformat(),
        "only": str(options.only),
        "journey_pdfs": options.journey_pdfs,
        "strict": str(options.strict),
        "preview": str(options.preview),
        "period": repr(options.period),
        "site_dir": str(options.site_dir.resolve()),
        "reports_dir": str(options.reports_dir.resolve()),
    }


def _record(result: BuildResult) -> dict[str, Any]:
    return {
        "journeys": result.journeys,
        "public_pages": result.public_pages,
        "retired_pages": result.retired_pages,
        "changed_orders": result.changed_orders,
        "warnings": problem_records(result.warnings),
    }


def _unchanged(
    options: BuildOptions,
    manifest: Path,
    inputs: str | None,
    claimed: list[tuple[Path, str]],
    as_of: datetime,
    started: float,
) -> BuildResult | None:
    """The last build's result when its inputs and outputs are exactly these
    (omcreport.build_manifest), and its change feed listed nothing (so that keeping it
    never tells a customer of a change twice); else None."""
    with ExitStack() as locks:
        for target, _ in claimed:
            locks.enter_context(output_lock(target))
        recorded = read_manifest(manifest, inputs, lambda: outputs_digest([target for target, _ in claimed]))
    if recorded is None or recorded.get("changed_orders"):
        return None
    return BuildResult(
        as_of=as_of,
        warnings=problems_from(recorded.get("warnings")),
        site_written=options.only in (None, "site"),
        reports_written=options.only in (None, "reports"),
        journeys=int(recorded.get("journeys", 0)),
        public_pages=int(recorded.get("public_pages", 0)),
        retired_pages=int(recorded.get("retired_pages", 0)),
        changed_orders=recorded.get("changed_orders"),
        seconds=time.perf_counter() - started,
        period=options.period if options.only in (None, "reports") else None,
        unchanged=True,
    )


def parse_jobs(value: int | None) -> int:
    if value is None:
        return available_cores()
    if value < 1:
        raise OmcError("--jobs must be at least 1")
    return value
