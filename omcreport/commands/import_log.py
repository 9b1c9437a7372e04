"""`omcreport import ocel|csv|parquet`: options only; the work is omcreport.importers.importer.import_log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from omcreport.importers.failure import ImportFailed
from omcreport.importers.importer import ImportReport, import_log


def _display(path: Path) -> str:
    """A path as the user sees it: relative to the current folder when it lies inside it."""
    try:
        return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except ValueError:
        return str(path)


def _run(kind: str, log: Path, mapping: Path, out: Path, limit: int | None) -> None:
    try:
        report = import_log(kind, log, mapping, out, limit=limit, display=_display, show_progress=sys.stderr.isatty())
    except ImportFailed as failure:
        for problem in failure.problems:
            click.echo(problem.as_text(), err=True)
        raise
    for problem in report.folder.problems:
        click.echo(problem.as_text(), err=True)
    click.echo(_summary(report, out), err=True)


def _summary(report: ImportReport, out: Path) -> str:
    folder = report.folder
    return (
        f"imported {report.imported} of {report.log_cases} cases ({report.log_events:,} events) into {_display(out)}: "
        f"{folder.new} new, {folder.updated} updated, {folder.merged} merged with hand edits, "
        f"{folder.unchanged} unchanged, {folder.untouched} left untouched"
        + (f"; {folder.minted} new public page(s) with a new token" if folder.minted else "")
        + (f"; {report.unassigned:,} events belong to no case" if report.unassigned else "")
    )


_LOG = click.argument("log", type=click.Path(path_type=Path, dir_okay=False))
_MAPPING = click.option(
    "--mapping",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The mapping file (YAML): case, stages, activities, departments (docs/import.md).",
)
_OUT = click.option(
    "--out",
    default="content/journeys",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="The journeys folder to write into.",
)
_LIMIT = click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Import only the first N cases (by case id).",
)


@click.group("import", context_settings={"help_option_names": ["-h", "--help"]})
def command() -> None:
    """Import an order event log (OCEL 2.0, CSV or Parquet) into journeys.

    Each case of the log becomes content/journeys/<order>.yaml. Re-importing keeps what
    people added by hand (notes, people, public pages, customer_in_view...) and updates
    only what came from the log; a file it cannot merge is reported and left untouched.

    \b
    Example:
      omcreport import ocel order-management.json.gz \\
        --mapping examples/ocel-order-management/mapping.yaml --out content/journeys
    """


@command.command("ocel")
@_LOG
@_MAPPING
@_OUT
@_LIMIT
def ocel(log: Path, mapping: Path, out: Path, limit: int | None) -> None:
    """Import an OCEL 2.0 log (JSON or XML, plain or gzip; or SQLite) into journeys.

    \b
    Example:
      omcreport import ocel order-management.json.gz \\
        --mapping examples/ocel-order-management/mapping.yaml --out content/journeys --limit 50
    """
    _run("ocel", log, mapping, out, limit)


@command.command("csv")
@_LOG
@_MAPPING
@_OUT
@_LIMIT
def csv(log: Path, mapping: Path, out: Path, limit: int | None) -> None:
    """Import a CSV event log (one event a row: case id, activity, timestamp...) into journeys.

    \b
    Example:
      omcreport import csv orders.csv --mapping examples/csv/mapping.yaml --out content/journeys
    """
    _run("csv", log, mapping, out, limit)


@command.command("parquet")
@_LOG
@_MAPPING
@_OUT
@_LIMIT
def parquet(log: Path, mapping: Path, out: Path, limit: int | None) -> None:
    """Import a Parquet event table (the columns of a CSV log, named by the mapping's `csv`
    section) into journeys. Needs pyarrow: pip install 'omcreport[parquet]'.

    \b
    Example:
      omcreport import parquet orders.parquet --mapping examples/csv/mapping.yaml --out content/journeys
    """
    _run("parquet", log, mapping, out, limit)
