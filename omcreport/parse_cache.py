"""A cache of the per-file validation step, kept outside the content folder.

JSON only, never pickle: a content repository must not be able to plant code through
it. An entry is keyed on the file kind, its path as shown and the sha256 of its bytes;
the whole cache is keyed on the tool version and a fingerprint of the validating code,
so a changed rule never replays an old verdict. Only the per-file step is cached:
cross-file rules and every rule that reads site.yaml or stages.yaml always run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import omcreport
from omcreport.errors import Problem
from omcreport.validate.per_file import CheckedFile
from omcreport.validate.rules import RULES

CACHE_FORMAT = 1
_PACKAGE = Path(omcreport.__file__).parent
_FINGERPRINTED = ("yamlio.py", "catalogue.py", "model.py", "errors.py", "parse_cache.py")


@cache
def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{omcreport.__version__}|{CACHE_FORMAT}".encode())
    sources = [_PACKAGE / name for name in _FINGERPRINTED] + sorted((_PACKAGE / "validate").glob("*.py"))
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def is_inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class ParseCache:
    def __init__(self, cache_dir: Path, content_dir: Path) -> None:
        folder_key = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:24]
        self.file = cache_dir / f"{folder_key}.json"
        self.fingerprint = code_fingerprint()
        self.previous = self._read()
        self.current: dict[str, Any] = {}
        self.changed = False
        self.hits = 0

    def _read(self) -> dict[str, Any]:
        try:
            stored = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self.fingerprint:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    @staticmethod
    def key(kind: str, path: str, digest: str) -> str:
        return f"{kind}|{path}|{digest}"

    def get(self, kind: str, path: str, stem: str, digest: str) -> CheckedFile | None:
        key = self.key(kind, path, digest)
        entry = self.previous.get(key)
        if entry is None:
            return None
        try:
            checked = CheckedFile(
                kind=kind,
                path=path,
                stem=stem,
                record=entry["record"],
                at={where: (int(pos[0]), int(pos[1])) for where, pos in entry["at"].items()},
                problems=[
                    Problem(path, int(line), int(col), RULES[code].severity, code, str(message))
                    for line, col, code, message in entry["problems"]
                ],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if checked.record is not None and not isinstance(checked.record, dict):
            return None
        self.current[key] = entry
        self.hits += 1
        return checked

    def put(self, checked: CheckedFile, digest: str) -> None:
        self.current[self.key(checked.kind, checked.path, digest)] = {
            "record": checked.record,
            "at": {where: list(pos) for where, pos in checked.at.items()},
            "problems": [[p.line, p.col, p.code, p.message] for p in checked.problems],
        }
        self.changed = True

    def save(self) -> None:
        """Write the entries of this run (dropping the rest); a failure only costs speed."""
        if not self.changed and len(self.current) == len(self.previous):
            return
        payload = json.dumps(
            {"fingerprint": self.fingerprint, "entries": self.current}, ensure_ascii=False, separators=(",", ":")
        )
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".parse-", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(temporary, self.file)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
        except OSError:
            return
