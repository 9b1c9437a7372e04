"""Find, read and validate a content folder: `load_content(dir) -> LoadResult`.

Files are read in sorted path order; journeys/ is searched to JOURNEY_SUBFOLDER_DEPTH
levels of subfolders (journeys/2026/11/), the other folders not at all; only regular
files are read. Every file is checked on its own (cacheable; the files the parse cache does
not hold in worker processes), then the rules across files
and those reading site.yaml or stages.yaml run. All problems of the run come back sorted
by (path, line, col); the content is built only when there is no error. A folder without
site.yaml stops at that one error. Never reads the clock and never imports the PDF engine.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from omcreport.errors import Problem
from omcreport.importers.layout import JOURNEY_SUBFOLDER_DEPTH
from omcreport.model import Content
from omcreport.parse_cache import ParseCache, is_inside
from omcreport.validate.brand_logo import read_logo
from omcreport.validate.crossfile import check_across
from omcreport.validate.per_file import CheckedFile, KeptFile, check_file_bytes
from omcreport.validate.rules import make_problem
from omcreport.validate.to_model import build_content
from omcreport.workers import map_spans
from omcreport.yamlio import read_regular_file

KIND_FOLDERS: dict[str, str] = {"journeys": "journey", "observations": "observation", "notices": "notice"}
TOP_FILES: dict[str, str] = {"site.yaml": "site", "stages.yaml": "stages"}
# Files site.yaml points at (the brand logo): never read as content, so no warning.
ASSETS_FOLDER = "assets"
FILE_KINDS: tuple[str, ...] = (*TOP_FILES.values(), *KIND_FOLDERS.values())


@dataclass(frozen=True)
class LoadResult:
    content: Content | None  # None when there is any error
    problems: tuple[Problem, ...]  # sorted by (path, line, col)
    cached_files: int = 0  # files whose per-file step came from the parse cache
    # kind -> how many files of it were read, in FILE_KINDS order; kinds with none left out
    files_read: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "warning")


# File names are content too: a newline would forge a diagnostic line, ESC and bidi
# controls would reach the terminal, bytes that are not UTF-8 (surrogate escapes from
# os.listdir) could not be printed at all.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control, bidi and undecodable characters written as escapes."""
    return _UNSHOWABLE.sub(_escape, text)


def shown_path(path: Path | str) -> str:
    """A path as problems show it: relative to the current directory, printable."""
    try:
        shown = os.path.normpath(os.path.relpath(path))
    except ValueError:
        shown = str(path)
    return printable(shown)


_JOURNEYS_DEPTH_NOTE = f"journeys are read to {JOURNEY_SUBFOLDER_DEPTH} levels of folders (journeys/2026/11/) only"


@dataclass
class _Found:
    site: Path | None
    stages: Path | None
    files: dict[str, list[_Listed]]  # kind -> sorted by name
    problems: list[Problem]


def _unexpected(path: Path, what: str) -> Problem:
    return make_problem(shown_path(path), 1, 1, "OMC401", what)


def _not_followed(path: Path, entry: os.DirEntry[str]) -> Problem | None:
    if entry.is_symlink():
        message = "a symbolic link; links in a content folder are never followed"
    elif not entry.is_dir(follow_symlinks=False) and not entry.is_file(follow_symlinks=False):
        message = "not a regular file or folder (a FIFO, socket or device); never read"
    else:
        return None
    return make_problem(shown_path(path), 1, 1, "OMC100", message)


def _sorted_entries(folder: Path, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """The entries of `folder` by name, dot files left out; a folder that cannot be listed is a problem."""
    try:
        with os.scandir(folder) as entries:
            return sorted((entry for entry in entries if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        problems.append(make_problem(shown_path(folder), 1, 1, "OMC100", f"cannot read the folder: {error.strerror}"))
        return []


def _discover(content_dir: Path) -> _Found:
    found = _Found(None, None, {kind: [] for kind in KIND_FOLDERS.values()}, [])
    for entry in _sorted_entries(content_dir, found.problems):
        path = content_dir / entry.name
        refused = _not_followed(path, entry)
        if entry.name in TOP_FILES:
            # Read (or refused) by the loader, which reports links and devices itself.
            setattr(found, TOP_FILES[entry.name], path)
        elif refused is not None:
            found.problems.append(refused)
        elif entry.name in KIND_FOLDERS and entry.is_dir(follow_symlinks=False):
            if entry.name == "journeys":
                listed = _discover_kind(path, found.problems, JOURNEY_SUBFOLDER_DEPTH, _JOURNEYS_DEPTH_NOTE)
            else:
                listed = _discover_kind(path, found.problems)
            # Sorted path order across subfolders: journeys/2026/11/a.yaml after journeys/2026/10/z.yaml.
            found.files[KIND_FOLDERS[entry.name]] = sorted(listed, key=lambda item: Path(item.path).parts)
        elif entry.name == ASSETS_FOLDER and entry.is_dir(follow_symlinks=False):
            continue
        elif entry.is_dir(follow_symlinks=False):
            found.problems.append(_unexpected(path, f"unexpected folder {entry.name!r}; not read"))
        else:
            found.problems.append(_unexpected(path, f"unexpected file {entry.name!r}; not read"))
    return found


@dataclass(frozen=True)
class _Listed:
    """A .yaml file as the folder listing showed it (no link followed)."""

    path: str
    name: str
    regular: bool


def _discover_kind(
    folder: Path, problems: list[Problem], depth: int = 0, beyond: str = "folders are not searched"
) -> list[_Listed]:
    """The .yaml files of `folder`, and of its subfolders `depth` levels down (journeys/2026/11/);
    `beyond` says why a folder deeper than that is not read."""
    paths: list[_Listed] = []
    for entry in _sorted_entries(folder, problems):
        if entry.name.endswith(".yaml") and not entry.is_dir(follow_symlinks=False):
            # The reader refuses links, FIFOs and devices at 1:1.
            paths.append(_Listed(entry.path, entry.name, entry.is_file(follow_symlinks=False)))
            continue
        path = folder / entry.name
        refused = _not_followed(path, entry)
        if refused is not None:
            problems.append(refused)
        elif entry.is_dir(follow_symlinks=False) and depth > 0:
            paths.extend(_discover_kind(path, problems, depth - 1, beyond))
        elif entry.is_dir(follow_symlinks=False):
            problems.append(_unexpected(path, f"unexpected folder {entry.name!r}; {beyond}"))
        else:
            problems.append(_unexpected(path, f"unexpected file {entry.name!r}; only .yaml files are read"))
    return paths


def _shown_folder(listed: _Listed, shown: dict[str, str]) -> str:
    parent = os.path.dirname(listed.path)
    if parent not in shown:
        shown[parent] = shown_path(parent)
    return shown[parent]


@dataclass(frozen=True)
class _Unchecked:
    """A file whose per-file check is still to run (the parse cache does not hold it).

    Only its name is kept, not its bytes: the check reads the file again, so checking
    50,000 files cold does not first hold them all in memory."""

    kind: str
    listed: _Listed
    shown: str
    stem: str


def _cached_or_unchecked(
    kind: str, listed: _Listed, shown: str, cache: ParseCache | None, full: bool
) -> KeptFile | _Unchecked:
    stem = listed.name[: -len(".yaml")]
    if cache is None:
        return _Unchecked(kind, listed, shown, stem)
    data = read_regular_file(listed.path, shown, listed_as_regular=listed.regular)
    if isinstance(data, Problem):
        return KeptFile.of(CheckedFile(kind, shown, stem, None, {}, [data]))
    cached = cache.get(kind, shown, stem, hashlib.sha256(data).hexdigest(), full=full)
    return cached if cached is not None else _Unchecked(kind, listed, shown, stem)


def _check(file: _Unchecked) -> tuple[CheckedFile, str | None]:
    """The file's check and the digest of the bytes it checked (None: not read)."""
    data = read_regular_file(file.listed.path, file.shown, listed_as_regular=file.listed.regular)
    if isinstance(data, Problem):
        return CheckedFile(file.kind, file.shown, file.stem, None, {}, [data]), None
    return check_file_bytes(file.kind, data, file.shown, file.stem), hashlib.sha256(data).hexdigest()


# The files the forked workers check, inherited rather than sent (omcreport.workers).
_UNCHECKED: list[_Unchecked] = []
# Below this many files per job, starting the workers costs more than they save.
_FILES_PER_JOB = 200


def _check_span(span: tuple[int, int]) -> list[tuple[KeptFile, str | None]]:
    kept = []
    for file in _UNCHECKED[span[0] : span[1]]:
        checked, digest = _check(file)
        kept.append((KeptFile.of(checked), digest))
    return kept


def _check_all(files: list[_Unchecked], jobs: int) -> list[tuple[KeptFile, str | None]]:
    global _UNCHECKED
    _UNCHECKED = files
    try:
        spans = map_spans(_check_span, len(files), jobs, minimum=_FILES_PER_JOB)
        return [checked for span in spans for checked in span]
    finally:
        _UNCHECKED = []


def _check_top(kind: str, path: Path | None) -> CheckedFile | None:
    if path is None:
        return None
    unchecked = _Unchecked(kind, _Listed(str(path), path.name, False), shown_path(path), path.name[: -len(".yaml")])
    return _check(unchecked)[0]


def _not_a_content_folder(content_dir: Path, listing_problems: list[Problem]) -> tuple[Problem, ...]:
    """Without site.yaml the run stops at one error: the folder is likely not a content
    folder at all, and a warning for each of its files would bury the one that matters."""
    shown = shown_path(content_dir)
    unreadable = [problem for problem in listing_problems if problem.path == shown]
    message = (
        f"no site.yaml in {shown!r}; is this a content folder? "
        f"`omcreport new site --content-dir {shlex.quote(shown)}` writes one"
    )
    return (*unreadable, make_problem(shown_path(content_dir / "site.yaml"), 1, 1, "OMC319", message))


def load_content(
    content_dir: Path, *, cache_dir: Path | None = None, build_model: bool = True, jobs: int = 1
) -> LoadResult:
    """Validate `content_dir`; with `build_model` (and no error) also build its Content.
    Files the parse cache does not hold are checked in `jobs` worker processes.

    `check` passes `build_model=False`: the problems are the same, and a warm parse cache
    then needs only the small facts file, not the full records.
    """
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        state = "is not a folder" if content_dir.exists() else "does not exist"
        message = f"no site.yaml: the content folder {shown_path(content_dir)!r} {state}"
        return LoadResult(None, (make_problem(shown_path(content_dir / "site.yaml"), 1, 1, "OMC319", message),))
    found = _discover(content_dir)
    if found.site is None:
        return LoadResult(None, _not_a_content_folder(content_dir, found.problems))
    problems = list(found.problems)
    site = _check_top("site", found.site)
    stages = _check_top("stages", found.stages)
    cache = None
    if cache_dir is not None and not is_inside(Path(cache_dir), content_dir):
        cache = ParseCache(Path(cache_dir), content_dir)
    read: dict[str, list[KeptFile | _Unchecked]] = {}
    folders: dict[str, str] = {}
    for kind, listing in found.files.items():
        # One relpath per folder: per file it is a measurable share of a warm run.
        read[kind] = [
            _cached_or_unchecked(
                kind, listed, os.path.join(_shown_folder(listed, folders), printable(listed.name)), cache, build_model
            )
            for listed in listing
        ]
    unchecked = [item for items in read.values() for item in items if isinstance(item, _Unchecked)]
    newly_checked = iter(_check_all(unchecked, jobs))
    checked: dict[str, list[KeptFile]] = {}
    for kind, items in read.items():
        checked[kind] = []
        for item in items:
            if isinstance(item, _Unchecked):
                item, digest = next(newly_checked)
                if cache is not None and digest is not None:
                    cache.put(item, digest)
            checked[kind].append(item)
    if cache is not None:
        cache.save(with_records=build_model)
    everything = [item for item in (site, stages) if item is not None] + [
        kept.facts for kind in KIND_FOLDERS.values() for kept in checked[kind]
    ]
    files_read = {kind: sum(1 for file in everything if file.kind == kind) for kind in FILE_KINDS}
    for file in everything:
        problems.extend(file.problems)
    # The rules across files see only the facts a warm `check` gets from the parse cache,
    # cold or warm: a rule that reads more fails on every run, never only on a cold one.
    seen = {kind: [item.facts for item in checked[kind]] for kind in ("journey", "observation", "notice")}
    problems.extend(check_across(site, stages, seen["journey"], seen["observation"], seen["notice"]))
    logo, logo_problems = read_logo(content_dir, site) if site is not None else (None, [])
    problems.extend(logo_problems)
    problems.sort(key=Problem.sort_key)
    content = None
    if build_model and site is not None and not any(problem.severity == "error" for problem in problems):
        # Each record is decoded as its model is built, so only one is held decoded at a time.
        journeys, observations, notices = ((item.checked() for item in checked[kind]) for kind in KIND_FOLDERS.values())
        content = build_content(site, stages, journeys, observations, notices, logo=logo)
    return LoadResult(
        content,
        tuple(problems),
        cache.hits if cache is not None else 0,
        {kind: count for kind, count in files_read.items() if count},
    )
