"""Where journey files are in a journeys folder: at its top or in subfolders, to a fixed depth.

`journeys/SO-1042.yaml` and `journeys/2026/11/SO-1042.yaml` are both read (omcreport.load);
the import finds the files it wrote wherever they are now, so a re-import never writes a
second copy of an order that someone moved into a subfolder.
"""

from __future__ import annotations

import os
from pathlib import Path

# journeys/<year>/<month>/: how deep the loader and the import look.
JOURNEY_SUBFOLDER_DEPTH = 2


def journeys_in_folder(folder: Path) -> dict[str, str]:
    """Every entry's path inside `folder` (`2026/11/SO-1042.yaml`) by its lower-cased file name;
    hidden entries left out, the first in sorted order kept when a name repeats."""
    found: dict[str, str] = {}
    if folder.is_dir():
        _walk(folder, "", 0, found)
    return found


def _walk(folder: Path, prefix: str, depth: int, found: dict[str, str]) -> None:
    with os.scandir(folder) as listing:
        entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if depth < JOURNEY_SUBFOLDER_DEPTH:
                _walk(Path(entry.path), f"{prefix}{entry.name}/", depth + 1, found)
            continue
        found.setdefault(entry.name.lower(), prefix + entry.name)
