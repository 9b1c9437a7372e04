"""Read a Parquet event table (one event a row, as warehouses and Spark export it) into cases.

The columns are the CSV log's, named by the mapping's `csv` section, and every row goes
through the CSV reader's own checks (`csvlog.rows_to_log`), so the same table gives the
same journeys in either form. Only the mapped columns are read, a batch of rows at a
time. Cells become the texts a CSV export would hold: a timestamp with a time zone its
ISO 8601 text with the offset, one without (Parquet's local time) the same without an
offset, which then needs `csv.timezone` like a CSV time without one; numbers as written.

pyarrow is an optional dependency (`pip install 'omcreport[parquet]'`); without it the
import stops with one line and the environment's exit status.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from omcreport import limits
from omcreport.errors import EnvironmentFault, Problem
from omcreport.importers.csvlog import column_indexes, rows_to_log
from omcreport.importers.eventlog import EventLog
from omcreport.importers.failure import ImportFailed, count_budget, error
from omcreport.importers.logbytes import check_log_size
from omcreport.importers.mapping import CsvSettings
from omcreport.importers.progress import Advance, progress

PARQUET_MAGIC = b"PAR1"
INSTALL_HINT = "pip install 'omcreport[parquet]'"
_BATCH_ROWS = 16_384  # a batch of decoded cells is held at once


def read_parquet_log(
    path: Path,
    display_path: str,
    settings: CsvSettings,
    attribute_names: frozenset[str] = frozenset(),
    *,
    show_progress: bool = False,
) -> EventLog:
    """The cases of the table; ImportFailed with every problem found otherwise. The columns
    in `attribute_names` (what the mapping's `order` section and notes read) are each event's
    attributes, as in a CSV log."""
    pyarrow = _pyarrow()
    _check_file(path, display_path)
    broken = (pyarrow.ArrowException, OSError, ValueError)  # what pyarrow raises for a damaged file
    try:
        table = pyarrow.parquet.ParquetFile(path)
    except broken as failure:
        raise _unreadable(display_path, failure) from None
    _check_footer(table.metadata, display_path)
    header = [str(name) for name in table.schema_arrow.names]
    problems: list[Problem] = []
    in_file = column_indexes(header, settings, display_path, problems)
    if in_file is None:
        raise ImportFailed(problems)
    wanted = set(in_file.values()) | {index for index, name in enumerate(header) if name.strip() in attribute_names}
    read = [header[index] for index in sorted(wanted)]
    columns = column_indexes(read, settings, display_path, problems)
    assert columns is not None  # every mapped column is among those read
    with progress(show_progress, table.metadata.num_rows, "reading") as advance:
        rows = _rows(pyarrow, table, read, display_path, broken, advance)
        log = rows_to_log(rows, read, columns, display_path, settings, problems, attribute_names)
    if problems or log is None:
        raise ImportFailed(problems)
    if log.events == 0:
        raise ImportFailed([error(display_path, 1, 1, "OMC902", "the table has no events")])
    # Every column of the table, not only those read: a mapping naming one it lacks is told which it has.
    return dataclasses.replace(log, columns=tuple(name.strip() for name in header))


def _pyarrow() -> Any:
    """pyarrow, with its `parquet` module loaded."""
    try:
        importlib.import_module("pyarrow.parquet")
        return importlib.import_module("pyarrow")
    except ImportError:
        raise EnvironmentFault(f"reading a Parquet log needs pyarrow, which is not installed: {INSTALL_HINT}") from None


def _check_file(path: Path, display_path: str) -> None:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            starts = handle.read(len(PARQUET_MAGIC))
    except OSError as failure:
        message = f"cannot read the log: {failure.strerror or failure}"
        raise ImportFailed([error(display_path, 1, 1, "OMC901", message)]) from None
    if starts != PARQUET_MAGIC:
        message = "not a Parquet file (it does not start with PAR1); a CSV log is imported with `omcreport import csv`"
        raise ImportFailed([error(display_path, 1, 1, "OMC901", message)])
    check_log_size(size, display_path)


def _check_footer(metadata: Any, display_path: str) -> None:
    """The budgets against what the footer declares, before a row is decoded: a small file of
    repeated values can decode to far more than its size, as a gzip bomb does."""
    if metadata.num_rows > limits.MAX_LOG_EVENTS:
        raise ImportFailed([count_budget(display_path, 1, "events", limits.MAX_LOG_EVENTS)], "in the log")
    decoded = sum(metadata.row_group(index).total_byte_size for index in range(metadata.num_row_groups))
    check_log_size(decoded, display_path, "bytes once decoded (as its footer declares)")


def _unreadable(display_path: str, failure: Exception) -> ImportFailed:
    return ImportFailed([error(display_path, 1, 1, "OMC901", f"cannot read the Parquet file: {failure}")])


def _rows(
    pyarrow: Any,
    table: Any,
    names: list[str],
    display_path: str,
    broken: tuple[type[Exception], ...],
    advance: Advance,
) -> Iterator[tuple[int, list[str]]]:
    """Each row as texts, numbered from 1, a batch at a time."""
    number = 0
    decoded = 0
    try:
        for batch in table.iter_batches(batch_size=_BATCH_ROWS, columns=names, use_threads=False):
            decoded += batch.nbytes  # what the footer declared may be less (dictionary-encoded values)
            check_log_size(decoded, display_path, "bytes or more once decoded")
            cells = [_python_values(pyarrow, batch.column(index)) for index in range(batch.num_columns)]
            for values in zip(*cells, strict=True):
                number += 1
                yield number, [_text(value) for value in values]
            advance(batch.num_rows)
    except broken as failure:  # a damaged row group shows only when it is read
        raise _unreadable(display_path, failure) from None


def _python_values(pyarrow: Any, column: Any) -> list[Any]:
    kind = column.type
    if pyarrow.types.is_timestamp(kind) and kind.unit == "ns":  # datetime holds microseconds
        column = column.cast(pyarrow.timestamp("us", tz=kind.tz), safe=False)
    values: list[Any] = column.to_pylist()
    return values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
