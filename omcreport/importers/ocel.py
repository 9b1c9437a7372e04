"""Read an OCEL 2.0 log (JSON or XML, plain or gzip; or SQLite) into cases.

The case is an object of the mapping's `case_type`; the objects it relates to under a
`follow` qualifier (object-to-object) pull their events into its journey, so an event
belongs to every case whose object or followed objects it names. The JSON is decoded
with a hook that turns each relationship into a tuple of interned strings as it is
parsed, and the decoded tree is dropped as soon as the compact cases are built: peak
memory stays a small multiple of the uncompressed log and grows linearly with it.
"""

from __future__ import annotations

import bisect
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from omcreport import limits
from omcreport.errors import Problem
from omcreport.importers.eventlog import Case, CaseEvent, EventLog, LogEvent, LogObject, attribute_text, parse_time
from omcreport.importers.failure import ImportFailed, count_budget, error
from omcreport.importers.logbytes import read_log_bytes
from omcreport.importers.mapping import OcelSettings
from omcreport.importers.ocel_sqlite import SQLITE_MAGIC, is_sqlite, ocel_sqlite_tree
from omcreport.importers.ocel_xml import ocel_xml_tree

_SNIFF = 4096  # the bytes that tell XML from JSON (a BOM and blank lines, then `<`)


def read_ocel(
    path: Path,
    display_path: str,
    settings: OcelSettings,
    kept_types: frozenset[str] = frozenset(),
    *,
    show_progress: bool = False,
) -> EventLog:
    """The cases of the log; ImportFailed with every problem found otherwise. Objects of the
    case type and of `kept_types` (what the mapping reads) come with the log, their
    attributes and links; events name those objects and keep their attributes."""
    if is_sqlite(path):
        tree = ocel_sqlite_tree(path, display_path, show_progress=show_progress)
    else:
        tree = _parsed_tree(path, display_path)
    problems: list[Problem] = []
    reader = _OcelReader(display_path, settings, problems, kept_types | {settings.case_type})
    log = reader.read(tree)
    del tree
    if problems or log is None:
        raise ImportFailed(problems)
    return log


def _parsed_tree(path: Path, display_path: str) -> Any:
    """A JSON or XML log (plain or gzip) as the plain JSON shape."""
    data = read_log_bytes(path, display_path)
    if data.startswith(SQLITE_MAGIC):
        message = "the log is a gzip-compressed SQLite database; decompress it first (SQLite is read in place)"
        raise ImportFailed([error(display_path, 1, 1, "OMC901", message)])
    if data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):  # a slice: no copy of the log
        return ocel_xml_tree(data, display_path)
    text = _decoded_text(data, display_path)
    del data
    return _parse_json(text, display_path)


def _decoded_text(data: bytes, display_path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        message = f"byte 0x{data[failure.start]:02X} is not UTF-8; OCEL JSON is UTF-8"
        raise ImportFailed([error(display_path, line, 1, "OMC901", message)]) from None


def _compact_relationship(obj: dict[str, Any]) -> Any:
    """JSON object hook: a relationship becomes (object id, qualifier), interned."""
    if len(obj) == 2:
        object_id = obj.get("objectId")
        qualifier = obj.get("qualifier")
        if isinstance(object_id, str) and isinstance(qualifier, str):
            return (sys.intern(object_id), sys.intern(qualifier))
    return obj


def _parse_json(text: str, display_path: str) -> Any:
    try:
        return json.loads(text, object_hook=_compact_relationship)
    except json.JSONDecodeError as failure:
        message = f"not JSON: {failure.msg}"
        raise ImportFailed([error(display_path, failure.lineno, failure.colno, "OMC901", message)]) from None
    except RecursionError:
        raise ImportFailed([error(display_path, 1, 1, "OMC901", "the JSON is nested too deeply")]) from None


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text"
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) and not isinstance(value, bool) else "a boolean"


