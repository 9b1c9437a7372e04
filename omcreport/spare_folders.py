"""The folders of a retired output tree, kept empty to be the next build's staging tree.

A site of 10,000 orders is one folder per tracking page, and on ext4 creating a folder
costs about 180 µs and removing one 65 µs: creating a whole new tree and deleting the
retired one cost 1.4 s of a rebuild that changed nothing else. So after the swap the
retired tree is emptied of every file (unlinking is cheap: 5 µs) and kept beside the
target as `.<name>.omcreport-spare`, holding only the folders the new tree has; the next
build starts its staging tree from it.

The spare never holds a file: no retired page, no old copy of anything, lingers beside
the site (retention), and the staging tree is as empty of files as a new folder, so the
writers' exclusive creates (omcreport.output_files) still catch two outputs claiming one
path. The spare is emptied under the retired tree's own name and renamed only once
empty: an interrupted run leaves a leftover that the next sweep removes, never a spare
with files in it. A spare name taken by anything but a folder is left alone.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

SPARE_MARK = ".omcreport-spare"


def spare_path(target: Path) -> Path:
    return target.parent / f".{target.name}{SPARE_MARK}"


def folders_of(files: Iterable[str]) -> set[str]:
    """Every folder (relative, `/`-separated, the tree's root as "") that holds one of `files`."""
    folders = {""}
    for name in files:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders.add("/".join(parts[:depth]))
    return folders


def _empty(root: str, keep: set[str]) -> None:
    """Remove every file of the tree at `root`, and every folder not named in `keep`."""

    def walk(folder: str, relative: str) -> None:
        with os.scandir(folder) as entries:
            listed = list(entries)
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                inner = f"{relative}/{entry.name}" if relative else entry.name
                if inner in keep:
                    walk(entry.path, inner)
                else:
                    shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)

    walk(root, "")


def take_spare(target: Path, staging: Path, keep: set[str]) -> bool:
    """Make the spare of `target`, pruned to the folders in `keep`, the folder `staging`;
    False (and nothing changed) when there is no spare folder."""
    spare = spare_path(target)
    try:
        if not stat.S_ISDIR(os.lstat(spare).st_mode):
            return False
    except FileNotFoundError:
        return False
    os.rename(spare, staging)
    _empty(os.fspath(staging), keep)  # a spare is empty already; this holds even for one that is not
    return True


def keep_as_spare(retired: Path, target: Path, keep: set[str]) -> None:
    """Empty the tree `retired` (which the swap just replaced) down to the folders in
    `keep` and keep it as the spare of `target`; where that cannot be done, remove it."""
    spare = spare_path(target)
    try:
        _empty(os.fspath(retired), keep)
        if os.path.lexists(spare):
            raise FileExistsError(spare)  # someone else's: never replaced
        os.rename(retired, spare)
    except OSError:
        shutil.rmtree(retired, ignore_errors=True)
