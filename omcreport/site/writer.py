"""Writing the whole site into the folder the build gives us.

Tracking pages are independent, so they are rendered in `jobs` worker processes, each
writing its own files. With a `cache_dir`, each tracking page's HTML is kept under a
hash of everything it is rendered from: its projection (which already reflects as-of:
promises past or not), the tool version, every theme file and every interface
catalogue (`render_fingerprint`). An unchanged page is then linked or copied instead of
rendered again; and a page whose as-of falls inside the window of its last build
(omcreport.site.page_windows) is not even projected.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from omcreport.kept_files import place
from omcreport.model import Content, Journey
from omcreport.output_names import ASSETS_FOLDER, CALENDAR, FEED, PAGE, STATUS_JSON, TRACK_INDEX
from omcreport.site import pages
from omcreport.site.brand import brand_files
from omcreport.site.overview import project_overview
from omcreport.site.page_store import entry_path, read_entry, store_entry
from omcreport.site.page_windows import (
    Windows,
    input_key,
    load_windows,
    page_in_window,
    save_windows,
    shared_inputs,
    window_end,
)
from omcreport.site.paths import inside, notice_folder, track_folder
from omcreport.site.projection import OrderProjection, SiteInfo, project_order, site_info
from omcreport.site.render import render_fingerprint, theme_root
from omcreport.workers import map_spans

# Set in the parent before forking, read by workers: never pickled.
_JOB: _Job | None = None


def _write(out_dir: Path, relative: str, data: bytes, previous: Path | None) -> None:
    target = inside(out_dir, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    place(data, os.fspath(target), os.fspath(inside(previous, relative)) if previous is not None else None)


# What one cache entry holds (omcreport.site.page_store); changed whenever its layout or
# its set of files changes, so that an entry of an older layout is never read.
ENTRY_FORMAT = b"entry-v3: one file of index.html status.json feed.xml [order.ics]"


def page_key(p: OrderProjection, *, preview: bool) -> str:
    """Everything a tracking page's files (HTML, status.json, feed, calendar) are rendered from."""
    digest = hashlib.sha256(render_fingerprint().encode())
    digest.update(ENTRY_FORMAT)
    digest.update(b"preview" if preview else b"build")
    digest.update(repr(p).encode("utf-8"))
    return digest.hexdigest()


def _render_order(p: OrderProjection, *, preview: bool) -> dict[str, bytes]:
    files = {
        PAGE: pages.order_page(p, preview=preview),
        STATUS_JSON: pages.order_status_json(p),
        FEED: pages.order_feed(p),
    }
    calendar = pages.order_calendar(p)
    if calendar is not None:
        files[CALENDAR] = calendar
    return files


ORDER_FILES = (PAGE, STATUS_JSON, FEED)


def write_order(
    journey: Journey, content: Content, as_of: datetime, site: SiteInfo, out_dir: Path, *, shared: bytes | None
) -> tuple[str, tuple[str, str, str]] | None:
    """Write one tracking page's files; each file equal to the one the previous site (the
    tree being replaced) has at the same path is linked from it instead
    (omcreport.kept_files). With a cache, a page whose as-of falls in the window its last
    build recorded (omcreport.site.page_windows) is neither projected nor rendered; the
    page's window as this build sees it is returned, to be recorded (None when empty)."""
    assert _JOB is not None and journey.public is not None
    cache_dir, previous, preview = _JOB.cache_dir, _JOB.previous, _JOB.preview
    if cache_dir is None or shared is None:
        p = project_order(journey, content, as_of, site)
        _place(journey.public.token, out_dir, previous, _render_order(p, preview=preview))
        return None
    # Read anew (or linked from the previous tree), never linked into the cache: an edit
    # of a built file in place must not reach the cache and come back.
    cache = os.fspath(cache_dir)
    key = input_key(shared, journey)
    page = page_in_window(_JOB.windows, key, as_of)
    files = read_entry(entry_path(cache, page)) if page is not None else None
    window: tuple[str, str, str] | None
    if page is not None and files is not None:
        window = _JOB.windows[key]
    else:
        p = project_order(journey, content, as_of, site)
        page = page_key(p, preview=preview)
        files = read_entry(entry_path(cache, page))
        if files is None:
            files = _render_order(p, preview=preview)
            store_entry(entry_path(cache, page), files)
        end = window_end(journey, content, as_of)
        window = (as_of.isoformat(), end.isoformat(), page) if end > as_of else None
    _place(journey.public.token, out_dir, previous, files)
    return (key, window) if window is not None else None


