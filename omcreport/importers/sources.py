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
(`-P1D`) or zero (`PT0S`). The mapping's field table (omcreport.importers.mapping_table)
checks each key and type, and that a source's keys say one thing to read
(`mapping_fields.SourceTable`); `source_from` makes a `Source` of what it converted. Nothing
here knows a log format: scopes do (`Scope`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from omcreport.importers.mapping_fields import offset_seconds, started_by_default
from omcreport.validate.context import FileContext

ORDER_MOMENTS: tuple[str, ...] = ("placed", "closed", "first_event", "last_event")
VISIT_MOMENTS: tuple[str, ...] = (*ORDER_MOMENTS, "started")
ENTRY_MOMENTS: tuple[str, ...] = (*ORDER_MOMENTS, "event")  # `event`: the shipment's own event


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
    constant: str | None = None  # as the journey field's rule converted it
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
            return f"the constant {self.constant!r}"
        if self.moment is not None or self.activity is not None:
            start = f"the first {self.activity!r} event" if self.activity else str(self.moment)
            return f"{start} with offset {self.offset_text}" if self.offset_text else start
        what = "the id" if self.object_id else f"attribute {self.attribute!r}"
        return f"{what} of the related {self.object_type!r} object" if self.object_type else what

    def text(self, scope: Scope) -> str | None:
        """The text this source gives in `scope`; None when the log has no such value."""
        if self.constant is not None:
            return self.constant
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


def source_from(value: object, where: str, ctx: FileContext, moments: tuple[str, ...] = ()) -> Source:
    """The source the mapping's table accepted at dotted `where`: a constant (as the journey
    field's rule converted it), or the dict of its keys (checked by `SourceTable`)."""
    line, col = ctx.at[where]
    if not isinstance(value, dict):
        return Source(where, line, col, constant=str(value))
    offset_text: str | None = value.get("offset")
    offset = offset_seconds(offset_text) if offset_text is not None else None
    return Source(
        where,
        line,
        col,
        attribute=value.get("attribute"),
        object_type=value.get("object"),
        object_id=bool(value.get("id", False)),
        moment=started_by_default(value, moments),
        activity=value.get("activity"),
        offset=offset or 0,
        offset_text=offset_text if offset_text is not None and offset else "",
    )
