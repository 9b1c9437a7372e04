"""`omcreport import ocel` on OCEL 2.0 SQLite logs, written here with the standard library's sqlite3."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from test_import_support import (
    EXCERPT,
    OCEL_MAPPING,
    ROOT,
    SHARED_LOG,
    assert_check_passes,
    content_folder,
    import_ocel,
    read_ocel_json,
    snapshot,
    write_ocel_sqlite,
)

from tests.conftest import stderr_on_a_terminal


def _sqlite_log(tmp_path: Path, source: Path = EXCERPT) -> Path:
    database = tmp_path / "log.sqlite"
    write_ocel_sqlite(read_ocel_json(source), database)
    return database


def test_the_shared_log_as_sqlite_gives_byte_identical_journeys_to_its_json(tmp_path: Path) -> None:
    database = tmp_path / "order-management.sqlite"
    write_ocel_sqlite(read_ocel_json(SHARED_LOG), database)
    written = database.read_bytes()
    from_json, from_sqlite = content_folder(tmp_path / "json"), content_folder(tmp_path / "sqlite")
    assert import_ocel(SHARED_LOG, from_json).returncode == 0
    result = import_ocel(database, from_sqlite)
    assert result.returncode == 0, result.stderr
    assert "imported 2,000 of 2,000 cases (21,008 events)" in result.stderr
    journeys = snapshot(from_sqlite / "journeys")
    assert len(journeys) == 2001  # and the manifest
    assert journeys == snapshot(from_json / "journeys")
    assert database.read_bytes() == written  # opened read-only: not a byte changed


def test_a_database_in_wal_mode_is_read_without_leaving_files_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    database = _sqlite_log(folder)
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    written = database.read_bytes()
    result = import_ocel(database, content_folder(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "imported 13 of 13 cases (170 events)" in result.stderr
    assert sorted(folder.iterdir()) == [database]  # no -wal or -shm file left beside the log
    assert database.read_bytes() == written


def test_a_corrupt_database_is_refused_in_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    database = tmp_path / "broken.sqlite"
    database.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    content = content_folder(tmp_path)
    result = import_ocel(database, content)
    assert result.returncode == 1
    assert "broken.sqlite:1:1: error[OMC901]: cannot read the SQLite database:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (content / "journeys").exists()


def test_a_database_that_is_not_ocel_names_the_missing_tables(tmp_path: Path) -> None:
    database = tmp_path / "orders.db"
    with closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE orders (id TEXT, placed TEXT)")
        db.commit()
    content = content_folder(tmp_path)
    result = import_ocel(database, content)
    assert result.returncode == 1
    expected = (
        "orders.db:1:1: error[OMC902]: not an OCEL 2.0 SQLite log: no table event, object, event_object, "
        "object_object, event_map_type, object_map_type (its tables: orders)"
    )
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (content / "journeys").exists()


def test_an_event_type_without_its_table_and_a_table_without_a_column_are_named(tmp_path: Path) -> None:
    database = _sqlite_log(tmp_path)
    with closing(sqlite3.connect(database)) as db:
        db.execute('DROP TABLE "event_payorder"')
        db.execute("ALTER TABLE event_object DROP COLUMN ocel_qualifier")
        db.commit()
    result = import_ocel(database, content_folder(tmp_path))
    assert result.returncode == 1
    assert "error[OMC902]: table event_object has no column ocel_qualifier" in result.stderr
    with closing(sqlite3.connect(database)) as db:
        db.execute("ALTER TABLE event_object ADD COLUMN ocel_qualifier TEXT")
        db.commit()
    result = import_ocel(database, content_folder(tmp_path / "again"))
    assert result.returncode == 1
    assert (
        "error[OMC902]: event type 'pay order' has no table event_payorder, which holds its events' times"
        in result.stderr
    )


def test_times_with_an_offset_and_without_one_are_the_same_moment(tmp_path: Path) -> None:
    naive = _sqlite_log(tmp_path)
    offset = tmp_path / "offset.sqlite"
    offset.write_bytes(naive.read_bytes())
    with closing(sqlite3.connect(offset)) as db:
        tables = [name for (name,) in db.execute("SELECT ocel_type_map FROM event_map_type")]
        for table in tables:  # 10:08:18 UTC written as 12:08:18+02:00
            db.execute(
                f"UPDATE \"event_{table}\" SET ocel_time = strftime('%Y-%m-%dT%H:%M:%S+02:00', ocel_time, '+2 hours')"
            )
        db.commit()
    first, second = content_folder(tmp_path / "naive"), content_folder(tmp_path / "offset")
    assert import_ocel(naive, first).returncode == 0
    result = import_ocel(offset, second)
    assert result.returncode == 0, result.stderr
    assert snapshot(first / "journeys") == snapshot(second / "journeys")


def test_a_relationship_to_a_missing_object_is_reported_like_json(tmp_path: Path) -> None:
    database = _sqlite_log(tmp_path)
    with closing(sqlite3.connect(database)) as db:
        db.execute("INSERT INTO event_object VALUES ('pay_o-990001', 'i-000000', 'item')")
        db.commit()
    result = import_ocel(database, content_folder(tmp_path))
    assert result.returncode == 1
    assert "error[OMC905]:" in result.stderr and "'i-000000', which does not exist" in result.stderr


def test_a_gzip_compressed_database_says_to_decompress_it(tmp_path: Path) -> None:
    packed = tmp_path / "log.sqlite.gz"
    packed.write_bytes(gzip.compress(_sqlite_log(tmp_path).read_bytes()))
    result = import_ocel(packed, content_folder(tmp_path))
    assert result.returncode == 1
    assert "log.sqlite.gz:1:1: error[OMC901]: the log is a gzip-compressed SQLite database; decompress it first" in (
        result.stderr
    )


def test_a_progress_bar_shows_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    database = _sqlite_log(tmp_path)
    status, shown = stderr_on_a_terminal(
        "import", "ocel", database, "--mapping", OCEL_MAPPING, "--out", content / "journeys", cwd=tmp_path
    )
    assert status == 0, shown
    assert "reading" in shown and "importing" in shown and "100%" in shown
    assert "13 new" in shown


def test_a_view_in_place_of_a_table_is_never_queried(tmp_path: Path) -> None:
    database = _sqlite_log(tmp_path)
    with closing(sqlite3.connect(database)) as db:
        db.execute("ALTER TABLE event_object RENAME TO links")
        # endless: reading it would never finish
        db.execute(
            "CREATE VIEW event_object AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT 'e' AS ocel_event_id, 'o' AS ocel_object_id, 'q' AS ocel_qualifier FROM n"
        )
        db.commit()
    result = import_ocel(database, content_folder(tmp_path))
    assert result.returncode == 1
    assert "error[OMC902]: not an OCEL 2.0 SQLite log: no table event_object (its tables:" in result.stderr


def test_the_benchmarks_synthetic_log_is_the_same_journeys_in_json_and_sqlite_and_passes_check(
    tmp_path: Path,
) -> None:
    """benchmarks/ocel_synthetic.py writes both forms (SQLite through write_ocel_sqlite)."""
    logs = tmp_path / "synthetic.json", tmp_path / "synthetic.sqlite"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.ocel_synthetic", "40", *map(str, logs)], cwd=ROOT, check=True, timeout=120
    )
    from_json, from_sqlite = content_folder(tmp_path / "json"), content_folder(tmp_path / "sqlite")
    assert import_ocel(logs[0], from_json).returncode == 0
    result = import_ocel(logs[1], from_sqlite)
    assert result.returncode == 0, result.stderr
    assert "imported 40 of 40 cases" in result.stderr
    assert snapshot(from_sqlite / "journeys") == snapshot(from_json / "journeys")
    assert_check_passes(from_sqlite)
