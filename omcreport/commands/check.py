"""`omcreport check`: options only; the work is omcreport.load.load_content."""

from __future__ import annotations

import os
from pathlib import Path

import click

from omcreport.diagnostics import FORMATS, render, write_github_summary


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
def command(content_dir: Path, strict: bool, output_format: str) -> None:
    """Validate CONTENT_DIR (default: content) and report every problem with file:line:col.

    The text form ends with one line: the files read, then the errors and warnings and
    how many files they are in.

    Exit status: 0 ok, 1 errors in the content (or warnings with --strict), 2 usage.
    Never reads the clock and never loads the PDF engine, so it suits pre-commit and CI.

    \b
    Example:
      omcreport check content
      omcreport check --strict --format github content
    """
    from omcreport.load import load_content
    from omcreport.parse_cache import cache_root

    loaded = load_content(content_dir, cache_dir=cache_root() / "parse", build_model=False)
    problems = loaded.problems
    click.echo(render(problems, output_format, loaded.files_read))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary:
        try:
            write_github_summary(problems, Path(summary))
        except OSError as error:
            click.echo(f"omcreport: could not append to the job summary: {error.strerror}", err=True)
    failed = bool(loaded.errors) or (strict and bool(loaded.warnings))
    if failed:
        raise click.exceptions.Exit(1)
