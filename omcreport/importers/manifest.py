"""The import manifest: what the import wrote into a journeys folder, file by file.

`journeys/.omcreport-import.json` (hidden, so `check` passes it by) records for each file
the import wrote the sha256 of the bytes written and the imported values as written.
On the next import, those values are the base of the three-way merge (omcreport.importers
.merge). One line per file keeps its git diffs readable; the same entries always give the
same bytes. An import writes the same text as its journal before it moves any file in
(omcreport.importers.transaction), so that an interrupted import converges.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omcreport.importers.failure import ImportFailed, error

MANIFEST_NAME = ".omcreport-import.json"
JOURNAL_NAME = ".omcreport-import-journal.json"
FORMAT = "omcreport/import-manifest/v1"


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str
    imported: dict[str, Any]


def read_entries(path: Path, display_path: str) -> dict[str, ManifestEntry]:
    """The entries of a manifest (or journal) file; none when there is no such file."""
    if not path.exists():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as failure:
        raise ImportFailed([_damaged(path, display_path, str(failure))]) from None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(files, dict):
        raise ImportFailed([_damaged(path, display_path, f"it is not an {FORMAT} manifest")])
    entries: dict[str, ManifestEntry] = {}
    for name, entry in files.items():
        valid = isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
        if not valid or not isinstance(entry.get("imported"), dict):
            raise ImportFailed([_damaged(path, display_path, f"the entry of {name!r} lacks sha256 or imported")])
        entries[name] = ManifestEntry(entry["sha256"], entry["imported"])
    return entries


def _damaged(path: Path, display_path: str, detail: str) -> Any:
    if path.name == JOURNAL_NAME:
        what, consequence = "journal of an interrupted import", "the files that import wrote"
    else:
        what, consequence = "manifest", "every journey file"
    message = (
        f"the import {what} cannot be read ({detail}); restore it from git, or delete it to treat "
        f"{consequence} as written by hand"
    )
    return error(display_path, 1, 1, "OMC901", message)


def manifest_text(entries: dict[str, ManifestEntry], minted: list[str] | tuple[str, ...] = ()) -> str:
    """`minted`: the files whose public token this import made (links.csv lists them first)."""
    lines = [
        "{",
        f'"format": "{FORMAT}",',
        '"about": "Written by omcreport import: what it last wrote to each file, so that hand edits survive '
        're-imports (docs/import.md). Do not edit.",',
        f'"minted": {json.dumps(sorted(minted), ensure_ascii=False)},',
        '"files": {',
    ]
    names = sorted(entries)
    for index, name in enumerate(names):
        entry = entries[name]
        body = json.dumps(
            {"sha256": entry.sha256, "imported": entry.imported},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        comma = "," if index + 1 < len(names) else ""
        lines.append(f"{json.dumps(name, ensure_ascii=False)}:{body}{comma}")
    lines.extend(["}", "}"])
    return "\n".join(lines) + "\n"


def minted_orders(journeys_dir: Path) -> frozenset[str]:
    """The orders (lower-cased) whose public token the last import that wrote `journeys_dir`
    made. Not content: a missing or unreadable manifest means none."""
    try:
        document = json.loads((journeys_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return frozenset()
    minted = document.get("minted") if isinstance(document, dict) else None
    if not isinstance(minted, list):
        return frozenset()
    return frozenset(name.removesuffix(".yaml").lower() for name in minted if isinstance(name, str))
