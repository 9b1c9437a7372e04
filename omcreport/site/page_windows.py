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
    digest = hashlib.sha256(shared)
    source = journey.source
    if source is not None and source.digest:
        # The same bytes at the same path under the same site.yaml (in `shared`) make
        # the same journey: cheaper than its repr at 10,000 journeys.
        digest.update(f"file {source.path} {source.digest}".encode())
    else:
        digest.update(repr(journey).encode("utf-8"))
    return digest.hexdigest()


def _record_path(cache_dir: str, key: str) -> str:
    return os.path.join(cache_dir, "windows", key[:2], key)


def page_in_window(cache_dir: str, key: str, as_of: datetime) -> str | None:
    """The page cache key recorded for `key` when `as_of` falls inside its window."""
    try:
        with open(_record_path(cache_dir, key), encoding="utf-8") as handle:
            record = json.load(handle)
        start, end = datetime.fromisoformat(record["from"]), datetime.fromisoformat(record["until"])
        page = record["page"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return page if isinstance(page, str) and start <= as_of < end else None


def record_window(cache_dir: str, key: str, as_of: datetime, end: datetime, page: str) -> None:
    if end <= as_of:
        return  # an empty window: nothing to reuse
    path = _record_path(cache_dir, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{os.getpid()}.partial"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump({"from": as_of.isoformat(), "until": end.isoformat(), "page": page}, handle)
    os.replace(partial, path)
