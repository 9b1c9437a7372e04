"""How long a tracking page stays as it is while the clock moves.

A tracking page is rendered from its projection, and the projection reads the as-of in
two ways only: it compares it with moments the content gives (a shipment's `shipped`, a
`next_update`, a notice's `started`, ...) and it takes today's date in the journey's
timezone (a promise past or not, late since the day after it). So between two of those
moments, and before the next midnight of the journey's timezone, every as-of gives the
same projection: the page's *window* is [as-of, the earliest such moment at or after
it). A moment equal to the as-of closes the window at once (a comparison may flip right
after it).

The site writer records, per page, the window and the cache key of the files it
rendered, under a key of everything else the projection reads (the journey, the site,
the catalogue, the notices, the tool). A later build whose as-of falls inside the
window takes the page's files from the cache without projecting or rendering it. The
moments are collected from every `datetime` the journey and the notices hold, so a
timestamp field added to the format is counted the day it is declared.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from omcreport.model import Content, Journey

_FORMAT = b"page-window-v1"


def _moments(value: object) -> Iterator[datetime]:
    if isinstance(value, datetime):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _moments(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _moments(getattr(value, field.name))


def _next_midnight(as_of: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    local = as_of.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=zone)


def window_end(journey: Journey, content: Content, as_of: datetime) -> datetime:
    """The earliest moment at or after `as_of` at which the journey's page may change."""
    candidates = [_next_midnight(as_of, journey.timezone)]
    candidates += [moment for moment in _moments(journey) if moment >= as_of]
    candidates += [moment for moment in _moments(content.notices) if moment >= as_of]
    return min(candidates)


def shared_inputs(content: Content, fingerprint: str, preview: bool) -> bytes:
    """Everything but the journey and the as-of that a page's projection and files read."""
    digest = hashlib.sha256(_FORMAT)
    digest.update(fingerprint.encode())
    digest.update(b"preview" if preview else b"build")
    for part in (content.site, content.catalogue, content.notices):
        digest.update(repr(part).encode("utf-8"))
    return digest.digest()


def input_key(shared: bytes, journey: Journey) -> str:
    # The journey's value, not its file's digest: a journey is a value wherever it came from.
    digest = hashlib.sha256(shared)
    digest.update(repr(journey).encode("utf-8"))
    return digest.hexdigest()


# input key -> (window start, window end, page entry key), ISO 8601 moments as written.
Windows = dict[str, tuple[str, str, str]]


def _windows_path(cache_dir: str, shared: bytes) -> str:
    return os.path.join(cache_dir, "windows", f"{shared.hex()[:32]}.json")


def load_windows(cache_dir: str, shared: bytes) -> Windows:
    """The windows the last build with these shared inputs recorded (empty when none)."""
    try:
        with open(_windows_path(cache_dir, shared), encoding="utf-8") as handle:
            loaded = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {
        key: (value[0], value[1], value[2])
        for key, value in loaded.items()
        if isinstance(value, list) and len(value) == 3 and all(isinstance(part, str) for part in value)
    }


def page_in_window(windows: Windows, key: str, as_of: datetime) -> str | None:
    """The page entry recorded for `key` when `as_of` falls inside its window."""
    found = windows.get(key)
    if found is None:
        return None
    try:
        start, end = datetime.fromisoformat(found[0]), datetime.fromisoformat(found[1])
    except ValueError:
        return None
    return found[2] if start <= as_of < end else None


def save_windows(cache_dir: str, shared: bytes, windows: Windows) -> None:
    """Record this build's windows, one file for every page (the pages of this build only)."""
    path = _windows_path(cache_dir, shared)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{os.getpid()}.partial"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump({key: list(value) for key, value in sorted(windows.items())}, handle, separators=(",", ":"))
    os.replace(partial, path)
