"""Write imported journeys into a journeys folder, keeping every hand edit.

Each journey goes to `<order>.yaml`. What happens to a file depends on the manifest
(omcreport.importers.manifest) and on the file:

- no file, no manifest entry: written;
- no file, but a manifest entry: it was deleted by hand, and is not written again;
- a file the manifest does not list (or differing only in case): not ours, untouched;
- the log gives the same values as last time: the file is left as it is, hand edits and all;
- the log changed: three-way merge of (last written, the file now, the log now); the
  file is rewritten with the merged data, unless the merge conflicts, the file has
  YAML errors, or it has comments that a rewrite would lose: then it is untouched.

Every file is first written into a hidden staging folder; only when all are ready are
they renamed into place, after a journal of what is about to land and before the
manifest (omcreport.importers.transaction), so an interrupted import converges on the
next run. Nothing is ever deleted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omcreport import characters
from omcreport.errors import Problem
from omcreport.importers.failure import ImportFailed, capped, error, warning
from omcreport.importers.layout import journeys_in_folder
from omcreport.importers.manifest import ManifestEntry, manifest_text
from omcreport.importers.merge import MergeConflict, merge_journey
from omcreport.importers.transaction import commit, recorded_entries, sha256_bytes
from omcreport.importers.yamltext import dump_journey, has_comments, plain_data
from omcreport.scaffold import new_token
from omcreport.validate.per_file import check_file_bytes
from omcreport.yamlio import parse_yaml

_MAX_KEPT_LISTED = 5


@dataclass
class FolderSummary:
    new: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    untouched: int = 0
    minted: int = 0  # public tokens made for orders new to a public page
    problems: list[Problem] = field(default_factory=list)  # warnings: files left alone, edits kept


@dataclass
class _Plan:
    writes: dict[str, str] = field(default_factory=dict)  # path inside the folder -> text
    entries: dict[str, ManifestEntry] = field(default_factory=dict)  # by file name
    minted: list[str] = field(default_factory=list)  # file names whose public token this import made
    folders: str = "flat"


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def write_journeys(
    journeys: Iterable[tuple[str, dict[str, Any]]],
    out_dir: Path,
    display_dir: str,
    advance: Callable[[], None] = lambda: None,
    folders: str = "flat",
) -> FolderSummary:
    """Plan every file, then move them all in; returns what was done and what was left alone.

    `folders` says where a new file goes: `flat`, or `year/month` of its `placed`. A file
    already in the folder is found wherever it is (journeys_in_folder)."""
    try:
        existing = journeys_in_folder(out_dir)
    except OSError as failure:
        message = f"cannot list the journeys folder: {failure.strerror or failure}"
        raise ImportFailed([error(display_dir, 1, 1, "OMC907", message)], "reading the journeys folder") from None
    recorded = recorded_entries(out_dir, display_dir, existing)
    summary = FolderSummary()
    plan = _Plan(entries=dict(recorded.entries), folders=folders)
    refused: list[Problem] = []
    for order, ours in journeys:
        name = f"{order}.yaml"
        refused += _forbidden_characters(ours, os.path.join(display_dir, name))
        _plan_one(name, ours, out_dir, display_dir, existing, plan, summary)
        advance()
    if refused:
        raise ImportFailed(capped(refused), "checking the imported texts")
    refused = [problem for path, text in plan.writes.items() for problem in _check_errors(text, display_dir, path)]
    if refused:
        raise ImportFailed(capped(refused), "checking the imported journeys as `omcreport check` does")
    summary.minted = len(plan.minted)
    new_manifest = manifest_text(plan.entries, plan.minted)
    if plan.writes or plan.entries != recorded.committed or recorded.interrupted:
        try:
            commit(plan.writes, new_manifest, out_dir)
        except OSError as failure:
            message = f"cannot write the journeys: {failure.strerror or failure}"
            raise ImportFailed([error(display_dir, 1, 1, "OMC907", message)], "writing the journeys") from None
    return summary


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every key and text of imported data, with the dotted path that leads to it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield where, str(key)
            yield from _texts(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}.{index}")
    elif isinstance(value, str):
        yield where, value


def _forbidden_characters(journey: dict[str, Any], display: str) -> list[Problem]:
    """The content's character rule, applied before anything is written: a log can hold
    what a content file may not (control and bidirectional characters)."""
    problems = []
    for where, text in _texts(journey, ""):
        found = characters.value_refusal(text, how="in the log")
        if found is not None:
            problems.append(
                error(display, 1, 1, "OMC908", f"{where or 'a key'}: {found[1]}; fix the log or its export")
            )
    return problems


def _with_token(ours: dict[str, Any], token: str) -> dict[str, Any]:
    """`ours` with the page's token first in its `public` block."""
    return {**ours, "public": {"token": token, **ours["public"]}}


def _wants_token(ours: dict[str, Any]) -> bool:
    return isinstance(ours.get("public"), dict) and "token" not in ours["public"]


