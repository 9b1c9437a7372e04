"""The one cache folder: where it is, what its entries are keyed by, and how it stays small.

Caches live per user, outside every content folder (a content repository can plant
nothing in them): `$XDG_CACHE_HOME/omcreport`, else `~/.cache/omcreport`. Inside, one
folder per environment, named from the versions of everything that shapes a cached
result: omcreport, Python, PyYAML, Markdown, nh3, Babel, Jinja2, WeasyPrint (with pydyf
and tinycss2) and the time zone data. Every key of every cache inside is therefore keyed by those versions too; an
upgrade starts an empty folder and never reads an entry an older library made.

The folder is kept under a size limit (`OMCREPORT_CACHE_LIMIT_MB`, default 2048) by
`prune`, which a build runs at its end at most once a day (measuring the folder means
a stat of every file: at 10,000 journeys 1-7 s, too much for every build): folders of
other environments go first, oldest first; then the least recently used entries of the
current one (a hit refreshes an entry's modification time). `omcreport cache info` and
`omcreport cache clear` show and empty it.

No import here loads anything heavy: `check` uses it, and must stay fast and clock-free.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
import zoneinfo
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import omcreport
from omcreport.errors import UsageError

LIMIT_VARIABLE = "OMCREPORT_CACHE_LIMIT_MB"
DEFAULT_LIMIT_MB = 2048
_LIBRARIES = ("pyyaml", "markdown", "nh3", "babel", "jinja2", "weasyprint", "pydyf", "tinycss2", "tzdata")


def cache_base() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "omcreport"


def _tz_version() -> str:
    """The system time zone database's version line, where it has one (Debian's does)."""
    for folder in zoneinfo.TZPATH:
        try:
            with open(os.path.join(folder, "tzdata.zi"), encoding="ascii", errors="replace") as handle:
                return handle.readline().strip()
        except OSError:
            continue
    return "none"


@cache
def environment_key() -> str:
    """omcreport's version, then a digest of every other version a cached result depends on."""
    versions = [f"python {sys.version}", f"tz {_tz_version()}"]
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    digest = hashlib.sha256("\n".join(versions).encode()).hexdigest()[:16]
    return f"{omcreport.__version__}-{digest}"


def cache_root() -> Path:
    """This environment's cache folder."""
    return cache_base() / environment_key()


def limit_bytes() -> int:
    text = os.environ.get(LIMIT_VARIABLE, "")
    if not text:
        return DEFAULT_LIMIT_MB * 1024 * 1024
    if not text.isdigit():
        raise UsageError(f"{LIMIT_VARIABLE} must be a whole number of megabytes, not {text!r}")
    return int(text) * 1024 * 1024


@dataclass(frozen=True)
class CacheFile:
    path: str
    size: int
    used: int  # modification time, ns: refreshed on every hit


def _size_and_time(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _files(root: Path) -> list[CacheFile]:
    """Every entry under an environment folder: each is one file."""
    found = []
    for folder, _subfolders, names in os.walk(os.fspath(root)):
        for name in names:
            measured = _size_and_time(os.path.join(folder, name))
            if measured is not None:
                found.append(CacheFile(os.path.join(folder, name), *measured))
    return found


@dataclass(frozen=True)
class CacheFolder:
    path: Path
    current: bool
    files: int
    size: int
    used: int  # the newest file's modification time, ns (0 when empty)


def folders() -> list[CacheFolder]:
    """Every environment folder, the current one first, then the most recently used."""
    base = cache_base()
    if not base.is_dir():
        return []
    current = environment_key()
    listed = []
    for entry in sorted(base.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            files = _files(entry)
            listed.append(
                CacheFolder(
                    entry,
                    entry.name == current,
                    len(files),
                    sum(f.size for f in files),
                    max((f.used for f in files), default=0),
                )
            )
    return sorted(listed, key=lambda folder: (not folder.current, -folder.used, folder.path.name))


def touch(path: str) -> None:
    """Mark a cache entry used (a hit): pruning removes the least recently used first."""
    with contextlib.suppress(OSError):
        os.utime(path)


PRUNE_INTERVAL_SECONDS = 86_400
_PRUNED_STAMP = ".pruned"


def prune_if_due(limit: int) -> int:
    """`prune` when the last one was more than a day ago (or never); bytes removed."""
    stamp = cache_root() / _PRUNED_STAMP
    try:
        if time.time() - stamp.stat().st_mtime < PRUNE_INTERVAL_SECONDS:
            return 0
    except OSError:
        pass  # never pruned
    removed = prune(limit)
    with contextlib.suppress(OSError):
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return removed


def prune(limit: int | None = None) -> int:
    """Shrink the cache folder to `limit` bytes (default: `limit_bytes()`); bytes removed."""
    limit = limit_bytes() if limit is None else limit
    listed = folders()
    total = sum(folder.size for folder in listed)
    removed = 0
    for folder in sorted((f for f in listed if not f.current), key=lambda f: f.used):
        if total - removed <= limit:
            return removed
        shutil.rmtree(folder.path, ignore_errors=True)
        removed += folder.size
    current = next((folder for folder in listed if folder.current), None)
    if current is None or total - removed <= limit:
        return removed
    for entry in sorted(_files(current.path), key=lambda f: f.used):
        if total - removed <= limit:
            break
        try:
            os.unlink(entry.path)
            removed += entry.size
        except OSError:
            continue
    _remove_empty_folders(current.path)
    return removed


def _remove_empty_folders(root: Path) -> None:
    for folder, _, _ in os.walk(root, topdown=False):
        if folder != os.fspath(root):
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only succeeds when empty


def clear() -> int:
    """Remove the whole cache folder (every environment); bytes removed."""
    removed = sum(folder.size for folder in folders())
    base = cache_base()
    if base.is_dir():
        shutil.rmtree(base, ignore_errors=True)
    return removed
