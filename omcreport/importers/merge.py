"""Three-way merge of a journey: what we wrote last, the file now, what the log says now.

`base` is the imported data as last written (from the manifest), `theirs` the file as
it is now (hand edits included), `ours` the data the log gives now. Per value:
unchanged by hand, it takes the log's new value; changed by hand, the hand edit stays
(and when the log changed it too, that is reported). A key only the file has was added
by hand and stays. Visits are matched by (stage, started) and events by (at, note), so a
hand-added visit or event stays, one deleted by hand stays deleted, and one the log no
longer has goes, unless it was edited by hand: then the merge refuses (`MergeConflict`)
and the file is left as it is. A merged journey that breaks a time rule of FORMAT.md is
refused too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_MISSING: Any = object()


class MergeConflict(Exception):
    """The hand edits and the log's changes cannot both be kept."""


@dataclass
class MergeResult:
    data: dict[str, Any]
    kept: list[str] = field(default_factory=list)  # hand edits kept over a new value from the log


def merge_journey(base: dict[str, Any], theirs: dict[str, Any], ours: dict[str, Any]) -> MergeResult:
    result = MergeResult(data={})
    result.data = _merge_map(base, theirs, ours, "", result.kept)
    problem = time_rule_problem(result.data)
    if problem is not None:
        raise MergeConflict(f"merging the log's changes with the hand edits would leave {problem}")
    return result


def _merge_value(base: Any, theirs: Any, ours: Any, where: str, kept: list[str]) -> Any:
    if theirs in (base, ours):
        return ours
    if ours == base:
        return theirs
    if isinstance(base, dict) and isinstance(theirs, dict) and isinstance(ours, dict):
        return _merge_map(base, theirs, ours, where, kept)
    if isinstance(base, list) and isinstance(theirs, list) and isinstance(ours, list) and where.endswith(_LISTS):
        return _merge_list(base, theirs, ours, where, kept)
    kept.append(where or "the file")
    return theirs


_LISTS = ("stages", "events")


def _merge_map(base: dict[str, Any], theirs: dict[str, Any], ours: dict[str, Any], where: str, kept: list[str]) -> Any:
    merged: dict[str, Any] = {}
    keys = list(theirs) + [key for key in ours if key not in theirs]
    for key in keys:
        value = _merge_value(
            base.get(key, _MISSING), theirs.get(key, _MISSING), ours.get(key, _MISSING), _join(where, key), kept
        )
        if value is not _MISSING:
            merged[key] = value
    return merged


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _keyed(items: list[Any], where: str) -> dict[tuple[Any, ...], Any]:
    """Items by their identity: (stage, started) for visits, (at, note) for events, numbered when repeated."""
    fields = ("stage", "started") if where.endswith("stages") else ("at", "note")
    keyed: dict[tuple[Any, ...], Any] = {}
    for item in items:
        if not isinstance(item, dict):
            raise MergeConflict(f"{where} holds an entry that is not a mapping")
        identity = tuple(str(item.get(name)) for name in fields)
        count = sum(1 for key in keyed if key[:-1] == identity)
        keyed[(*identity, count)] = item
    return keyed


def _merge_list(base: list[Any], theirs: list[Any], ours: list[Any], where: str, kept: list[str]) -> list[Any]:
    base_items, their_items, our_items = _keyed(base, where), _keyed(theirs, where), _keyed(ours, where)
    merged: list[Any] = []
    for key, our_item in our_items.items():
        label = f"{where}[{' '.join(str(part) for part in key[:-1])}]"
        if key in base_items and key not in their_items:
            continue  # deleted by hand: it stays deleted
        merged.append(_merge_value(base_items.get(key, {}), their_items.get(key, {}), our_item, label, kept))
    for key, their_item in their_items.items():
        if key in our_items:
            continue
        if key not in base_items:
            merged.append(their_item)  # added by hand
        elif their_item != base_items[key]:
            label = f"{where}[{' '.join(str(part) for part in key[:-1])}]"
            raise MergeConflict(f"{label} was edited by hand, and the log no longer has it")
    time_field = "started" if where.endswith("stages") else "at"
    return sorted(merged, key=_time_key(time_field))


def _time_key(name: str) -> Callable[[Any], datetime]:
    def key(item: Any) -> datetime:
        moment = _moment(item.get(name))
        if moment is None:
            raise MergeConflict(f"{name} {item.get(name)!r} is not a timestamp with a UTC offset")
        return moment

    return key


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def time_rule_problem(data: dict[str, Any]) -> str | None:
    """The first time rule of FORMAT.md the journey breaks, in words; None when it keeps them all."""
    visits = data.get("stages")
    if not isinstance(visits, list):
        return "no list of stages"
    moments: list[datetime] = []
    open_visits = 0
    previous_start: datetime | None = None
    for visit in visits:
        started, ended = _moment(visit.get("started")), _moment(visit.get("ended"))
        if started is None or ("ended" in visit and ended is None):
            return "a visit without a valid started or ended"
        if previous_start is not None and started < previous_start:
            return "visits out of time order"
        previous_start = started
        if ended is None:
            open_visits += 1
        elif ended < started:
            return f"a {visit.get('stage')} visit that ends before it starts"
        previous_at = started
        for event in visit.get("events") or []:
            at = _moment(event.get("at")) if isinstance(event, dict) else None
            if at is None or at < previous_at or (ended is not None and at > ended):
                return f"an event out of time order or outside its {visit.get('stage')} visit"
            previous_at = at
            moments.append(at)
        moments.extend(moment for moment in (started, ended) if moment is not None)
    if open_visits > 1:
        return "more than one open visit"
    status = data.get("status")
    if status in ("completed", "cancelled") and open_visits:
        return f"a {status} journey with an open visit"
    closed = _moment(data.get("closed"))
    if "closed" in data:
        if status == "open" or closed is None:
            return "a closed time on an open journey" if status == "open" else "a closed time that is not valid"
        placed = _moment(data.get("placed"))
        if any(moment > closed for moment in [*moments, *([placed] if placed else [])]):
            return "a closed time before something that happened"
    return None
