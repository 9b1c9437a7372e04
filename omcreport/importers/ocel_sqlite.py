"""Read an OCEL 2.0 SQLite log into the same plain shape as its JSON form.

The relational form of the OCEL 2.0 specification, as pm4py writes it:

    event(ocel_id, ocel_type)                 object(ocel_id, ocel_type)
    event_map_type(ocel_type, ocel_type_map)  object_map_type(ocel_type, ocel_type_map)
    event_<map>(ocel_id, ocel_time, <attribute>...)
    object_<map>(ocel_id, ocel_time, ocel_changed_field, <attribute>...)
    event_object(ocel_event_id, ocel_object_id, ocel_qualifier)
    object_object(ocel_source_id, ocel_target_id, ocel_qualifier)

An event's time is in the table of its type. An object row whose `ocel_changed_field`
is empty holds the object's initial values (pm4py dates them 1970-01-02); a row naming a
field holds that field's new value from `ocel_time` on. Times without a UTC offset are
UTC, as the specification's example (`1970-01-01 00:00:00` for UNIX time 0) and pm4py
write them. Older pm4py releases named the type maps `event_corr_type` and
`object_corr_type` (column `ocel_type_corr`); those are read too.

Only tables are read, never views (a view runs whatever query it holds, an endless one
too). The database is opened read-only (`mode=ro`, `query_only`; `immutable` unless a `-wal`
file beside it holds part of its data: import an export once it is written) and read a
row at a time;
table names from the type maps are quoted, never spliced into SQL as they are.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from omcreport import limits
from omcreport.errors import Problem
from omcreport.importers.failure import ImportFailed, count_budget, error
from omcreport.importers.logbytes import check_log_size
from omcreport.importers.progress import Advance, no_progress, progress

SQLITE_MAGIC = b"SQLite format 3\x00"

# table -> the columns every OCEL 2.0 SQLite log has in it
_REQUIRED: dict[str, tuple[str, ...]] = {
    "event": ("ocel_id", "ocel_type"),
    "object": ("ocel_id", "ocel_type"),
    "event_object": ("ocel_event_id", "ocel_object_id", "ocel_qualifier"),
    "object_object": ("ocel_source_id", "ocel_target_id", "ocel_qualifier"),
}
# the type map of each kind: (table, column) as the specification names it, then as older pm4py did
_TYPE_MAPS: dict[str, tuple[tuple[str, str], ...]] = {
    "event": (("event_map_type", "ocel_type_map"), ("event_corr_type", "ocel_type_corr")),
    "object": (("object_map_type", "ocel_type_map"), ("object_corr_type", "ocel_type_corr")),
}
_PROGRESS_ROWS = 10_000  # the progress bar moves on every so many rows
_SYSTEM_COLUMNS = frozenset({"ocel_id", "ocel_time", "ocel_changed_field"})
# declared SQLite type -> the attribute type of OCEL 2.0 JSON
_JSON_TYPES = {"TEXT": "string", "TIMESTAMP": "time", "INTEGER": "integer", "REAL": "float", "BOOLEAN": "boolean"}


def is_sqlite(path: Path) -> bool:
    """The file starts with SQLite's header (a file that cannot be read is not: its reader says why)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def ocel_sqlite_tree(path: Path, display_path: str, *, show_progress: bool = False) -> dict[str, Any]:
    """`{"objects": [...], "events": [...], ...}` as OCEL 2.0 JSON has them, relationships as tuples."""
    try:
        size = os.stat(path).st_size
    except OSError as failure:
        raise _unreadable(display_path, f"cannot read the log: {failure.strerror or failure}") from None
    check_log_size(size, display_path)
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as failure:
        raise _unreadable(display_path, f"cannot open the SQLite database: {failure}") from None
    try:
        with closing(connection):
            connection.execute("PRAGMA query_only = ON")
            return _SqliteReader(connection, display_path).tree(show_progress)
    except sqlite3.Error as failure:
        raise _unreadable(display_path, f"cannot read the SQLite database: {failure}") from None