class _OcelReader:
    def __init__(self, path: str, settings: OcelSettings, problems: list[Problem], kept_types: frozenset[str]) -> None:
        self.path = path
        self.kept_types = kept_types
        self.objects: dict[str, LogObject] = {}
        self.settings = settings
        self.problems = problems
        self.types: dict[str, str] = {}
        # object id -> the cases it belongs to (a case object belongs to itself)
        self.members: dict[str, list[str]] = {}
        self.roles: dict[str, tuple[list[datetime], list[str]]] = {}
        self.case_qualifiers: set[str] = set()  # of relationships from case objects

    def fail(self, code: str, message: str) -> None:
        self.problems.append(error(self.path, 1, 1, code, message))

    def read(self, tree: Any) -> EventLog | None:
        if not isinstance(tree, dict):
            self.fail("OMC902", f"an OCEL 2.0 log is a JSON object, not {_describe(tree)}")
            return None
        lists: dict[str, list[Any]] = {}
        for key in ("objects", "events"):
            value = tree.get(key)
            if isinstance(value, list):
                lists[key] = value
            else:
                found = "missing" if value is None else _describe(value)
                self.fail("OMC902", f"an OCEL 2.0 log has a list `{key}` ({found} here)")
        for key, most in (("objects", limits.MAX_LOG_OBJECTS), ("events", limits.MAX_LOG_EVENTS)):
            if len(lists.get(key, ())) > most:
                self.problems.append(count_budget(self.path, 1, key, most))
        if self.problems:
            return None
        cases = self._read_objects(lists["objects"])
        if not cases and not self.problems:
            known = ", ".join(sorted(set(self.types.values()))) or "none"
            self.fail("OMC902", f"no objects of the case type {self.settings.case_type!r} (object types: {known})")
        elif not self.problems:
            self._check_mapping_names()
        end, count, unassigned = self._read_events(lists["events"], cases)
        if self.problems:
            return None
        ordered = [cases[case_id] for case_id in sorted(cases)]
        return EventLog(
            path=self.path, cases=ordered, end=end, events=count, unassigned=unassigned, objects=self.objects
        )

    def _check_mapping_names(self) -> None:
        """Types and qualifiers the mapping names but the log never uses: most likely typos."""
        settings = self.settings
        types = set(self.types.values())
        for key in ("customer_type", "resource_type"):
            name = getattr(settings, key)
            if name is not None and name not in types:
                self._mapping_fail(
                    key, f"ocel.{key} {name!r} is no object type of the log ({', '.join(sorted(types))})"
                )
        for qualifier in settings.follow:
            if qualifier not in self.case_qualifiers:
                used = ", ".join(sorted(self.case_qualifiers)) or "none"
                message = (
                    f"ocel.follow {qualifier!r} is no qualifier of a relationship from an object of type "
                    f"{settings.case_type!r} in the log (qualifiers: {used})"
                )
                self._mapping_fail(f"follow:{qualifier}", message)

    def _mapping_fail(self, key: str, message: str) -> None:
        line, col = self.settings.positions.get(key, (1, 1))
        self.problems.append(error(self.settings.mapping_path or self.path, line, col, "OMC910", message))

    def _objects(self, objects: list[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
        for index, obj in enumerate(objects):
            where = f"objects[{index}]"
            if not isinstance(obj, dict):
                self.fail("OMC902", f"{where} must be an object, not {_describe(obj)}")
                continue
            object_id, object_type = obj.get("id"), obj.get("type")
            if not isinstance(object_id, str) or not object_id:
                self.fail("OMC902", f"{where} has no `id` text")
                continue
            if not isinstance(object_type, str) or not object_type:
                self.fail("OMC902", f"{where} (id {object_id!r}) has no `type` text")
                continue
            if object_id in self.types:
                self.fail("OMC905", f"{where}: object id {object_id!r} appears twice")
                continue
            self.types[object_id] = object_type
            yield index, obj

    def _relationships(self, value: Any, where: str) -> list[tuple[str, str]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, tuple) for item in value):
            self.fail("OMC902", f"{where}.relationships must be a list of {{objectId, qualifier}} texts")
            return []
        return value

    def _read_objects(self, objects: list[Any]) -> dict[str, Case]:
        settings = self.settings
        cases: dict[str, Case] = {}
        links: list[tuple[str, str, str, str]] = []  # (from, to, qualifier, where)
        kept: dict[str, dict[str, str]] = {}  # object id -> latest attribute values
        for index, obj in self._objects(objects):
            object_id, object_type = obj["id"], obj["type"]
            where = f"objects[{index}] (id {object_id!r})"
            if object_type in self.kept_types:
                kept[object_id] = _latest_attributes(obj.get("attributes"))
            for target, qualifier in self._relationships(obj.get("relationships"), where):
                links.append((object_id, target, qualifier, where))
            if object_type == settings.case_type:
                cases[object_id] = Case(case_id=object_id, value=self._value(obj, where))
                self.members.setdefault(object_id, []).append(object_id)
            if object_type == settings.resource_type and settings.role_attribute:
                self.roles[object_id] = self._attribute_history(obj, settings.role_attribute, where)
        customers: dict[str, set[str]] = {}
        kept_links: dict[str, set[str]] = {object_id: set() for object_id in kept}
        for source, target, qualifier, where in links:
            if target not in self.types:
                self.fail("OMC905", f"{where} relates to object {target!r}, which does not exist")
                continue
            if source in cases:
                self.case_qualifiers.add(qualifier)
                if qualifier in settings.follow and target not in cases:
                    self.members.setdefault(target, []).append(source)
            for case_id, other in ((source, target), (target, source)):
                if case_id in cases and self.types[other] == settings.customer_type:
                    customers.setdefault(case_id, set()).add(other)
                if case_id in kept_links:
                    kept_links[case_id].add(other)
        for object_id, attributes in kept.items():
            self.objects[object_id] = LogObject(
                object_id, self.types[object_id], attributes, tuple(sorted(kept_links[object_id]))
            )
        for case_id, names in customers.items():
            cases[case_id].customer = min(names)
        return cases

    def _attribute_history(self, obj: dict[str, Any], name: str, where: str) -> tuple[list[datetime], list[str]]:
        entries: list[tuple[datetime, str]] = []
        attributes = obj.get("attributes") or []
        if not isinstance(attributes, list):
            self.fail("OMC902", f"{where}.attributes must be a list")
            return [], []
        for attribute in attributes:
            if not isinstance(attribute, dict) or attribute.get("name") != name:
                continue
            value, time_text = attribute.get("value"), attribute.get("time")
            moment = parse_time(time_text) if isinstance(time_text, str) else None
            if moment is None:
                self.fail("OMC903", f"{where}: attribute {name!r} has no time with a UTC offset")
                continue
            if isinstance(value, str) and value:
                entries.append((moment, value))
        entries.sort()
        return [moment for moment, _ in entries], [value for _, value in entries]

    def _value(self, obj: dict[str, Any], where: str) -> str | None:
        name = self.settings.value_attribute
        if name is None:
            return None
        latest: tuple[str, Any] | None = None
        for attribute in obj.get("attributes") or []:
            if isinstance(attribute, dict) and attribute.get("name") == name:
                stamp = str(attribute.get("time", ""))
                if latest is None or stamp >= latest[0]:
                    latest = (stamp, attribute.get("value"))
        if latest is None:
            return None
        raw = latest[1]
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            self.fail("OMC902", f"{where}: attribute {name!r} is not a number")
            return None
        try:
            # repr() of a float is its shortest exact text: 1353.98, never 1353.9800000000000182
            amount = Decimal(repr(raw) if isinstance(raw, float) else str(raw))
        except InvalidOperation:
            self.fail("OMC902", f"{where}: attribute {name!r} is not a number")
            return None
        if not amount.is_finite() or amount < 0:
            self.fail("OMC902", f"{where}: attribute {name!r} is not a non-negative number")
            return None
        return f"{amount:f}"

    def _role_at(self, resource: str, moment: datetime) -> str | None:
        history = self.roles.get(resource)
        if not history or not history[0]:
            return None
        times, values = history
        index = bisect.bisect_right(times, moment) - 1
        return values[max(index, 0)]

    def _read_events(self, events: list[Any], cases: dict[str, Case]) -> tuple[datetime | None, int, int]:
        end: datetime | None = None
        seen: set[str] = set()
        unassigned = 0
        for index, event in enumerate(events):
            log_event, related = self._event(index, event, seen)
            if log_event is None:
                continue
            if end is None or log_event.time > end:
                end = log_event.time
            touched: dict[str, set[str]] = {}
            for object_id in related:
                for case_id in self.members.get(object_id, ()):
                    touched.setdefault(case_id, set()).add(object_id)
            if not touched:
                unassigned += 1
            for case_id, named in touched.items():
                # An event on the order itself needs no list of its items in the note.
                objects = () if case_id in named else tuple(sorted(named))
                cases[case_id].events.append(CaseEvent(log_event, objects))
        return end, len(events), unassigned

    def _event(self, index: int, event: Any, seen: set[str]) -> tuple[LogEvent | None, list[str]]:
        where = f"events[{index}]"
        if not isinstance(event, dict):
            self.fail("OMC902", f"{where} must be an object, not {_describe(event)}")
            return None, []
        event_id, activity, time_text = event.get("id"), event.get("type"), event.get("time")
        if not isinstance(event_id, str) or not event_id:
            self.fail("OMC902", f"{where} has no `id` text")
            return None, []
        where = f"{where} (id {event_id!r})"
        if event_id in seen:
            self.fail("OMC905", f"{where}: event id appears twice")
            return None, []
        seen.add(event_id)
        if not isinstance(activity, str) or not activity:
            self.fail("OMC902", f"{where} has no `type` text (its activity)")
            return None, []
        if time_text is None:
            self.fail("OMC903", f"{where} has no `time`")
            return None, []
        moment = parse_time(time_text) if isinstance(time_text, str) else None
        if moment is None:
            self.fail("OMC903", f"{where}: time {time_text!r} is not ISO 8601 with a UTC offset (2023-04-03T10:08:18Z)")
            return None, []
        related: list[str] = []
        roles: list[str] = []
        named: list[str] = []
        for object_id, _ in self._relationships(event.get("relationships"), where):
            object_type = self.types.get(object_id)
            if object_type is None:
                self.fail("OMC905", f"{where} relates to object {object_id!r}, which does not exist")
                continue
            related.append(object_id)
            if object_type in self.kept_types:
                named.append(object_id)
            if object_type == self.settings.resource_type:
                role = self._role_at(object_id, moment)
                if role is not None:
                    roles.append(role)
        log_event = LogEvent(
            event_id=event_id,
            activity=activity,
            time=moment,
            roles=tuple(roles),
            attributes=_event_attributes(event.get("attributes")),
            named=tuple(named),
        )
        return log_event, related


def _latest_attributes(attributes: Any) -> dict[str, str]:
    """Each attribute's value at its latest time, as text (a structure or null left out)."""
    latest: dict[str, tuple[datetime | None, str]] = {}
    for attribute in attributes if isinstance(attributes, list) else ():
        if not isinstance(attribute, dict) or not isinstance(attribute.get("name"), str):
            continue
        text = attribute_text(attribute.get("value"))
        if text is None:
            continue
        stamp = attribute.get("time")
        moment = parse_time(stamp) if isinstance(stamp, str) else None
        previous = latest.get(attribute["name"])
        if previous is None or (moment is not None and (previous[0] is None or moment >= previous[0])):
            latest[attribute["name"]] = (moment, text)
    return {name: text for name, (_, text) in latest.items()}


def _event_attributes(attributes: Any) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for attribute in attributes if isinstance(attributes, list) else ():
        if isinstance(attribute, dict) and isinstance(attribute.get("name"), str):
            text = attribute_text(attribute.get("value"))
            if text is not None:
                found.append((sys.intern(attribute["name"]), text))
    return tuple(found)
