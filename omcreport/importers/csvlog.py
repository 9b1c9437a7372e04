"""Read a flat CSV event log (one event a row) into cases.

The mapping names the columns: case id, activity and timestamp are required; resource,
role, customer and event id are optional. A timestamp without a UTC offset is an error
unless the mapping's `csv.timezone` says which zone the log was written in. Without an
event id column, an event's id is its line number, so ties in time keep the file's order.

UTF-8 with or without a byte order mark, and UTF-16 with one (Excel's "Unicode text"),
are read; lines may end with LF, CRLF or CR, mixed, and line numbers count them all.
A mapped cell holding a character a content file may not (FORMAT.md) is refused at its
line, naming the column; a row whose field count is off because of a character some
tools show as a line end (NEL, U+2028) says so.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from omcreport import characters, limits
from omcreport.errors import Problem
from omcreport.importers.eventlog import Case, CaseEvent, EventLog, LogEvent, parse_time
from omcreport.importers.failure import ImportFailed, count_budget, error
from omcreport.importers.logbytes import read_log_bytes
from omcreport.importers.mapping import CsvSettings

if TYPE_CHECKING:
    from _csv import Reader


def read_csv_log(
    path: Path, display_path: str, settings: CsvSettings, attribute_names: frozenset[str] = frozenset()
) -> EventLog:
    """The cases of the log; ImportFailed with every problem found otherwise. The cells of the
    columns in `attribute_names` (what the mapping's `order` section and notes read) are each
    event's attributes."""
    data = read_log_bytes(path, display_path)
    text = _decoded(data, display_path)
    del data
    problems: list[Problem] = []
    log = _read_rows(text, display_path, settings, problems, attribute_names)
    if problems or log is None:
        raise ImportFailed(problems)
    return log


def _decoded(data: bytes, display_path: str) -> str:
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        if encoding == "utf-16":
            message = "the log starts as UTF-16 (its byte order mark) but is not UTF-16; save the log as UTF-8"
        else:
            message = f"byte 0x{data[failure.start]:02X} is not UTF-8; save the log as UTF-8"
        raise ImportFailed([error(display_path, line, 1, "OMC901", message)]) from None


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# What str.splitlines() and some editors take for a line end but CSV does not.
_OTHER_LINE_ENDS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _read_rows(
    text: str, path: str, settings: CsvSettings, problems: list[Problem], attribute_names: frozenset[str]
) -> EventLog | None:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=settings.delimiter, strict=True)
    try:
        header = next(rows, None)
    except csv.Error as failure:
        problems.append(error(path, 1, 1, "OMC901", f"not CSV: {failure}"))
        return None
    if header is None:
        problems.append(error(path, 1, 1, "OMC902", "the log is empty; the first line names the columns"))
        return None
    columns = column_indexes(header, settings, path, problems)
    if columns is None:
        return None
    log = rows_to_log(_numbered_rows(rows, path, problems), header, columns, path, settings, problems, attribute_names)
    if log is not None and log.events == 0:
        problems.append(error(path, 1, 1, "OMC902", "the log has a header but no events"))
        return None
    return log


