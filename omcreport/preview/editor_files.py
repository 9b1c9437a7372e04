"""Files editors and desktops write beside the one being edited, which are never
content: swap and lock files, backups, the temporary file of a safe save. `serve`
neither lists them as changes nor rebuilds for them (the rename that ends a safe save
changes the real file, which does rebuild)."""

from __future__ import annotations

import re
from pathlib import PurePath

_LEFTOVERS = re.compile(
    r"""
      \.sw[a-px]$             # Vim swap files: .swp, .swo ... and .swx (the swap test)
    | ^4913$                  # Vim's probe that the folder is writable
    | ~$                      # backups: Vim, Emacs, gedit, nano
    | ^\.\#                   # Emacs lock files (.#name)
    | ^\#.*\#$                # Emacs auto-save files (#name#)
    | ^\.goutputstream-       # GNOME's (GIO) safe-save temporary files
    | \.tmp$                  # safe-save temporaries of many editors
    | \.kate-swp$             # Kate
    | \.___jb_(tmp|old)___$   # JetBrains' safe save
    | ^\.~lock\..*\#$         # LibreOffice locks
    | \.crswap$               # VS Code's remote swap files
    | ^\.DS_Store$            # macOS Finder
    | ^\._                    # macOS resource forks on other file systems
    | ^Thumbs\.db$            # Windows Explorer
    | ^desktop\.ini$          # Windows Explorer
    """,
    re.VERBOSE,
)


def is_editor_leftover(path: str | PurePath) -> bool:
    """Whether the file at `path` is an editor's or desktop's own, by its name."""
    return _LEFTOVERS.search(PurePath(path).name) is not None
