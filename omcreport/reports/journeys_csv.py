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
from omcreport.analyze.json_out import number
from omcreport.model import Content
from omcreport.output_files import create_file
from omcreport.site.links import spreadsheet_cell

FIXED_COLUMNS: tuple[str, ...] = (
    "order",
    "customer",
    "segment",
    "status",
    "started",
    "closed",
    "span_s",
    "lead_time_s",
    "unattended_s",
    "silence_s",
    "silence_stage",
    "on_time",
    "late_open",
    "value",
    "currency",
    "visits",
    "handoffs",
    "handoff_wait_s",
    "revisits",
    "back_steps",
    "customer_updates",
    "over_target",
    "path",
)


def columns(content: Content) -> list[str]:
    """The header: the fixed columns, then the time in each stage in catalogue order."""
    return [*FIXED_COLUMNS, *(f"time_in_{stage.key}_s" for stage in content.catalogue.stages)]


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
