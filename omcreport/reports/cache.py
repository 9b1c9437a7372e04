"""Rendered PDFs kept by the hash of everything that went into them.

The key covers the full HTML (content, figures and as-of are all in it), the theme's
files, the tool's and WeasyPrint's versions and the engine options; a PDF whose key is
in the cache is copied instead of rendered.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib.metadata import version
from pathlib import Path

from omcreport import __version__
from omcreport.cache import touch
from omcreport.output_files import create_copy

ENGINE_OPTIONS = "pdf_variant=pdf/ua-1;pdf_identifier=sha256(html)[:32];compressed"


def render_key(html: str, theme_fingerprint: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, version("weasyprint"), ENGINE_OPTIONS, theme_fingerprint, html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class PdfCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def path(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / key[:2] / f"{key}.pdf"

    def fetch(self, key: str, destination: Path) -> bool:
        """Copy the cached PDF of `key` to `destination`; False when there is none."""
        cached = self.path(key)
        if cached is None or not cached.is_file():
            return False
        create_copy(cached, destination)
        touch(os.fspath(cached))
        return True

    def store(self, key: str, rendered: Path) -> None:
        cached = self.path(key)
        if cached is None:
            return
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        shutil.copyfile(rendered, partial)
        os.replace(partial, cached)
