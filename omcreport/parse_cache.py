"""A cache of the per-file validation step, kept outside the content folder.

JSON only, never pickle: a content repository must not be able to plant code through
it. An entry is keyed on the file kind, its path as shown and the sha256 of its bytes;
the whole cache is keyed on the tool version and a fingerprint of the validating code,
so a changed rule never replays an old verdict. Only the per-file step is cached:
cross-file rules and every rule that reads site.yaml or stages.yaml always run.

Two files per content folder: `<folder>.json` holds each file's problems, the positions
and the few facts the cross-file rules read (all that `check` needs); `<folder>.records.json`
holds the full checked records, read only when the model is built. The cache is input too
(a shared CI cache, a full disk, another version): a facts entry of the wrong shape and
a record whose sha256 does not match its entry count as misses.
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
from omcreport.validate.facts import cross_file_facts, sound_facts, sound_positions, sound_problems
from omcreport.validate.per_file import CheckedFile
from omcreport.validate.rules import RULES

CACHE_FORMAT = 3
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


def _read_json(path: Path, fingerprint: str, field: str) -> dict[str, Any]:
    try:
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint:
        return {}
    entries = stored.get(field)
    return entries if isinstance(entries, dict) else {}


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write atomically; a failure only costs speed next time."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".parse-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return


_MISSING = object()


class ParseCache:
    def __init__(self, cache_dir: Path, content_dir: Path) -> None:
        folder_key = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:24]
        self.facts_file = cache_dir / f"{folder_key}.json"
        self.records_file = cache_dir / f"{folder_key}.records.json"
        self.fingerprint = code_fingerprint()
        self.previous = _read_json(self.facts_file, self.fingerprint, "entries")
        self._previous_records: dict[str, Any] | None = None
        self.current: dict[str, Any] = {}
        self.new_records: dict[str, Any] = {}
        self.hits = 0

    def _records(self) -> dict[str, Any]:
        if self._previous_records is None:
            self._previous_records = _read_json(self.records_file, self.fingerprint, "records")
        return self._previous_records

    @staticmethod
    def key(kind: str, path: str, digest: str) -> str:
        return f"{kind}|{path}|{digest}"

    def get(self, kind: str, path: str, stem: str, digest: str, *, full: bool) -> CheckedFile | None:
        """The cached result for these bytes; `full` with the whole record, else only its facts."""
        key = self.key(kind, path, digest)
        entry = self.previous.get(key)
        if not isinstance(entry, dict):
            return None
        facts, at, problems = entry.get("facts"), entry.get("at"), entry.get("problems")
        if not (sound_positions(at) and sound_facts(kind, facts, at) and sound_problems(problems, RULES)):
            return None
        record = facts
        if full:
            record = self._record(key, entry)
            if record is _MISSING:
                return None
        self.current[key] = entry
        self.hits += 1
        return CheckedFile(
            kind=kind,
            path=path,
            stem=stem,
            record=record,
            at=at,  # type: ignore[arg-type]
            problems=[
                Problem(path, line, col, RULES[code].severity, code, message) for line, col, code, message in problems
            ],
        )

    def _record(self, key: str, entry: dict[str, Any]) -> object:
        text = self._records().get(key)
        if not isinstance(text, str) or hashlib.sha256(text.encode()).hexdigest() != entry.get("record_sha256"):
            return _MISSING
        try:
            record = json.loads(text)
        except (ValueError, RecursionError):
            return _MISSING
        if record is not None and not isinstance(record, dict):
            return _MISSING
        if (record is None) != (entry.get("facts") is None):
            return _MISSING
        return record

    def put(self, checked: CheckedFile, digest: str) -> None:
        key = self.key(checked.kind, checked.path, digest)
        record_text = json.dumps(checked.record, ensure_ascii=False, separators=(",", ":"))
        self.current[key] = {
            "facts": cross_file_facts(checked.kind, checked.record),
            "at": {where: list(pos) for where, pos in checked.at.items()},
            "problems": [[p.line, p.col, p.code, p.message] for p in checked.problems],
            "record_sha256": hashlib.sha256(record_text.encode()).hexdigest(),
        }
        self.new_records[key] = record_text

    def save(self, *, with_records: bool) -> None:
        """Keep the entries of this run, drop the rest; write only what changed.

        `with_records` only when the model was built: `check` never reads the records, so
        an edited file costs it one small facts file, not a rewrite of every record. A
        record missing later is a miss, read again by the build that needs it.
        """
        if not self.new_records and len(self.current) == len(self.previous):
            return
        _write_json(self.facts_file, {"fingerprint": self.fingerprint, "entries": self.current})
        if not with_records:
            return
        previous = self._records()
        records = {
            key: self.new_records[key] if key in self.new_records else previous[key]
            for key in self.current
            if key in self.new_records or key in previous
        }
        _write_json(self.records_file, {"fingerprint": self.fingerprint, "records": records})
