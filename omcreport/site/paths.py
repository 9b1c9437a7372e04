"""Output paths of the site: named only from validated tokens and ids, and checked to
stay inside the output folder (content-derived names are untrusted)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from omcreport.errors import OmcError
from omcreport.vocabulary import NAME, NOTICE_FOLDER, TOKEN, TRACK_FOLDER


class UnsafeOutputPath(OmcError):
    """A name from content would write outside the site folder, or is not a valid name."""


def checked_name(value: str, pattern: re.Pattern[str], what: str) -> str:
    if not pattern.fullmatch(value) or value in {".", ".."}:
        # Never print a token's value.
        raise UnsafeOutputPath(f"refusing to write a page for an invalid {what}")
    return value


def inside(out_dir: Path, relative: str) -> Path:
    """`out_dir / relative`, refusing anything that would land outside `out_dir`.

    The check is lexical: `out_dir` is a fresh folder only this writer fills, so it holds
    no symbolic link that could redirect a path, and names come from validated tokens.
    """
    normal = posixpath.normpath(relative)
    if relative.startswith("/") or normal == ".." or normal.startswith("../") or "\\" in relative:
        raise UnsafeOutputPath(f"refusing to write outside the site folder: {relative}")
    return out_dir / normal


def track_folder(token: str) -> str:
    return TRACK_FOLDER.format(token=checked_name(token, TOKEN, "token"))


def notice_folder(notice_id: str) -> str:
    return NOTICE_FOLDER.format(id=checked_name(notice_id, NAME, "notice id"))