def _read_only_uri(path: Path) -> str:
    """Read-only; `immutable` too unless a write-ahead log beside it holds part of the data.

    A read-only connection to a database in WAL mode would otherwise leave `-wal` and
    `-shm` files beside the user's log, which it cannot remove."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri if Path(f"{path}-wal").exists() else f"{uri}&immutable=1"


def _unreadable(display_path: str, message: str) -> ImportFailed:
    return ImportFailed([error(display_path, 1, 1, "OMC901", message)])


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _time_text(value: Any) -> Any:
    """An ISO 8601 text with its offset (UTC when it has none); anything else as it is, for the reader to refuse."""
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).isoformat()


class _SqliteReader:
    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self.connection = connection
        self.path = path
        self.problems: list[Problem] = []
        self.columns: dict[str, dict[str, str]] = {}  # table -> column -> declared type
        self.advance: Advance = no_progress

    def fail(self, code: str, message: str) -> None:
        self.problems.append(error(self.path, 1, 1, code, message))

    def rows(self, table: str, columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        """The rows of `table`, in the order they were written, one at a time."""
        query = f"SELECT {', '.join(_quoted(column) for column in columns)} FROM {_quoted(table)}"
        try:
            cursor = self.connection.execute(f"{query} ORDER BY rowid")
        except sqlite3.OperationalError:  # a table WITHOUT ROWID: the order it gives
            cursor = self.connection.execute(query)
        count = 0
        for count, row in enumerate(cursor, start=1):
            if count % _PROGRESS_ROWS == 0:
                self.advance(_PROGRESS_ROWS)
            yield row
        self.advance(count % _PROGRESS_ROWS)

    def row_estimate(self) -> int:
        """About how many rows `tree` reads: the largest rowid of every table (no scan)."""
        total = 0
        for table in self.columns:
            try:
                (largest,) = self.connection.execute(f"SELECT max(rowid) FROM {_quoted(table)}").fetchone()
            except sqlite3.OperationalError:  # a table WITHOUT ROWID
                continue
            total += largest if isinstance(largest, int) else 0
        return total

    def tree(self, show_progress: bool) -> dict[str, Any]:
        self._read_schema()
        type_maps = {kind: self._type_map(kind) for kind in _TYPE_MAPS}
        if self.problems:
            raise ImportFailed(self.problems)
        with progress(show_progress, self.row_estimate(), "reading") as advance:
            self.advance = advance
            return self._tree(type_maps)

    def _tree(self, type_maps: dict[str, dict[str, str]]) -> dict[str, Any]:
        links = self._relationships("object_object", ("ocel_source_id", "ocel_target_id", "ocel_qualifier"))
        objects = self._items("object", limits.MAX_LOG_OBJECTS, links)
        for source in sorted(links.keys() - {item["id"] for item in objects}):
            self.fail("OMC905", f"table object_object relates object {source!r}, which table object does not list")
        del links
        object_types = self._fill_attributes("object", objects, type_maps["object"])
        relations = self._relationships("event_object", ("ocel_event_id", "ocel_object_id", "ocel_qualifier"))
        events = self._items("event", limits.MAX_LOG_EVENTS, relations)
        for source in sorted(relations.keys() - {item["id"] for item in events}):
            self.fail("OMC905", f"table event_object relates event {source!r}, which table event does not list")
        del relations
        event_types = self._fill_attributes("event", events, type_maps["event"])
        if self.problems:
            raise ImportFailed(self.problems)
        return {"objectTypes": object_types, "eventTypes": event_types, "objects": objects, "events": events}

    def _read_schema(self) -> None:
        names = [
            name
            for (name,) in self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        for name in names:
            self.columns[name] = {
                str(row[1]): str(row[2] or "").upper()
                for row in self.connection.execute(f"PRAGMA table_info({_quoted(name)})")
            }
        wanted = [*_REQUIRED, *(maps[0][0] for maps in _TYPE_MAPS.values())]
        missing = [table for table in wanted if not self._has_table(table)]
        if missing:
            found = ", ".join(names) or "none"
            self.fail("OMC902", f"not an OCEL 2.0 SQLite log: no table {', '.join(missing)} (its tables: {found})")
            return
        for table, columns in _REQUIRED.items():
            self._need_columns(table, columns)

    def _has_table(self, table: str) -> bool:
        if table in self.columns:
            return True
        for maps in _TYPE_MAPS.values():
            if table == maps[0][0]:
                return any(name in self.columns for name, _ in maps)
        return False

    def _need_columns(self, table: str, columns: tuple[str, ...]) -> bool:
        absent = [column for column in columns if column not in self.columns[table]]
        if absent:
            have = ", ".join(self.columns[table]) or "none"
            self.fail("OMC902", f"table {table} has no column {', '.join(absent)} (its columns: {have})")
        return not absent

    def _type_map(self, kind: str) -> dict[str, str]:
        """Type -> the table holding its rows (`event_<map>`)."""
        for table, column in _TYPE_MAPS[kind]:
            if table in self.columns:
                if not self._need_columns(table, ("ocel_type", column)):
                    return {}
                return {
                    str(type_name): f"{kind}_{mapped}"
                    for type_name, mapped in self.rows(table, ("ocel_type", column))
                    if type_name is not None and mapped is not None
                }
        return {}

    def _relationships(self, table: str, columns: tuple[str, str, str]) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for source, target, qualifier in self.rows(table, columns):
            if not isinstance(source, str) or not isinstance(target, str) or not target:
                self.fail("OMC902", f"table {table} has a row without {columns[0]} or {columns[1]} text")
                continue
            relation = (sys.intern(target), sys.intern(qualifier if isinstance(qualifier, str) else ""))
            found.setdefault(source, []).append(relation)
        return found

    def _items(self, kind: str, most: int, relations: dict[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for item_id, type_name in self.rows(kind, ("ocel_id", "ocel_type")):
            if len(items) == most:  # refused before the next one is held in memory
                raise ImportFailed([count_budget(self.path, 1, f"{kind}s", most)], "in the log")
            item: dict[str, Any] = {"id": item_id, "type": type_name, "attributes": []}
            if isinstance(item_id, str):
                item["relationships"] = relations.get(item_id, [])
            items.append(item)
        return items

    def _fill_attributes(
        self, kind: str, items: list[dict[str, Any]], type_map: dict[str, str]
    ) -> list[dict[str, Any]]:
        """Times (events) and attributes from each type's table; the types as OCEL 2.0 JSON lists them."""
        by_id: dict[str, dict[str, Any]] = {}
        for item in items:
            if isinstance(item["id"], str):
                by_id.setdefault(item["id"], item)
        used = sorted({item["type"] for item in items if isinstance(item["type"], str)})
        types: list[dict[str, Any]] = []
        for type_name in used:
            table = type_map.get(type_name)
            if table is None or table not in self.columns:
                if kind == "event":  # its events' times are in that table
                    where = f"no row in {_TYPE_MAPS[kind][0][0]}" if table is None else f"no table {table}"
                    self.fail("OMC902", f"event type {type_name!r} has {where}, which holds its events' times")
                types.append({"name": type_name, "attributes": []})
                continue
            if not self._need_columns(table, ("ocel_id", "ocel_time")):
                continue
            declared = self.columns[table]
            attributes = [column for column in declared if column not in _SYSTEM_COLUMNS]
            types.append(
                {
                    "name": type_name,
                    "attributes": [
                        {"name": name, "type": _JSON_TYPES.get(declared[name], "string")} for name in attributes
                    ],
                }
            )
            if kind == "event":
                self._read_event_rows(table, type_name, attributes, by_id)
            else:
                self._read_object_rows(table, attributes, by_id)
        return types

    def _value(self, table: str, column: str, value: Any) -> Any:
        declared = self.columns[table][column]
        if declared == "BOOLEAN" and value in (0, 1):
            return bool(value)
        if declared == "TIMESTAMP":
            return _time_text(value)
        return value

    def _read_event_rows(
        self, table: str, type_name: str, attributes: list[str], by_id: dict[str, dict[str, Any]]
    ) -> None:
        for row in self.rows(table, ("ocel_id", "ocel_time", *attributes)):
            event = by_id.get(row[0]) if isinstance(row[0], str) else None
            if event is None or event["type"] != type_name or "time" in event:
                continue  # a row for no event of this type (or a second one): the event table decides
            event["time"] = _time_text(row[1])
            event["attributes"] = [
                {"name": name, "value": self._value(table, name, value)}
                for name, value in zip(attributes, row[2:], strict=True)
                if value is not None
            ]

    def _read_object_rows(self, table: str, attributes: list[str], by_id: dict[str, dict[str, Any]]) -> None:
        changed = "ocel_changed_field" in self.columns[table]
        columns = ("ocel_id", "ocel_time", *(("ocel_changed_field",) if changed else ()), *attributes)
        first = 3 if changed else 2
        for row in self.rows(table, columns):
            obj = by_id.get(row[0]) if isinstance(row[0], str) else None
            if obj is None:
                self.fail("OMC905", f"table {table} has a row for object {row[0]!r}, which table object does not list")
                continue
            time_text = _time_text(row[1])
            field = row[2] if changed else None
            values = dict(zip(attributes, row[first:], strict=True))
            if field is None or field == "":
                named = [(name, value) for name, value in values.items() if value is not None]
            elif field in values:
                named = [(field, values[field])]
            else:
                self.fail("OMC902", f"table {table}: object {row[0]!r} changes {field!r}, which is no column of it")
                continue
            obj["attributes"].extend(
                {"name": name, "value": self._value(table, name, value), "time": time_text} for name, value in named
            )
