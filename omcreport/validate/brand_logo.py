"""site.yaml's `brand.logo`: read from inside the content folder and judged by its bytes,
never by its name, so the site publishes only a small image of a kind browsers show."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from omcreport.errors import Problem
from omcreport.model import Logo
from omcreport.validate.per_file import CheckedFile
from omcreport.validate.rules import make_problem

MAX_LOGO_BYTES = 64 * 1024


def image_kind(data: bytes) -> str | None:
    """png, jpg or webp from the file's signature; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def read_logo(content_dir: Path, site: CheckedFile) -> tuple[Logo | None, list[Problem]]:
    written = ((site.record or {}).get("brand") or {}).get("logo")
    if written is None:
        return None, []
    line, col = site.at.get("brand.logo", (1, 1))

    def refuse(code: str, message: str) -> tuple[None, list[Problem]]:
        return None, [make_problem(site.path, line, col, code, f"logo: {message}")]

    root = content_dir.resolve()
    target = (content_dir / written).resolve()
    if not target.is_relative_to(root):
        return refuse("OMC322", f"{written!r} leads outside the content folder (through a link)")
    try:
        with open(target, "rb", opener=lambda path, flags: os.open(path, flags | os.O_NOFOLLOW)) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return refuse("OMC322", f"{written!r} is not a regular file")
            data = handle.read(MAX_LOGO_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        return refuse("OMC322", f"{written!r} does not exist in the content folder")
    except IsADirectoryError:
        return refuse("OMC322", f"{written!r} is a folder, not an image file")
    except OSError as error:
        return refuse("OMC322", f"cannot read {written!r}: {error.strerror}")
    if len(data) > MAX_LOGO_BYTES:
        return refuse("OMC323", f"{written!r} is over 64 KiB; pages stay light on a phone, so shrink it")
    kind = image_kind(data)
    if kind is None:
        return refuse("OMC323", f"{written!r} is not a PNG, JPEG or WebP image (judged by its bytes)")
    return Logo(data=data, extension=kind), []