def _place(token: str, out_dir: Path, previous: Path | None, files: dict[str, bytes]) -> None:
    # Plain strings and os calls: this runs once per order, and pathlib's overhead shows at 10,000 orders.
    relative = track_folder(token)
    folder = os.fspath(inside(out_dir, relative))
    old_folder = os.path.join(previous, relative) if previous is not None else None
    os.makedirs(folder, exist_ok=True)
    for name, data in files.items():
        place(data, os.path.join(folder, name), os.path.join(old_folder, name) if old_folder is not None else None)


@dataclass(frozen=True)
class _Job:
    content: Content
    public: Sequence[Journey]
    as_of: datetime
    out_dir: Path
    cache_dir: Path | None
    previous: Path | None
    preview: bool
    site: SiteInfo
    shared: bytes | None  # page_windows.shared_inputs, with a cache
    windows: Windows  # the windows the last build recorded


def _write_orders(span: tuple[int, int]) -> Windows:
    """Write the public orders `start:stop` and return their windows; workers get only
    the two numbers, the content itself they inherit from the parent when forked."""
    job = _JOB
    assert job is not None
    start, stop = span
    windows: Windows = {}
    for journey in job.public[start:stop]:
        recorded = write_order(journey, job.content, job.as_of, job.site, job.out_dir, shared=job.shared)
        if recorded is not None:  # None: no cache, or a window that closes at once
            windows[recorded[0]] = recorded[1]
    return windows


def _copy_assets(out_dir: Path, previous: Path | None) -> None:
    assets = theme_root() / "assets"
    for entry in sorted(assets.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.startswith("."):
            _write(out_dir, f"{ASSETS_FOLDER}/{entry.name}", entry.read_bytes(), previous)


def planned_files(content: Content) -> list[str]:
    """The files every site build of `content` writes, whatever the as-of: the build
    checks the staged tree holds them all before it is swapped in."""
    assets = theme_root() / "assets"
    planned = [PAGE, STATUS_JSON, FEED, TRACK_INDEX]
    planned += [f"{ASSETS_FOLDER}/{e.name}" for e in assets.iterdir() if e.is_file() and not e.name.startswith(".")]
    planned += list(brand_files(content.site.brand))
    for journey in content.journeys:
        if journey.public is not None:
            planned += [track_folder(journey.public.token) + name for name in ORDER_FILES]
    return sorted(planned)


def write_site(
    content: Content,
    as_of: datetime,
    out_dir: Path,
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    preview: bool = False,
    previous: Path | None = None,
) -> None:
    """Write the public site into `out_dir` (an empty folder) and nowhere else; every file
    equal to the one of `previous` (the site this one replaces) at its path is linked
    from it as it is written, so the staged tree needs no pass of its own to keep them."""
    global _JOB
    out_dir = Path(out_dir)
    site = site_info(content.site)
    _copy_assets(out_dir, previous)
    for path, data in brand_files(content.site.brand).items():
        _write(out_dir, path, data, previous)

    overview = project_overview(content, as_of, site)
    _write(out_dir, PAGE, pages.overview_page(overview, preview=preview), previous)
    _write(out_dir, STATUS_JSON, pages.site_status_json(overview), previous)
    _write(out_dir, FEED, pages.site_feed(overview), previous)
    for notice in overview.notices:
        _write(out_dir, notice_folder(notice.id) + PAGE, pages.notice_page(notice, site, preview=preview), previous)
    _write(out_dir, TRACK_INDEX, pages.track_index_page(site, preview=preview), previous)

    public = [journey for journey in content.journeys if journey.public is not None]
    for journey in public:
        track_folder(journey.public.token)  # type: ignore[union-attr]  # refuse a bad token before any work
    shared = shared_inputs(content, render_fingerprint(), preview) if cache_dir is not None else None
    windows = load_windows(os.fspath(cache_dir), shared) if cache_dir is not None and shared is not None else {}
    _JOB = _Job(content, public, as_of, out_dir, cache_dir, previous, preview, site, shared, windows)
    try:
        recorded = map_spans(_write_orders, len(public), jobs)
    finally:
        _JOB = None
    if cache_dir is not None and shared is not None:
        save_windows(os.fspath(cache_dir), shared, {key: w for span in recorded for key, w in span.items()})
