"""Where a value of the mapping's `order` section comes from, and what it gives for one case.

A source is written in the mapping as one of:

- a constant: `currency: EUR`;
- an attribute of the object in scope (the case object, or the item, package or event an
  `items` or `shipments` entry is made from): `{attribute: price}`; its id: `{id: true}`;
- the same of the first related object of a type (by id): `{object: customers, id: true}`,
  `{object: customers, attribute: segment}`;
- for times only: an offset from a moment of the journey, `{from: placed, offset: P5D}`
  (`placed`, `closed`, `first_event`, `last_event`; for a visit also `started`, the default
  when only `offset` is given), or the first event of an activity, `{activity: send package}`.

Offsets are ISO 8601 durations with D, H, M, S (a day is 86,400 s), optionally negative
(`-P1D`) or zero (`PT0S`). Nothing here knows a log format: scopes do (`Scope`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from omcreport.importers.mapping_reader import MappingReader
from omcreport.validate.fields import duration_seconds
from omcreport.yamlio import YamlMap, YamlNode, YamlScalar

ORDER_MOMENTS: tuple[str, ...] = ("placed", "closed", "first_event", "last_event")
VISIT_MOMENTS: tuple[str, ...] = (*ORDER_MOMENTS, "started")
_SOURCE_KEYS = ("attribute", "id", "object")
_TIME_KEYS = ("from", "offset", "activity")


class Scope(Protocol):
    """What a source reads from: an object, an event or a CSV case."""

    def attribute(self, name: str) -> str | None: ...

    def identity(self) -> str | None: ...

    def related(self, object_type: str) -> list[Scope]: ...


@dataclass(frozen=True)
class Moments:
    """The moments of one journey (or visit) a time source may start from."""

    values: dict[str, datetime | None]
    first_of: Callable[[str], datetime | None]  # the first event of an activity, in scope


@dataclass(frozen=True)
class Source:
    where: str  # the mapping's dotted key, for messages
    line: int
    col: int
    constant: YamlScalar | None = None
    attribute: str | None = None
    object_type: str | None = None
    object_id: bool = False
    moment: str | None = None  # `from:`
    activity: str | None = None
    offset: int = 0  # seconds
    offset_text: str = ""  # as written, for messages

    @property
    def is_constant(self) -> bool:
        return self.constant is not None

    def describe(self) -> str:
        if self.constant is not None:
            return f"the constant {self.constant.text!r}"
        if self.moment is not None or self.activity is not None:
            start = f"the first {self.activity!r} event" if self.activity else str(self.moment)
            return f"{start} with offset {self.offset_text}" if self.offset_text else start
        what = "the id" if self.object_id else f"attribute {self.attribute!r}"
        return f"{what} of the related {self.object_type!r} object" if self.object_type else what

    def text(self, scope: Scope) -> str | None:
        """The text this source gives in `scope`; None when the log has no such value."""
        if self.constant is not None:
            return self.constant.text
        target: Scope | None = scope
        if self.object_type is not None:
            related = scope.related(self.object_type)
            target = related[0] if related else None
        if target is None:
            return None
        value = target.identity() if self.object_id else target.attribute(self.attribute or "")
        return value if value is None or value.strip() else None

    def value(self, scope: Scope, moments: Moments) -> datetime | str | None:
        """A moment (for `from` and `activity`), else the text of `text`."""
        if self.moment is None and self.activity is None:
            return self.text(scope)
        start = moments.first_of(self.activity) if self.activity is not None else moments.values.get(self.moment or "")
        return start + timedelta(seconds=self.offset) if start is not None else None

    def names(self) -> tuple[tuple[str, str], ...]:
        """(kind, name) pairs the log must hold for this source: ('type', t), ('attribute', a), ('activity', a)."""
        found: list[tuple[str, str]] = []
        if self.object_type is not None:
            found.append(("type", self.object_type))
        if self.attribute is not None:
            found.append(("attribute", self.attribute))
        if self.activity is not None:
            found.append(("activity", self.activity))
        return tuple(found)


def read_source(
    reader: MappingReader,
    node: YamlNode | None,
    where: str,
    *,
    moments: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
) -> Source | None:
    """The source at `node`; `moments` lists the moments a time source may start from (none: not a
    time); `extra` names keys the caller reads from the same mapping (`equals`)."""
    if node is None:
        return None
    if isinstance(node, YamlScalar):
        if not node.text.strip():
            reader.fail(node, f"{where} must not be empty")
            return None
        return Source(where, node.line, node.col, constant=node)
    found = reader.mapping(node, where)
    if found is None:
        return None
    allowed = (*_SOURCE_KEYS, *(_TIME_KEYS if moments else ()), *extra)
    reader.keys(found, allowed, (), where)
    return _read_map(reader, found, where, moments)


def _read_map(reader: MappingReader, node: YamlMap, where: str, moments: tuple[str, ...]) -> Source | None:
    before = len(reader.problems)
    attribute = reader.text(node.get("attribute"), f"{where}.attribute")
    object_type = reader.text(node.get("object"), f"{where}.object")
    object_id = reader.boolean(node.get("id"), f"{where}.id") or False
    activity = reader.text(node.get("activity"), f"{where}.activity")
    offset_node = node.get("offset")
    moment_node = node.get("from")
    moment = reader.choice(moment_node, f"{where}.from", moments) if moment_node is not None else None
    if moment is None and moment_node is None and offset_node is not None and "started" in moments:
        moment = "started"
    offset = _offset(reader, offset_node, where)
    timed = moment is not None or activity is not None
    kinds = sum(
        (attribute is not None or object_type is not None or object_id, moment is not None, activity is not None)
    )
    if kinds != 1 or (attribute is not None and object_id):
        options = "`attribute`, `id: true` (with `object` for a related one)"
        if moments:
            options += ", `from` with `offset`, or `activity`"
        if len(reader.problems) == before:
            reader.fail(node, f"{where} needs exactly one of {options}")
        return None
    if object_type is not None and attribute is None and not object_id:
        reader.fail(node, f"{where}: `object` needs `attribute` or `id: true` (what of the {object_type!r} object)")
        return None
    if offset_node is not None and not timed:
        reader.fail(offset_node, f"{where}.offset goes with `from` or `activity`")
        return None
    return Source(
        where,
        node.line,
        node.col,
        attribute=attribute,
        object_type=object_type,
        object_id=object_id,
        moment=moment,
        activity=activity,
        offset=offset,
        offset_text=offset_node.text if isinstance(offset_node, YamlScalar) and offset else "",
    )


def _offset(reader: MappingReader, node: YamlNode | None, where: str) -> int:
    text = reader.text(node, f"{where}.offset")
    if text is None or node is None:
        return 0
    negative = text.startswith("-")
    seconds = duration_seconds(text.removeprefix("-"))
    if seconds is None:
        reader.fail(node, f"{where}.offset {text!r} is not an ISO 8601 duration with D, H, M, S (P5D, PT4H, -P1D)")
        return 0
    return -seconds if negative else seconds
