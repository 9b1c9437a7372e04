"""A cache of the per-file validation step, kept outside the content folder.

JSON only, never pickle: a content repository must not be able to plant code through
it. An entry is keyed on the file kind, its path as shown and the sha256 of its bytes;
the whole cache is keyed on the tool version and a fingerprint of the validating code,
so a changed rule never replays an old verdict. Only the per-file step is cached:
cross-file rules and every rule that reads site.yaml or stages.yaml always run.

Two files per content folder: `<folder>.json` holds each file's problems, the positions
and the few facts the cross-file rules read (all that `check` needs); `<folder>.records`
holds the full checked records, read only when the model is built. The records file is
one line per record, `<key as a JSON string>` TAB `<record as JSON>`, after a first line
`{"fingerprint": ...}`: written as a stream, and read without decoding any record
twice (nor those of files that changed), which a JSON object of JSON texts needed. The
cache is input too (a shared CI cache, a full disk, another version): a facts entry of
the wrong shape and a record whose sha256 does not match its entry count as misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import omcreport
from omcreport.errors import Problem
from omcreport.validate.facts import sound_facts, sound_positions, sound_problems
from omcreport.validate.per_file import CheckedFile, KeptFile
from omcreport.validate.rules import RULES

CACHE_FORMAT = 4
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


def _line_key(key: str) -> str:
    """A key as the records file writes it: a JSON string, which holds no tab or newline."""
    return json.dumps(key, ensure_ascii=False)


def _read_records(path: Path, fingerprint: str) -> dict[str, str]:
    """line key -> record text, from a records file of this fingerprint; else nothing."""
    try:
        with open(path, encoding="utf-8", newline="\n") as handle:
            header = handle.readline()
            try:
                stored = json.loads(header)
            except ValueError:
                return {}
            if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint:
                return {}
            records = {}
            for line in handle:
                key, tab, text = line.rstrip("\n").partition("\t")
                if tab:
                    records[key] = text
            return records
    except (OSError, UnicodeDecodeError):
        return {}


def _write_records(path: Path, fingerprint: str, records: Iterable[tuple[str, str]]) -> None:
    """Write the records file as a stream, atomically; a failure only costs speed next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".parse-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(json.dumps({"fingerprint": fingerprint}) + "\n")
                handle.writelines(f"{_line_key(key)}\t{text}\n" for key, text in records)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return


class ParseCache:
    def __init__(self, cache_dir: Path, content_dir: Path) -> None:
        folder_key = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:24]
        self.facts_file = cache_dir / f"{folder_key}.json"
        self.records_file = cache_dir / f"{folder_key}.records"
        self.fingerprint = code_fingerprint()
        self.previous = _read_json(self.facts_file, self.fingerprint, "entries")
        self._previous_records: dict[str, str] | None = None
        self.current: dict[str, Any] = {}
        self.new_records: dict[str, str] = {}  # key -> the record as JSON text
        self.hits = 0

    def _records(self) -> dict[str, str]:
        if self._previous_records is None:
            self._previous_records = _read_records(self.records_file, self.fingerprint)
        return self._previous_records

    @staticmethod
    def key(kind: str, path: str, digest: str) -> str:
        return f"{kind}|{path}|{digest}"

    def get(self, kind: str, path: str, stem: str, digest: str, *, full: bool) -> KeptFile | None:
        """The cached result for these bytes; `full` with the whole record's text, else only its facts."""
        key = self.key(kind, path, digest)
        entry = self.previous.get(key)
        if not isinstance(entry, dict):
            return None
        facts, at, problems = entry.get("facts"), entry.get("at"), entry.get("problems")
        if not (sound_positions(at) and sound_facts(kind, facts, at) and sound_problems(problems, RULES)):
            return None
        whole = None
        if full:
            whole = self._record_text(key, entry)
            if whole is None:
                return None
        self.current[key] = entry
        self.hits += 1
        checked = CheckedFile(
            kind=kind,
            path=path,
            stem=stem,
            record=facts,
            at=at,  # type: ignore[arg-type]
            problems=[
                Problem(path, line, col, RULES[code].severity, code, message) for line, col, code, message in problems
            ],
        )
        return KeptFile(checked, whole)

    def _record_text(self, key: str, entry: dict[str, Any]) -> str | None:
        """The stored record of `key` when it is the one its entry was written with and is
        of its kind's shape (a mapping, or null for a file that was not one); else None."""
        text = self._records().get(_line_key(key))
        if text is None or hashlib.sha256(text.encode()).hexdigest() != entry.get("record_sha256"):
            return None
        # The sha256 proves the text is what this tool wrote; its first character is
        # what it wrote it as: `{` for a mapping, `n` for null (a file that was not one).
        if text[:1] not in ("{", "n") or (text[:1] == "n") != (entry.get("facts") is None):
            return None
        return text

    def put(self, kept: KeptFile, digest: str) -> None:
        checked, whole = kept.facts, kept.whole
        assert whole is not None, "a newly checked file keeps its whole record"
        key = self.key(checked.kind, checked.path, digest)
        self.current[key] = {
            "facts": checked.record,
            "at": {where: list(pos) for where, pos in checked.at.items()},
            "problems": [[p.line, p.col, p.code, p.message] for p in checked.problems],
            "record_sha256": hashlib.sha256(whole.encode()).hexdigest(),
        }
        self.new_records[key] = whole

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
        kept = ((key, self.new_records.get(key) or previous.get(_line_key(key))) for key in self.current)
        _write_records(self.records_file, self.fingerprint, ((key, text) for key, text in kept if text is not None))
