"""Moving an import's files into the journeys folder so that an interrupted import converges.

Every file is first written into a hidden staging folder. Then, in this order:

1. the **journal** (`.omcreport-import-journal.json`, the manifest the import is about to
   commit: every file's sha256 and imported values) is renamed into the folder and synced;
2. the journey files are renamed into place, one by one, in sorted order;
3. the manifest is renamed into place and the journal removed.

An import killed anywhere in between leaves the journal behind. The next import reads it
with the manifest (`recorded_entries`): a file whose bytes are exactly the ones the journal
says were written is the import's own, with the journal's entry; any other file keeps the
manifest's entry (a file not renamed yet, or changed by hand since: hand edits stay the
human's). The next import then commits the result like any other, so the folder ends as
an uninterrupted import leaves it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from omcreport.importers.manifest import JOURNAL_NAME, MANIFEST_NAME, ManifestEntry, read_entries

_STAGING_PREFIX = ".omcreport-import-"


@dataclass(frozen=True)
class Recorded:
    """What the folder records about the import's files."""

    entries: dict[str, ManifestEntry]  # the manifest, with what an interrupted import wrote
    committed: dict[str, ManifestEntry]  # the manifest alone, as it is on disk
    interrupted: bool  # a journal is left: the next commit must complete it


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded_entries(folder: Path, display_dir: str, located: dict[str, str] | None = None) -> Recorded:
    """The manifest's entries, completed by the journal of an interrupted import. `located`
    gives a file's path inside the folder by its lower-cased name (a subfolder's file)."""
    if not folder.is_dir():
        return Recorded({}, {}, interrupted=False)
    committed = read_entries(folder / MANIFEST_NAME, os.path.join(display_dir, MANIFEST_NAME))
    journal_path = folder / JOURNAL_NAME
    if not journal_path.exists():
        return Recorded(committed, committed, interrupted=False)
    intended = read_entries(journal_path, os.path.join(display_dir, JOURNAL_NAME))
    entries = dict(committed)
    for name, entry in intended.items():
        if _file_sha256(folder / (located or {}).get(name.lower(), name)) == entry.sha256:
            entries[name] = entry
    return Recorded(entries, committed, interrupted=True)


def _file_sha256(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return sha256_bytes(path.read_bytes())
    except OSError:
        return None


def commit(writes: dict[str, str], manifest: str, out_dir: Path) -> None:
    """Move `writes` (path inside the folder -> text) and the manifest text into `out_dir`, journal first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _sweep(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=out_dir))
    try:
        for name, text in writes.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        (staging / MANIFEST_NAME).write_text(manifest, encoding="utf-8", newline="\n")
        journal = staging / JOURNAL_NAME
        journal.write_text(manifest, encoding="utf-8", newline="\n")
        _sync_file(journal)
        os.replace(journal, out_dir / JOURNAL_NAME)
        _sync_folder(out_dir)  # the journal is on disk before any journey file moves
        for name in sorted(writes):
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out_dir / name)
        os.replace(staging / MANIFEST_NAME, out_dir / MANIFEST_NAME)
        _sync_folder(out_dir)
        os.unlink(out_dir / JOURNAL_NAME)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (a no-op where folders cannot be opened: Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename order still holds
    finally:
        os.close(descriptor)


def _sweep(out_dir: Path) -> None:
    """Remove staging folders an interrupted import left behind (only ours, by their prefix)."""
    for entry in os.scandir(out_dir):
        if entry.name.startswith(_STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