def _token_of(data: dict[str, Any]) -> str | None:
    public = data.get("public")
    token = public.get("token") if isinstance(public, dict) else None
    return token if isinstance(token, str) else None


def _new_path(name: str, ours: dict[str, Any], folders: str) -> str:
    if folders != "year/month":
        return name
    moment = ours.get("placed") or ours["stages"][0]["started"]
    return f"{moment[:4]}/{moment[5:7]}/{name}"


def _plan_one(
    name: str,
    ours: dict[str, Any],
    out_dir: Path,
    display_dir: str,
    existing: dict[str, str],
    plan: _Plan,
    summary: FolderSummary,
) -> None:
    entry = plan.entries.get(name)
    found = existing.get(name.lower())
    made = _token_of(entry.imported) if entry is not None else None
    if made is not None and _wants_token(ours):
        ours = _with_token(ours, made)  # a token once made never changes
    if found is None:
        if entry is not None:
            summary.untouched += 1
            message = "deleted by hand since the last import: not written again (drop its manifest line to re-import)"
            summary.problems.append(warning(os.path.join(display_dir, name), 1, 1, "OMC922", message))
            return
        if _wants_token(ours):
            ours = _with_token(ours, new_token())
            plan.minted.append(name)
        text = dump_journey(ours)
        plan.writes[_new_path(name, ours, plan.folders)] = text
        plan.entries[name] = ManifestEntry(sha256_text(text), ours)
        summary.new += 1
        return
    if os.path.basename(found) != name or entry is None:
        summary.untouched += 1
        shown = os.path.join(display_dir, found)
        message = "not written by the import (not in its manifest): left untouched"
        summary.problems.append(warning(shown, 1, 1, "OMC921", message))
        return
    if entry.imported == ours:
        summary.unchanged += 1
        return
    _plan_update(found, os.path.join(display_dir, found), ours, entry, out_dir / found, plan, summary)


def _plan_update(
    where: str,
    display: str,
    ours: dict[str, Any],
    entry: ManifestEntry,
    path: Path,
    plan: _Plan,
    summary: FolderSummary,
) -> None:
    def leave(reason: str) -> None:
        summary.untouched += 1
        summary.problems.append(warning(display, 1, 1, "OMC920", f"{reason}: left untouched; the log changed it"))

    if path.is_symlink() or not path.is_file():
        leave("not a regular file")
        return
    try:
        data = path.read_bytes()
    except OSError as failure:
        leave(f"it cannot be read ({failure.strerror})")
        return
    parsed = parse_yaml(data, display)
    if parsed.root is None or parsed.problems:
        leave("it has YAML errors (run `omcreport check`)")
        return
    text = data.decode("utf-8")
    theirs = plain_data(parsed.root)
    name = os.path.basename(where)
    minting = _wants_token(ours) and _token_of(theirs) is None
    if _wants_token(ours):
        ours = _with_token(ours, _token_of(theirs) or new_token())
    try:
        merged = merge_journey(entry.imported, theirs, ours)
    except MergeConflict as conflict:
        leave(str(conflict))
        return
    if merged.data == theirs:
        summary.unchanged += 1
    elif text != dump_journey(theirs) and has_comments(text):
        # Rewriting from data keeps everything but comments; the import's own layout has none.
        leave("it has comments that rewriting it would lose")
        return
    else:
        merged_text = dump_journey(merged.data)
        refusal = _check_refusal(merged_text, display, name)
        if refusal is not None:
            leave(f"the merged file would not pass check ({refusal})")
            return
        plan.writes[where] = merged_text
        if minting:
            plan.minted.append(name)
        if theirs != entry.imported:
            summary.merged += 1
        else:
            summary.updated += 1
    plan.entries[name] = ManifestEntry(sha256_text(plan.writes.get(where, text)), ours)
    if merged.kept:
        listed = ", ".join(merged.kept[:_MAX_KEPT_LISTED])
        more = f" and {len(merged.kept) - _MAX_KEPT_LISTED} more" if len(merged.kept) > _MAX_KEPT_LISTED else ""
        message = f"kept the hand edits of {listed}{more} over the log's new values"
        summary.problems.append(warning(display, 1, 1, "OMC923", message))


def _check_refusal(text: str, display: str, name: str) -> str | None:
    """The first error `omcreport check` would report in this one file, else None."""
    errors = _check_errors(text, os.path.dirname(display), name)
    return f"line {errors[0].line}: {errors[0].message}" if errors else None


def _check_errors(text: str, display_dir: str, where: str) -> list[Problem]:
    """The errors `omcreport check` would report in this one file (its per-file rules)."""
    name = os.path.basename(where)
    checked = check_file_bytes("journey", text.encode("utf-8"), os.path.join(display_dir, where), name[: -len(".yaml")])
    return [problem for problem in checked.problems if problem.severity == "error"]
