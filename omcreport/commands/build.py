"""`omcreport build`: options only; the work is omcreport.build.build."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from omcreport.analyze.periods import Period, PeriodError, parse_period
from omcreport.asof import resolve_as_of_with_source
from omcreport.build import BuildOptions, build, build_steps, parse_jobs
from omcreport.diagnostics import github_lines, json_text, text_lines
from omcreport.errors import ContentError, Problem, UsageError
from omcreport.progress import Verbosity, step_progress


@click.command("build")
@click.argument("content_dir", default="content", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--site-dir",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Where the public site goes.",
)
@click.option(
    "--reports-dir",
    default="reports",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Where the internal reports go.",
)
@click.option("--only", type=click.Choice(["site", "reports"]), help="Build only the site or only the reports.")
@click.option(
    "--journey-pdfs",
    type=click.Choice(["followed", "all", "none"]),
    default="followed",
    show_default=True,
    help="Journey PDFs for journeys with followed_by, for all, or none.",
)
@click.option(
    "--as-of",
    "as_of_text",
    metavar="TIME",
    help="Reference time ('now'), e.g. 2026-11-25T12:00:00Z. Default: SOURCE_DATE_EPOCH, else the clock.",
)
@click.option(
    "--period",
    "period_text",
    metavar="PERIOD",
    help="Reports as they stood at the end of a month (2026-11), quarter (2026-Q4) or range "
    "(2026-11-01..2026-11-15, until exclusive), beside the previous one. The site ignores it.",
)
@click.option("--jobs", type=int, default=None, help="Worker processes. Default: the number of CPUs.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="How problems are printed: text on stderr, or GitHub annotations or JSON on stdout.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each step's time as it ends.")
def command(
    content_dir: Path,
    site_dir: Path,
    reports_dir: Path,
    only: str | None,
    journey_pdfs: str,
    as_of_text: str | None,
    period_text: str | None,
    jobs: int | None,
    strict: bool,
    output_format: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Validate CONTENT_DIR (default: content) and build the public site and the reports.

    The site goes to site/ and the reports (findings.pdf, findings.json, journeys.csv,
    journey PDFs, links.csv) to reports/. Both are written aside and swapped in whole: on any error
    the previous output is untouched.

    On stderr: the as-of and where it came from, then a progress bar on a terminal
    (one line per step when stderr is a log, as in CI), then warnings and a summary.

    \b
    Example:
      omcreport build content --as-of 2026-11-25T12:00:00Z --journey-pdfs all
    """
    if quiet and verbose:
        raise UsageError("-q and -v ask for opposite things; give one of them")
    verbosity: Verbosity = "quiet" if quiet else "verbose" if verbose else "normal"
    as_of = resolve_as_of_with_source(as_of_text)
    options = BuildOptions(
        content_dir=content_dir,
        site_dir=site_dir,
        reports_dir=reports_dir,
        only=only,  # type: ignore[arg-type]
        journey_pdfs=journey_pdfs,  # type: ignore[arg-type]
        as_of=as_of.moment,
        jobs=parse_jobs(jobs),
        period=_period(period_text),
        strict=strict,
    )
    try:
        with step_progress(build_steps(options), verbosity, header=as_of.line()) as progress:
            result = build(options, progress)
    except ContentError as error:
        _print(error.problems, output_format)
        raise
    if not (quiet and output_format == "text"):
        _print(result.warnings, output_format)
    click.echo(result.summary(), err=True)


def _period(text: str | None) -> Period | None:
    if text is None:
        return None
    try:
        return parse_period(text)
    except PeriodError as error:
        raise click.BadParameter(str(error).removeprefix(f"--period {text!r}: "), param_hint="--period") from None


def _print(problems: Sequence[Problem], output_format: str) -> None:
    if output_format == "json":
        click.echo(json_text(problems))
    elif output_format == "github":
        for line in github_lines(problems):
            click.echo(line)
    else:
        for line in text_lines(problems):
            click.echo(line, err=True)
