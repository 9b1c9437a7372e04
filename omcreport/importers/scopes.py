"""What a mapping source reads in one case: the case object, a related object, an event.

OCEL: the case object's attributes, its related objects (object-to-object links either
way; for a type it has no link to, the objects of that type its events name), and theirs.
CSV: a case's attribute is a column, its first non-empty value in event order; an event's
attributes are its row's cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from omcreport.importers.eventlog import CaseEvent, LogEvent, LogObject
from omcreport.importers.sources import Scope


@dataclass(frozen=True)
class ObjectScope:
    obj: LogObject
    objects: dict[str, LogObject]

    def attribute(self, name: str) -> str | None:
        return self.obj.attributes.get(name)

    def identity(self) -> str | None:
        return self.obj.object_id

    def related(self, object_type: str) -> list[Scope]:
        return _of_type(self.obj.links, object_type, self.objects)


@dataclass(frozen=True)
class CaseScope:
    case_id: str
    events: list[CaseEvent]  # in time order
    objects: dict[str, LogObject]

    def attribute(self, name: str) -> str | None:
        obj = self.objects.get(self.case_id)
        if obj is not None:
            return obj.attributes.get(name)
        for item in self.events:
            value = dict(item.event.attributes).get(name)
            if value is not None and value.strip():
                return value
        return None

    def identity(self) -> str | None:
        return self.case_id

    def related(self, object_type: str) -> list[Scope]:
        """The case object's links of that type; without any, the objects of that type its events
        name (a package that carries items of several orders is named by each one's events)."""
        obj = self.objects.get(self.case_id)
        linked = _of_type(obj.links, object_type, self.objects) if obj is not None else []
        if linked:
            return linked
        return _of_type({name for item in self.events for name in item.event.named}, object_type, self.objects)


@dataclass(frozen=True)
class EventScope:
    """An event: its own attributes first, then the case's (a CSV row's cells are both)."""

    event: LogEvent
    case: CaseScope

    def attribute(self, name: str) -> str | None:
        value = dict(self.event.attributes).get(name)
        return value if value is not None else self.case.attribute(name)

    def identity(self) -> str | None:
        return self.event.event_id

    def related(self, object_type: str) -> list[Scope]:
        return _of_type(self.event.named, object_type, self.case.objects)


def _of_type(names: Iterable[str], object_type: str, objects: dict[str, LogObject]) -> list[Scope]:
    found = sorted(name for name in names if name in objects and objects[name].object_type == object_type)
    return [ObjectScope(objects[name], objects) for name in found]
