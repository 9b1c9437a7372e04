"""`omcreport serve`: a local preview that rebuilds on every change.

Nothing here is part of a real build: the reload script, the problems overlay and the
internal index of reports at `/_preview/` exist only while previewing.
"""

from omcreport.preview.run import serve_preview

__all__ = ["serve_preview"]
