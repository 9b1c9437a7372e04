"""`omcreport import parquet` on Parquet event tables written here with pyarrow."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from test_import_support import (
    CSV_LOG,
    CSV_MAPPING,
    CSV_SITE,
    assert_check_passes,
    content_folder,
    omcreport,
    snapshot,
)

from tests.conftest import stderr_on_a_terminal


def _csv_columns(path: Path = CSV_LOG) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {name: [row[name] for row in rows] for name in rows[0]}


def _import(kind: str, log: Path, content: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return omcreport(
        "import", kind, log, "--mapping", CSV_MAPPING, "--out", content / "journeys", *extra, cwd=content.parent
    )


def _write(table: pa.Table, path: Path, **options: object) -> Path:
    pq.write_table(table, path, **options)
    return path


def test_a_table_of_the_csv_cells_gives_byte_identical_journeys(tmp_path: Path) -> None:
    log = _write(pa.table(_csv_columns()), tmp_path / "orders.parquet")
    from_csv, from_parquet = content_folder(tmp_path / "csv", CSV_SITE), content_folder(tmp_path / "parquet", CSV_SITE)
    assert _import("csv", CSV_LOG, from_csv).returncode == 0
    result = _import("parquet", log, from_parquet)
    assert result.returncode == 0, result.stderr
    assert "imported 4 of 4 cases (24 events)" in result.stderr
    journeys = snapshot(from_parquet / "journeys")
    assert len(journeys) == 5  # and the manifest
    assert journeys == snapshot(from_csv / "journeys")
    assert_check_passes(from_parquet)


def test_typed_columns_in_many_row_groups_give_the_same_journeys(tmp_path: Path) -> None:
    """As a warehouse writes it: UTC timestamps, unmapped columns, several row groups."""
    columns = _csv_columns()
    moments = [datetime.fromisoformat(text).astimezone(UTC) for text in columns.pop("timestamp")]
    table = pa.table(
        {
            "line_total": pa.array([float(index) * 9.5 for index in range(len(moments))]),
            **columns,
            "timestamp": pa.array(moments, pa.timestamp("ns", tz="UTC")),
            "loaded_at": pa.array([datetime(2026, 4, 1, tzinfo=UTC)] * len(moments), pa.timestamp("us", tz="UTC")),
        }
    )
    log = _write(table, tmp_path / "orders.parquet", row_group_size=5)
    assert pq.ParquetFile(log).num_row_groups == 5
    from_csv, from_parquet = content_folder(tmp_path / "csv", CSV_SITE), content_folder(tmp_path / "parquet", CSV_SITE)
    assert _import("csv", CSV_LOG, from_csv).returncode == 0
    result = _import("parquet", log, from_parquet)
    assert result.returncode == 0, result.stderr
    assert snapshot(from_parquet / "journeys") == snapshot(from_csv / "journeys")


def test_without_pyarrow_one_line_says_how_to_install_it(tmp_path: Path) -> None:
    log = _write(pa.table(_csv_columns()), tmp_path / "orders.parquet")
    content = content_folder(tmp_path, CSV_SITE)
    hide_pyarrow = (
        "import sys; sys.modules['pyarrow'] = None; from omcreport.cli import main; "
        "sys.argv = ['omcreport', *sys.argv[1:]]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide_pyarrow, "import", "parquet", str(log), "--mapping", str(CSV_MAPPING),
         "--out", str(content / "journeys")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert result.stderr == (
        "omcreport: error: reading a Parquet log needs pyarrow, which is not installed: "
        "pip install 'omcreport[parquet]'\n"
    )
    assert not (content / "journeys").exists()
    # and the other importers do not need it
    csv_log = subprocess.run(
        [sys.executable, "-c", hide_pyarrow, "import", "csv", str(CSV_LOG), "--mapping", str(CSV_MAPPING),
         "--out", str(content / "journeys")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert csv_log.returncode == 0, csv_log.stderr


def test_a_file_that_is_not_parquet_is_refused(tmp_path: Path) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    result = _import("parquet", CSV_LOG, content)
    assert result.returncode == 1
    assert "orders.csv:1:1: error[OMC901]: not a Parquet file (it does not start with PAR1)" in result.stderr
    assert not (content / "journeys").exists()


def test_a_damaged_parquet_file_is_refused_without_a_traceback(tmp_path: Path) -> None:
    whole = _write(pa.table(_csv_columns()), tmp_path / "whole.parquet").read_bytes()
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(whole[: len(whole) // 2])
    content = content_folder(tmp_path, CSV_SITE)
    result = _import("parquet", damaged, content)
    assert result.returncode == 1
    assert "damaged.parquet:1:1: error[OMC901]: cannot read the Parquet file:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (content / "journeys").exists()


def test_a_missing_column_and_a_bad_time_are_reported_like_csv(tmp_path: Path) -> None:
    columns = _csv_columns()
    renamed = dict(columns, activity_name=columns.pop("activity"))
    content = content_folder(tmp_path, CSV_SITE)
    result = _import("parquet", _write(pa.table(renamed), tmp_path / "renamed.parquet"), content)
    assert result.returncode == 1
    assert (
        "renamed.parquet:1:1: error[OMC902]: no column 'activity' (mapped as csv.activity); the columns are: "
        "case_id, timestamp, resource, role, customer, activity_name"
    ) in result.stderr
    columns = _csv_columns()
    columns["timestamp"][6] = "2026-03-04 09:00"  # the seventh row: no UTC offset
    result = _import("parquet", _write(pa.table(columns), tmp_path / "naive.parquet"), content)
    assert result.returncode == 1
    assert "naive.parquet:7:1: error[OMC903]: timestamp '2026-03-04 09:00' is not ISO 8601 with a UTC offset" in (
        result.stderr
    )
    assert not (content / "journeys").exists()


def test_a_progress_bar_shows_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    log = _write(pa.table(_csv_columns()), tmp_path / "orders.parquet")
    content = content_folder(tmp_path, CSV_SITE)
    status, shown = stderr_on_a_terminal(
        "import", "parquet", log, "--mapping", CSV_MAPPING, "--out", content / "journeys", cwd=tmp_path
    )
    assert status == 0, shown
    assert "reading" in shown and "importing" in shown and "100%" in shown
    assert "4 new" in shown


def test_a_table_past_the_event_budget_is_refused_from_its_footer(tmp_path: Path) -> None:
    log = _write(pa.table(_csv_columns()), tmp_path / "orders.parquet")
    content = content_folder(tmp_path, CSV_SITE)
    small_budgets = (
        "import sys; from omcreport import limits; limits.MAX_LOG_EVENTS = 10; "
        "from omcreport.cli import main; sys.argv = ['omcreport', *sys.argv[1:]]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", small_budgets, "import", "parquet", str(log), "--mapping", str(CSV_MAPPING),
         "--out", str(content / "journeys")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "orders.parquet:1:1: error[OMC909]: an import reads at most 10 events; the log has more events" in (
        result.stderr
    )
    assert not (content / "journeys").exists()
