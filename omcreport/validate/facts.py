"""The facts of one file that the cross-file rules read, and a soundness check for a
copy of them that comes back from the parse cache (which is input too: a damaged entry
must count as a miss, never reach the rules)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeGuard

_JOURNEY_KEYS = ("order", "promised", "placed")
_PUBLIC_KEYS = ("token", "locale", "timezone")


def cross_file_facts(kind: str, record: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of a per-file record the cross-file rules read: all a cached `check` needs."""
    if record is None:
        return None
    if kind == "journey":
        facts = {key: record[key] for key in _JOURNEY_KEYS if key in record}
        if "public" in record:
            public = record["public"]
            facts["public"] = {key: public[key] for key in _PUBLIC_KEYS if key in public}
        if "stages" in record:
            facts["stages"] = [
                None if visit is None else {key: visit[key] for key in ("owner",) if key in visit}
                for visit in record["stages"]
            ]
        return facts
    if kind == "observation":
        return {key: record[key] for key in ("id", "owner", "orders") if key in record}
    if kind == "notice":
        return {key: record[key] for key in ("id", "stages") if key in record}
    return record


def _is_position(value: object) -> bool:
    # Plain checks, no generator: a warm check runs this for every kept position.
    if type(value) is not list and type(value) is not tuple:
        return False
    if len(value) != 2:
        return False
    line, col = value
    return type(line) is int and type(col) is int and line > 0 and col > 0


def _is_date(value: object) -> bool:
    try:
        date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _is_time(value: object) -> bool:
    try:
        parsed = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return parsed.tzinfo is not None


def _texts(items: object, at: dict[str, Any], prefix: str) -> bool:
    """A list of texts (None for a reported item), each with its position."""
    if not isinstance(items, list):
        return False
    return all(
        item is None or (isinstance(item, str) and _is_position(at.get(f"{prefix}.{index}")))
        for index, item in enumerate(items)
    )


def _named(facts: dict[str, Any], at: dict[str, Any], key: str) -> bool:
    return key not in facts or (isinstance(facts[key], str) and _is_position(at.get(key)))


def sound_facts(kind: str, facts: object, at: object) -> bool:
    """Whether cached facts and positions have exactly the shapes the rules rely on."""
    if facts is None:
        return True
    if not isinstance(facts, dict) or not isinstance(at, dict):
        return False
    if kind == "journey":
        return _sound_journey(facts, at)
    if kind == "observation":
        return (
            _named(facts, at, "id")
            and _named(facts, at, "owner")
            and ("orders" not in facts or _texts(facts["orders"], at, "orders"))
        )
    if kind == "notice":
        return _named(facts, at, "id") and ("stages" not in facts or _texts(facts["stages"], at, "stages"))
    return False


def _sound_journey(facts: dict[str, Any], at: dict[str, Any]) -> bool:
    if not (_named(facts, at, "order") and _named(facts, at, "promised")):
        return False
    if "promised" in facts and not _is_date(facts["promised"]):
        return False
    if "placed" in facts and not _is_time(facts["placed"]):
        return False
    public = facts.get("public", {})
    if not isinstance(public, dict) or not all(isinstance(public.get(key, ""), str) for key in _PUBLIC_KEYS):
        return False
    if any(key in public and not _is_position(at.get(f"public.{key}")) for key in ("token", "locale")):
        return False
    visits = facts.get("stages", [])
    if not isinstance(visits, list):
        return False
    for index, visit in enumerate(visits):
        if visit is None:
            continue
        if not isinstance(visit, dict) or not _named(visit, {"owner": at.get(f"stages.{index}.owner")}, "owner"):
            return False
    return True


def sound_positions(at: Any) -> bool:
    return isinstance(at, dict) and all(type(key) is str and _is_position(value) for key, value in at.items())


def sound_problems(problems: Any, codes: Any) -> TypeGuard[list[Any]]:
    return isinstance(problems, list) and all(
        isinstance(item, list)
        and len(item) == 4
        and _is_position(item[:2])
        and isinstance(item[2], str)
        and item[2] in codes
        and isinstance(item[3], str)
        for item in problems
    )
