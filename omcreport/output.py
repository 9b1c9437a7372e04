"""Output trees built aside and swapped in whole.

A build writes into a staging folder beside its target (same filesystem), and only
when everything has been written is the staging folder exchanged with the target.
On Linux the exchange is one `renameat2(RENAME_EXCHANGE)` call, so a reader or a
Ctrl-C at any moment sees either the old tree or the new one. Where that call is not
available, the old tree is first renamed aside and the new one renamed in: two renames,
each atomic. Staging and retired folders left by an interrupted run are swept at the
start of the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from omcreport.errors import OmcError

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
    """Remove staging and retired folders that an interrupted run left beside `target`."""
    parent = target.parent
    if not parent.is_dir():
        return
    prefixes = (f".{target.name}{_STAGING_MARK}", f".{target.name}{_RETIRED_MARK}")
    for entry in sorted(parent.iterdir()):
        if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)


@contextmanager
def staged_tree(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on normal exit it replaces `target` whole.

    On any exception (KeyboardInterrupt included) the staging folder is removed and
    `target` is untouched.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OmcError(f"{target} exists and is not a folder; refusing to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(target)
    staging = target.parent / f".{target.name}{_STAGING_MARK}{os.getpid()}"
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, target)


def _swap_in(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous tree
        return
    retired = target.parent / f".{target.name}{_RETIRED_MARK}{os.getpid()}"
    target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired)


def check_separate(site_dir: Path, reports_dir: Path) -> None:
    """Reports are internal: they may never be written inside the public site (or the reverse)."""
    site = site_dir.resolve()
    reports = reports_dir.resolve()
    if site == reports or site in reports.parents or reports in site.parents:
        raise OmcError(
            f"the reports folder ({reports_dir}) and the site folder ({site_dir}) must not contain each other"
        )


def copy_previous(target: Path, staging: Path) -> None:
    """Start a staging folder from the current tree (for builds that replace only a part)."""
    if target.is_dir():
        shutil.copytree(target, staging, dirs_exist_ok=True, symlinks=True)
