"""Files an output tree keeps from the tree it replaces.

A staged build writes a whole new tree. Before it is swapped in, every file whose bytes
equal those of the same path in the tree being replaced becomes a hard link to the old
file: an unchanged file keeps its inode and its modification time, so a
rebuild that changes nothing rewrites nothing, and tools that sync by mtime (rsync,
object-store syncs, CDNs) upload only what changed.

Links are made only from the tree the swap retires, whose other name disappears with
it, never from a cache that outlives the build: an edit of a built file in place can then
never reach another build. Bytes are compared in full, not by size or time.
"""

from __future__ import annotations

import os
import stat

from omcreport.output_files import create_file, create_link


def keep_identical(staging: os.PathLike[str] | str, previous: os.PathLike[str] | str) -> int:
    """Replace every file of `staging` equal to the same path of `previous` by a link to
    it; the number of files kept."""
    kept = 0
    staging_root, previous_root = os.fspath(staging), os.fspath(previous)
    if not os.path.isdir(previous_root):
        return 0
    for folder, _, names in os.walk(staging_root):
        for name in names:
            new = os.path.join(folder, name)
            old = os.path.join(previous_root, os.path.relpath(new, staging_root))
            try:
                new_info = os.stat(new, follow_symlinks=False)
                old_info = os.stat(old, follow_symlinks=False)
            except OSError:
                continue
            if (new_info.st_dev, new_info.st_ino) == (old_info.st_dev, old_info.st_ino):
                kept += 1
                continue
            if not (stat.S_ISREG(new_info.st_mode) and stat.S_ISREG(old_info.st_mode)):
                continue
            if new_info.st_size != old_info.st_size or not _equal_files(new, old):
                continue
            swap = new + ".omcreport-link"
            try:
                os.link(old, swap)
                os.replace(swap, new)
                kept += 1
            except OSError:
                if os.path.lexists(swap):
                    os.unlink(swap)
    return kept


def _equal_files(a: str, b: str) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        while True:
            chunk = first.read(1 << 20)
            if chunk != second.read(1 << 20):
                return False
            if not chunk:
                return True


def _kept(previous: str, data: bytes, target: str) -> bool:
    """Link `previous` at `target` when it holds exactly `data`."""
    try:
        info = os.stat(previous, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(previous, "rb") as handle:
            if handle.read() != data:
                return False
    except OSError:
        return False
    create_link(previous, target)
    return True


def place(data: bytes, target: str, previous: str | None) -> None:
    """Write `data` at `target`, or link the file `previous` (the same path in the tree the
    swap retires) when it already holds exactly these bytes: the same result as the
    post-pass `keep_identical`, without writing the file first."""
    if previous is not None and _kept(previous, data, target):
        return
    create_file(target, data)
