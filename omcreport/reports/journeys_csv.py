"""journeys.csv: every per-journey figure of the findings, one row per journey.

The findings PDF shows top lists; this file is the full table behind them, for a
spreadsheet. UTF-8 with a byte order mark (so Excel reads it as UTF-8 when opened as
is), and formula-safe: a cell a spreadsheet could run as a formula starts with `'`.
Durations are raw seconds, as in findings.json.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from omcreport.analyze import Findings, JourneyFigures, Seconds
from omcreport.analyze.fades import silence_stage
from omcreport.analyze.figures import figure
from omcreport.analyze.json_out import number
from omcreport.model import Content
from omcreport.output_files import create_file
from omcreport.site.links import spreadsheet_cell


def _column(key: str) -> str:
    """A per-journey figure's column, from the figure registry."""
    return figure(f"per_journey[].{key}").csv_column


# The figures of findings.json's per_journey, and beside them what only this table carries.
FIXED_COLUMNS: tuple[str, ...] = (
    _column("order"),
    "customer",
    "segment",
    _column("status"),
    _column("start"),
    _column("closed"),
    _column("span"),
    _column("lead_time"),
    _column("unattended"),
    _column("silence"),
    "silence_stage",
    _column("on_time"),
    "late_open",
    "value",
    "currency",
    _column("visits"),
    _column("handoffs"),
    "handoff_wait_s",
    _column("revisits"),
    _column("back_steps"),
    _column("customer_updates"),
    _column("breaches"),
    _column("path"),
)


def columns(content: Content) -> list[str]:
    """The header: the fixed columns, then the time in each stage in catalogue order."""
    per_stage = _column("time_in_stage")
    return [*FIXED_COLUMNS, *(per_stage.format(stage=stage.key) for stage in content.catalogue.stages)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rows(content: Content, figures: Findings) -> Iterator[list[str]]:
    journeys = {journey.order: journey for journey in content.journeys}
    stages = [stage.key for stage in content.catalogue.stages]
    for j in figures.per_journey:
        journey = journeys[j.order]
        values: list[object] = [
            j.order,
            journey.customer.display_name,
            journey.customer.segment,
            j.status,
            j.start.isoformat(),
            j.closed.isoformat() if j.closed is not None else None,
            number(j.span),
            number(j.lead_time),
            number(j.unattended),
            number(j.silence.seconds),
            silence_stage(j, content.catalogue),
            j.on_time,
            j.late_open,
            f"{journey.value.amount:f}" if journey.value is not None else None,
            journey.value.currency if journey.value is not None else None,
            len(j.visits),
            len(j.handoffs),
            number(_handoff_wait(j)),
            j.revisits,
            j.back_steps,
            len(j.customer_updates),
            " ".join(j.breaches),
            " > ".join(j.path),
            *(number(j.time_in_stage(key)) for key in stages),
        ]
        yield [spreadsheet_cell(_text(value)) for value in values]


def _handoff_wait(j: JourneyFigures) -> Seconds:
    total: Seconds = 0
    for handoff in j.handoffs:
        total += handoff.wait
    return total


def journeys_csv(content: Content, figures: Findings) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(content))
    writer.writerows(_rows(content, figures))
    return buffer.getvalue().encode("utf-8-sig")


def write_journeys_csv(content: Content, figures: Findings, path: Path) -> None:
    """Create journeys.csv in the build's staged reports tree (swapped in whole)."""
    create_file(path, journeys_csv(content, figures))
