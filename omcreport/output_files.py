"""The files of a staged output tree, each written once.

A staged tree starts empty (omcreport.output), so a path that already exists when a
build comes to write it was written earlier by the same build: two outputs claim one
path. Every writer of the site and the reports creates its files here, exclusively, and
such a build stops instead of letting one output silently replace another (as Pelican's
writer refuses a second write). The check is the filesystem's own (`O_EXCL`), so it
holds across the worker processes that write tracking pages and PDFs.
"""

from __future__ import annotations

import os
import shutil

from omcreport.errors import EnvironmentFault


class DoubleWrite(EnvironmentFault):
    """Two outputs of one build would be written to the same path."""


def _refuse(path: str | os.PathLike[str]) -> DoubleWrite:
    return DoubleWrite(f"two outputs of this build claim {os.fspath(path)}; nothing was published")


def create_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` as the new file `path`; DoubleWrite when this build already wrote it."""
    try:
        with open(path, "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise _refuse(path) from None


def create_copy(source: str | os.PathLike[str], path: str | os.PathLike[str]) -> None:
    """Copy the file `source` as the new file `path` (a copy, never a link: `source` may
    be a cache that outlives the build)."""
    try:
        with open(source, "rb") as reader, open(path, "xb") as writer:
            shutil.copyfileobj(reader, writer, 1 << 20)
    except FileExistsError:
        raise _refuse(path) from None


def create_link(existing: str | os.PathLike[str], path: str | os.PathLike[str]) -> None:
    """Link `existing` (a file of the tree the swap retires) as the new file `path`."""
    try:
        os.link(existing, path)
    except FileExistsError:
        raise _refuse(path) from None
