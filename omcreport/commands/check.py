"""`omcreport check`: options only; the work is omcreport.load.load_content."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click

from omcreport.diagnostics import FORMATS, render, write_github_summary
from omcreport.errors import Problem


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    from omcreport.asof import parse_as_of_or_now

    return parse_as_of_or_now(text)


def _position(problem: Problem) -> tuple[str, int, int]:
    return (problem.path, problem.line, problem.col)


@click.command("check")
@click.argument("content_dir", default="content", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line:col lines; github: workflow commands (and the job summary); json: a list.",
)
@click.option(
    "--as-of",
    "as_of_text",
    metavar="WHEN",
    help="Also check as a build as of WHEN would (a time with offset, or `now`): moments written as "
    "happened after it are errors, late and overdue pages warnings.",
)
def command(content_dir: Path, strict: bool, output_format: str, as_of_text: str | None) -> None:
    """Validate CONTENT_DIR (default: content) and report every problem with file:line:col.

    The text form ends with one line: the files read, then the errors and warnings and
    how many files they are in.

    Exit status: 0 ok, 1 errors in the content (or warnings with --strict), 2 usage.
    Never reads the clock (unless told `--as-of now`) and never loads the PDF engine, so
    it suits pre-commit and CI. With `--as-of now` it flags what a publish build run now
    would refuse: a notice or event written in the future, an order its page calls late.

    \b
    Example:
      omcreport check content
      omcreport check --strict --format github content
      omcreport check --as-of now content
    """
    from omcreport.cache import cache_root
    from omcreport.load import load_content
    from omcreport.workers import available_cores

    as_of = _as_of(as_of_text)
    loaded = load_content(
        content_dir, cache_dir=cache_root() / "parse", build_model=as_of is not None, jobs=available_cores()
    )
    problems = loaded.problems
    if as_of is not None and loaded.content is not None:
        from omcreport.clock_checks import clock_problems

        problems = tuple(sorted((*problems, *clock_problems(loaded.content, as_of)), key=_position))
    click.echo(render(problems, output_format, loaded.files_read))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary:
        try:
            write_github_summary(problems, Path(summary))
        except OSError as error:
            click.echo(f"omcreport: could not append to the job summary: {error.strerror}", err=True)
    errors = any(problem.severity == "error" for problem in problems)
    warnings = any(problem.severity == "warning" for problem in problems)
    failed = errors or (strict and warnings)
    if failed:
        raise click.exceptions.Exit(1)
