"""The no-op build: same inputs, same outputs, nothing to do.

After each build the manifest records a digest of everything the outputs were made from
(every byte of the content folder, the as-of, the build's options, the tool's own code,
theme and catalogues, and the versions of Python and of every library that shapes an
output) and a digest of the output trees as they were left (each file's path, size,
inode and modification time). A build whose inputs digest equals the recorded one and
whose outputs are still exactly as left has nothing to write: it keeps both trees as
they are, says so, and prints the warnings the build that made them printed.

Any difference falls through to a full build, so the manifest can only ever save work,
never serve stale output: an edited content file, another as-of (the clock moves every
second), a new omcreport or library version, or a hand-edited, deleted or added output
file all count as a difference. Manifests live in the cache folder, never in the site.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from omcreport.cache import environment_key
from omcreport.errors import Problem

_FORMAT = "omcreport/build-manifest/v1"


@cache
def tool_fingerprint() -> str:
    """The tool's code, theme and catalogues, and the versions of what renders with it
    (the cache's environment key)."""
    digest = hashlib.sha256(f"{_FORMAT}\n{environment_key()}\n".encode())
    for package in ("omcreport", "omcreport.theme"):
        _digest_tree(digest, Path(str(resources.files(package))))
    return digest.hexdigest()


def _files(root: str, relative: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file under `root` as (relative path, entry), sorted, without __pycache__."""
    with os.scandir(os.path.join(root, relative) if relative else root) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        name = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _files(root, name)
        else:
            yield name, entry


class _NotRegular(Exception):
    """A FIFO, socket, device or symlink: never opened here (a FIFO would block the build)."""


def _digest_tree(digest: Any, root: Path, *, content: bool = False) -> None:
    """Each file's path and bytes. In the content folder anything but a regular file stops
    it (loading refuses those); in the tool's own folders symlinked files are read."""
    for name, entry in _files(os.fspath(root)):
        if name.endswith((".pyc", ".pyo")):
            continue
        if not entry.is_file(follow_symlinks=not content):
            if content:
                raise _NotRegular(name)
            continue
        digest.update(f"{name}\n".encode())
        with open(entry.path, "rb") as handle:
            digest.update(hashlib.sha256(handle.read()).digest())


def inputs_digest(content_dir: Path, settings: dict[str, str]) -> str | None:
    """Every byte of the content folder, with the build's settings (as-of and options);
    None when the folder cannot be read whole (loading then says what is wrong)."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    digest.update(json.dumps(settings, sort_keys=True).encode())
    try:
        _digest_tree(digest, content_dir, content=True)
    except (OSError, _NotRegular):
        return None  # loading reports what is wrong with the folder
    return digest.hexdigest()


def outputs_digest(folders: list[Path]) -> str | None:
    """Each output file's path, size, inode and modification time; None when a folder is
    missing or a file vanishes while it is read."""
    digest = hashlib.sha256()
    try:
        for root in folders:
            if not root.is_dir():
                return None
            digest.update(f"tree {root.resolve()}\n".encode())
            for name, entry in _files(os.fspath(root)):
                info = entry.stat(follow_symlinks=False)
                digest.update(f"{name} {info.st_size} {info.st_ino} {info.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return digest.hexdigest()


def manifest_path(cache_dir: Path, folders: list[Path]) -> Path:
    """One manifest per set of output folders."""
    key = hashlib.sha256("\n".join(str(folder.resolve()) for folder in folders).encode()).hexdigest()
    return cache_dir / "manifests" / f"{key}.json"


def read_manifest(path: Path, inputs: str | None, outputs: Callable[[], str | None]) -> dict[str, Any] | None:
    """The recorded result when `inputs` and the digest `outputs()` gives are what the
    manifest recorded; the output trees are walked only when the inputs match."""
    if inputs is None:
        return None
    try:
        recorded = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or recorded.get("format") != _FORMAT or recorded.get("inputs") != inputs:
        return None
    current = outputs()
    if current is None or recorded.get("outputs") != current:
        return None
    result = recorded.get("result")
    return result if isinstance(result, dict) else None


def write_manifest(path: Path, inputs: str | None, outputs: str | None, result: dict[str, Any]) -> None:
    """Record a finished build; a cache that cannot be written only costs the next build time."""
    if inputs is None or outputs is None:
        return
    document = {"format": _FORMAT, "inputs": inputs, "outputs": outputs, "result": result}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(document, sort_keys=True), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass


def problem_records(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    return [asdict(problem) for problem in problems]


def problems_from(records: object) -> tuple[Problem, ...]:
    if not isinstance(records, list):
        return ()
    return tuple(Problem(**record) for record in records if isinstance(record, dict))
