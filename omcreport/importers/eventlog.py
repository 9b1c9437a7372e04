"""What every log reader produces: cases, each with its events, and the log's end.

Readers (OCEL 2.0, CSV) check their own format and hand over only these compact,
validated shapes; building journeys from them knows nothing of file formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LogEvent:
    event_id: str
    activity: str
    time: datetime  # timezone-aware
    roles: tuple[str, ...] = ()  # the roles of its resources, in the log's order
    number: int = 0  # CSV without an id column: the row number, so that ids sort as numbers
    line: int = 1  # where it was read, for messages (1 for JSON)
    # Only what the mapping's `order` section and note templates read (omcreport.importers.sources):
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value as text); CSV: the row's cells
    named: tuple[str, ...] = ()  # OCEL: the objects of the types the mapping reads that it names

    @property
    def sort_key(self) -> tuple[datetime, int, str]:
        return (self.time, self.number, self.event_id)


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One event as one case sees it: with the objects of that case it names."""

    event: LogEvent
    objects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LogObject:
    """An OCEL object of a type the mapping reads: its attributes and its object-to-object links."""

    object_id: str
    object_type: str
    attributes: dict[str, str]  # the latest value of each attribute, as text
    links: tuple[str, ...]  # objects it relates to or that relate to it, sorted


@dataclass
class Case:
    case_id: str
    customer: str | None = None
    value: str | None = None  # a decimal text, as `value.amount` is written
    events: list[CaseEvent] = field(default_factory=list)

    def sorted_events(self) -> list[CaseEvent]:
        """By (time, event id), each event once."""
        unique = {case_event.event.event_id: case_event for case_event in self.events}
        return sorted(unique.values(), key=lambda case_event: case_event.event.sort_key)


@dataclass
class EventLog:
    path: str
    cases: list[Case]  # sorted by case id
    end: datetime | None  # the latest event of the whole log
    events: int  # events read
    unassigned: int  # events that belong to no case
    objects: dict[str, LogObject] = field(default_factory=dict)  # OCEL: of the types the mapping reads
    columns: tuple[str, ...] | None = None  # CSV: the header's column names


def attribute_text(value: object) -> str | None:
    """A log attribute's value as text (a float in its shortest exact form); None for null or a structure."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | str):
        return str(value)
    return None


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time with a UTC offset (`Z` or ±hh:mm); None when it is not one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment
