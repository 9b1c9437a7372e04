"""Output trees built aside and swapped in whole.

A build writes into a staging folder beside its target (same filesystem), and only
when everything has been written is the staging folder exchanged with the target.
On Linux the exchange is one `renameat2(RENAME_EXCHANGE)` call, so a reader or a
Ctrl-C at any moment sees either the old tree or the new one. Where that call is not
available, the old tree is first renamed aside and the new one renamed in: two renames,
each atomic. Staging and retired folders left by an interrupted run are swept at the
start of the next one.

Three rules keep a user's own files safe:
- **Ownership.** Every tree the tool builds holds a marker file (`OWNER_MARK`). The tool
  replaces only a missing folder, an empty one, or one that holds its marker; it refuses,
  before any work, an output that is, contains or lies inside the content folder or the
  current folder (`claim_output`).
- **One writer at a time.** A build holds an advisory lock on a file beside each output
  (`output_lock`) from before it sweeps leftovers until after its swap; a second build
  waits a bounded time, then refuses. Whatever staging folder exists while the lock is
  free belongs to a run that is gone, so the sweep never touches live work.
- **Complete or nothing.** The staged tree is checked for every file the build planned
  before it is swapped in.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from omcreport.errors import EnvironmentFault, UsageError, environment_fault
from omcreport.kept_files import keep_identical, place
from omcreport.spare_folders import folders_of, keep_as_spare, take_spare

OWNER_MARK = ".omcreport-output"
OWNER_MARK_TEXT = "This folder was built by omcreport; each build replaces it whole.\n"
# How long a build waits for another build of the same output to finish (seconds).
LOCK_WAIT_SECONDS = 60.0
LOCK_WAIT_VARIABLE = "OMCREPORT_LOCK_WAIT"

_STAGING_MARK = ".omcreport-staging-"
_RETIRED_MARK = ".omcreport-retired-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name, use_errno=True)
    return getattr(libc, "renameat2", None)


_RENAMEAT2 = _libc_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def sweep_leftovers(target: Path) -> None:
    """Remove staging and retired folders that an interrupted run left beside `target`.

    Called with `output_lock(target)` held, so no live build owns any of them."""
    parent = target.parent
    if not parent.is_dir():
        return
    prefixes = (f".{target.name}{_STAGING_MARK}", f".{target.name}{_RETIRED_MARK}")
    for entry in sorted(parent.iterdir()):
        if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)


@contextmanager
def staged_tree(
    target: Path, *, required: Iterable[str] = (), kept_by_writer: bool = False, reuse_folders: bool = False
) -> Iterator[Path]:
    """Yield a staging folder that holds no file; on normal exit it replaces `target` whole.

    The caller holds `output_lock(target)`. Before the swap the staging folder gets the
    owner mark and must hold every path in `required` (relative, `/`-separated); then
    every file equal to the one it replaces becomes a link to it (omcreport.kept_files),
    unless `kept_by_writer` says the writer already linked each one as it wrote it. With
    `reuse_folders` the staging folder starts with the folders of `required` the last
    build left (omcreport.spare_folders), and the retired tree is kept as such folders.
    On any exception (KeyboardInterrupt included) the staging folder is removed and
    `target` is untouched; an OSError becomes one line naming `target`.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} exists and is not a folder; refusing to replace it")
    required = list(required)
    folders = folders_of(required) if reuse_folders else None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_leftovers(target)
        staging = target.parent / f".{target.name}{_STAGING_MARK}{os.getpid()}"
        if folders is None or not take_spare(target, staging, folders):
            staging.mkdir()
    except OSError as error:
        raise environment_fault("write", f"{target}/", error) from None
    try:
        yield staging
        root = os.fspath(staging)
        missing = sorted(name for name in required if not os.path.isfile(os.path.join(root, name)))
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            raise EnvironmentFault(f"the new {target}/ is incomplete ({shown} missing); the previous one is kept")
        previous_mark = os.fspath(target / OWNER_MARK) if target.is_dir() else None
        place(OWNER_MARK_TEXT.encode("utf-8"), os.fspath(staging / OWNER_MARK), previous_mark)
        if not kept_by_writer:
            keep_identical(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise environment_fault("write", f"{target}/", error) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        retired = _swap_in(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise environment_fault("replace", f"{target}/", error) from None
    if retired is None:
        return
    if folders is not None:
        keep_as_spare(retired, target, folders)
    else:
        shutil.rmtree(retired, ignore_errors=True)


def _swap_in(staging: Path, target: Path) -> Path | None:
    """Put `staging` in the place of `target`; the path that now holds the previous tree."""
    if not target.exists():
        staging.rename(target)
        return None
    if _exchange(staging, target):
        return staging
    retired = target.parent / f".{target.name}{_RETIRED_MARK}{os.getpid()}"
    target.rename(retired)
    staging.rename(target)
    return retired


def check_separate(site_dir: Path, reports_dir: Path) -> None:
    """Reports are internal: they may never be written inside the public site (or the reverse)."""
    site = site_dir.resolve()
    reports = reports_dir.resolve()
    if _overlap(site, reports):
        raise UsageError(
            f"the reports folder ({reports_dir}) and the site folder ({site_dir}) must not contain each other"
        )


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


def claim_output(target: Path, *, content_dir: Path, option: str) -> None:
    """Refuse, before any work, an output the tool must not replace (see the module's rules)."""
    resolved = target.resolve()
    content = content_dir.resolve()
    here = Path.cwd().resolve()
    how = f"choose another {option}"
    if resolved == here or resolved in here.parents:
        raise UsageError(f"refusing to build into {target}/: it is or holds the current folder; {how}")
    if _overlap(resolved, content):
        raise UsageError(f"refusing to build into {target}/: it is, holds or lies inside the content folder; {how}")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"refusing to build into {target}: it exists and is not a folder; {how}")
    if target.is_dir() and not (target / OWNER_MARK).is_file() and _has_entries(target):
        raise UsageError(
            f"refusing to replace {target}/: it is not a folder omcreport built (no {OWNER_MARK} in it); "
            f"move it away or {how}"
        )


def _has_entries(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError as error:
        raise environment_fault("read", f"{folder}/", error) from None


def _lock_wait() -> float:
    text = os.environ.get(LOCK_WAIT_VARIABLE, "")
    try:
        return max(0.0, float(text)) if text else LOCK_WAIT_SECONDS
    except ValueError:
        raise UsageError(f"{LOCK_WAIT_VARIABLE} must be a number of seconds, not {text!r}") from None


@contextmanager
def output_lock(target: Path) -> Iterator[None]:
    """Hold the advisory lock of `target` (the file `.<name>.lock` beside it)."""
    lock_path = target.parent / f".{target.name}.lock"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+b")  # noqa: SIM115  # closed below, after the lock is released
    except OSError as error:
        raise environment_fault("write", f"{target}/", error) from None
    try:
        wait = _lock_wait()
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EnvironmentFault(
                        f"another build is writing {target}/ (waited {wait:g} s for it); try again when it has finished"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def copy_previous(target: Path, staging: Path, *, rewritten: Iterable[str] = ()) -> None:
    """Start a staging folder from the current tree (for builds that replace only a part),
    without the files in `rewritten` (top-level names), which this build writes anew, and
    without the owner mark, which the swap writes."""
    if target.is_dir():
        skipped = {*rewritten, OWNER_MARK}
        shutil.copytree(
            target,
            staging,
            dirs_exist_ok=True,
            symlinks=True,
            ignore=lambda folder, names: [name for name in names if Path(folder) == target and name in skipped],
        )