def _numbered_rows(rows: Reader, path: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts at; a broken quote ends the log with a problem."""
    line = 1
    while True:
        start_line = line + 1
        try:
            row = next(rows, None)
        except csv.Error as failure:
            problems.append(error(path, rows.line_num, 1, "OMC901", f"not CSV: {failure}"))
            return
        line = rows.line_num
        if row is None:
            return
        yield start_line, row


def rows_to_log(
    rows: Iterable[tuple[int, list[str]]],
    header: list[str],
    columns: dict[str, int],
    path: str,
    settings: CsvSettings,
    problems: list[Problem],
    attribute_names: frozenset[str] = frozenset(),
) -> EventLog | None:
    """The cases of an event table, one event a row (CSV lines, Parquet rows), each row
    numbered for messages; None when any problem was found. The cells of the columns in
    `attribute_names` (what the mapping's `order` section and notes read) are each event's
    attributes."""
    naive_zone = zoneinfo.ZoneInfo(settings.timezone) if settings.timezone else None
    names = [name.strip() for name in header]
    extra = [(sys.intern(name), index) for index, name in enumerate(names) if name in attribute_names]
    columns = {**columns, **{f"attribute:{name}": index for name, index in extra}}
    cases: dict[str, Case] = {}
    end = None
    count = 0
    seen_ids: dict[str, int] = {}
    for start_line, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue
        count += 1
        if count > limits.MAX_LOG_EVENTS:
            problems.append(count_budget(path, start_line, "events", limits.MAX_LOG_EVENTS))
            return None
        if len(row) != len(header):
            message = f"{len(row)} fields where the header has {len(header)}{_line_end_hint(row)}"
            problems.append(error(path, start_line, 1, "OMC902", message))
            continue
        refusal = _forbidden_character(row, columns, header)
        if refusal is not None:
            problems.append(error(path, start_line, 1, "OMC908", refusal))
            continue
        event = _event(row, columns, start_line, path, naive_zone, seen_ids, problems)
        if event is None:
            continue
        case_id = row[columns["case"]].strip()
        case = cases.setdefault(case_id, Case(case_id=case_id))
        if case.customer is None and "customer" in columns:
            case.customer = row[columns["customer"]].strip() or None
        attributes = tuple((name, row[index].strip()) for name, index in extra if row[index].strip())
        case.events.append(CaseEvent(replace(event, attributes=attributes) if attributes else event))
        if end is None or event.time > end:
            end = event.time
    if problems:
        return None
    ordered = [cases[case_id] for case_id in sorted(cases)]
    return EventLog(path=path, cases=ordered, end=end, events=count, unassigned=0, columns=tuple(names))


def _line_end_hint(row: list[str]) -> str:
    for cell in row:
        found = _OTHER_LINE_ENDS.search(cell)
        if found is not None:
            return (
                f" (the line holds U+{ord(found.group()):04X}, which some tools show as a line end; "
                "CSV lines end with LF or CRLF)"
            )
    return ""


def _forbidden_character(row: list[str], columns: dict[str, int], header: list[str]) -> str | None:
    """The content's character rule on every cell the mapping reads, before it reaches a journey."""
    for index in sorted(columns.values()):
        found = characters.value_refusal(row[index], how="in the log")
        if found is not None:
            return f"column {header[index].strip()!r}: {found[1]}; fix the log or its export"
    return None


def column_indexes(
    header: list[str], settings: CsvSettings, path: str, problems: list[Problem]
) -> dict[str, int] | None:
    """Where each column the mapping names is in the header; None (with problems) when one is missing."""
    names = [name.strip() for name in header]
    wanted = {
        "case": settings.case,
        "activity": settings.activity,
        "timestamp": settings.timestamp,
        "resource": settings.resource,
        "role": settings.role,
        "customer": settings.customer,
        "event_id": settings.event_id,
    }
    indexes: dict[str, int] = {}
    for field, column in wanted.items():
        if column is None:
            continue
        if column not in names:
            message = f"no column {column!r} (mapped as csv.{field}); the columns are: {', '.join(names)}"
            problems.append(error(path, 1, 1, "OMC902", message))
            continue
        indexes[field] = names.index(column)
    return None if problems else indexes


def _event(
    row: list[str],
    columns: dict[str, int],
    line: int,
    path: str,
    naive_zone: zoneinfo.ZoneInfo | None,
    seen_ids: dict[str, int],
    problems: list[Problem],
) -> LogEvent | None:
    case_id = row[columns["case"]].strip()
    activity = row[columns["activity"]].strip()
    stamp = row[columns["timestamp"]].strip()
    if not case_id:
        problems.append(error(path, line, 1, "OMC902", "no case id"))
        return None
    if not activity:
        problems.append(error(path, line, 1, "OMC902", "no activity"))
        return None
    if not stamp:
        problems.append(error(path, line, 1, "OMC903", "no timestamp"))
        return None
    moment = parse_time(stamp)
    if moment is None and naive_zone is not None:
        naive = _naive_time(stamp)
        moment = naive.replace(tzinfo=naive_zone) if naive is not None else None
    if moment is None:
        hint = "" if naive_zone else " (or set csv.timezone in the mapping for times written without one)"
        message = f"timestamp {stamp!r} is not ISO 8601 with a UTC offset, such as 2024-03-01T09:30:00+01:00{hint}"
        problems.append(error(path, line, 1, "OMC903", message))
        return None
    if "event_id" in columns:
        event_id = row[columns["event_id"]].strip()
        if not event_id:
            problems.append(error(path, line, 1, "OMC902", "no event id"))
            return None
        first = seen_ids.setdefault(event_id, line)
        if first != line:
            problems.append(error(path, line, 1, "OMC905", f"event id {event_id!r} repeats (first at line {first})"))
            return None
        number = 0
    else:
        event_id, number = str(line), line
    roles = _roles(row, columns)
    return LogEvent(event_id=event_id, activity=activity, time=moment, roles=roles, number=number, line=line)


def _roles(row: list[str], columns: dict[str, int]) -> tuple[str, ...]:
    """The role column when mapped, else the resource column: `roles` maps either."""
    for field in ("role", "resource"):
        if field in columns:
            value = row[columns[field]].strip()
            if value:
                return (value,)
    return ()


def _naive_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is None else None
