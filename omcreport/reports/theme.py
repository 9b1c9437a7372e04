"""Where the report theme lives and what it is made of.

The default theme ships inside the wheel as the package `omcreport.theme` (the
`templates/` folder of the repository); its `reports/` folder holds the PDF templates,
the print stylesheet and the fonts. WeasyPrint may read files from this folder and
nowhere else (see `fetcher.py`).
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path


def theme_dir() -> Path:
    """The folder of the report theme: templates, `report.css`, `fonts/`."""
    return Path(str(files("omcreport.theme"))) / "reports"


def theme_fingerprint(folder: Path) -> str:
    """A hash of every file of the theme, names and bytes, in sorted order: a change to
    a template, the stylesheet or a font changes every report's render input. Computed
    per build (a few milliseconds), so a long-lived process sees theme edits."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
