"""`omcreport stats`: the headline figures of the findings report, as terminal tables.

The text is plain and stable (fixed row order, aligned columns, no colour), so two runs
can be diffed: the example pull-request workflow diffs the base branch against the head.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import click

from omcreport.analyze import Findings, Summary, findings, format_duration, format_rate
from omcreport.analyze.figures import figure
from omcreport.asof import check_as_of, resolve_as_of_with_source
from omcreport.errors import ContentError
from omcreport.load import load_content
from omcreport.model import Catalogue

TOP_HANDOFFS = 5
NO_DATA = "-"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned first column, right-aligned figures, two spaces between columns."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [cells[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)]


def label(path: str) -> str:
    return figure(path).label


def heading(path: str) -> str:
    """A figure's label as a column heading: lower case, like the statistics words beside it."""
    return label(path).lower()


def duration(seconds: Fraction | int | None) -> str:
    return NO_DATA if seconds is None else format_duration(seconds)


def summary_row(name: str, summary: Summary) -> list[str]:
    return [name, str(summary.n), duration(summary.median), duration(summary.p90), duration(summary.max)]


def bottleneck_text(figures: Findings, catalogue: Catalogue) -> str:
    if figures.bottleneck is None:
        return "none (no stage with a target has 3 or more journeys)"
    stage = figures.stage(figures.bottleneck)
    target = catalogue[figures.bottleneck].target
    return (
        f"{catalogue[figures.bottleneck].name} ({figures.bottleneck}): median {duration(stage.time.median)} "
        f"against a target of {duration(target)}, n = {stage.n}"
    )


def render_stats(figures: Findings, catalogue: Catalogue) -> str:
    lines = [f"Findings as of {figures.as_of.isoformat()}", "", f"{label('journeys')}  {figures.journeys}", ""]
    lines += table(
        ["Duration", "n", "median", "p90", "max"],
        [
            summary_row(label("lead_time"), figures.lead_time),
            summary_row(label("journey_span"), figures.journey_span),
            summary_row(label("unattended"), figures.unattended),
            summary_row(label("silence"), figures.silence),
        ],
    )
    lines += [""]
    lines += table(
        ["Promises", "kept"],
        [
            [label("on_time"), format_rate(figures.on_time.rate, figures.on_time.n)],
            [label("due_kept"), format_rate(figures.due_kept.rate, figures.due_kept.n)],
        ],
    )
    lines += ["", f"{label('bottleneck')}  {bottleneck_text(figures, catalogue)}", ""]
    stage_rows = [
        [
            stage.stage,
            str(stage.n),
            duration(stage.time.median),
            duration(stage.target),
            NO_DATA if stage.breach_rate is None else format_rate(stage.breach_rate, stage.n),
        ]
        for stage in figures.stages
        if stage.n > 0
    ]
    lines += table(
        ["Stage", "n", "median time", heading("stages.*.target"), heading("stages.*.breach_rate")], stage_rows
    )
    lines += [""]
    handoff_rows = [
        [f"{handoff.from_owner} -> {handoff.to_owner}", str(handoff.count), duration(handoff.wait_median)]
        for handoff in figures.handoffs[:TOP_HANDOFFS]
    ]
    if handoff_rows:
        lines += table(
            [f"Top handoffs (of {len(figures.handoffs)})", "count", heading("handoffs[].wait_median")], handoff_rows
        )
    else:
        lines += ["Top handoffs  none"]
    return "\n".join(lines) + "\n"


@click.command("stats")
@click.argument("content_dir", default="content", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--as-of",
    "as_of_text",
    metavar="TIME",
    help="Reference time ('now'), e.g. 2026-11-25T12:00:00Z. Default: SOURCE_DATE_EPOCH, else the clock.",
)
def command(content_dir: Path, as_of_text: str | None) -> None:
    """Print the headline figures of the findings report for CONTENT_DIR (default: content).

    Journeys; lead time, journey span, unattended time and silence (n, median, p90,
    max); on-time and due-kept rates; the bottleneck; time per stage; the top
    handoffs. A quick look without building the PDF. Content errors are printed like
    `omcreport check` prints them, and the exit status is 1.

    \b
    Example:
      omcreport stats content --as-of 2026-11-25T12:00:00Z
    """
    resolved = resolve_as_of_with_source(as_of_text)
    as_of = resolved.moment
    click.echo(resolved.line(), err=True)
    loaded = load_content(content_dir)
    for problem in loaded.problems:
        click.echo(problem.as_text(), err=True)
    if loaded.content is None:
        raise ContentError(list(loaded.problems))
    check_as_of(loaded.content, as_of)
    click.echo(render_stats(findings(loaded.content, as_of), loaded.content.catalogue), nl=False)
