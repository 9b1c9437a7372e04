"""A log file's bytes, gunzipped when they are gzip, within the import's budget.

Gzip is recognised by its content, not its name, and decompressed a chunk at a time:
a log that would inflate past `limits.gzip_budget` (a "gzip bomb") is refused after
reading at most that many bytes, so memory stays bounded whatever the file holds.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from pathlib import Path
from typing import BinaryIO

from omcreport import limits
from omcreport.importers.failure import ImportFailed, error, over_budget

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def read_log_bytes(path: Path, display_path: str) -> bytes:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            is_gzip = handle.read(2) == GZIP_MAGIC
            handle.seek(0)
            if is_gzip:
                return _gunzipped(handle, size, display_path)
            if path.name.endswith(".gz"):
                raise ImportFailed(
                    [error(display_path, 1, 1, "OMC901", "the log is named .gz but is not gzip-compressed")]
                )
            check_log_size(size, display_path)
            return handle.read()
    except OSError as failure:
        message = f"cannot read the log: {failure.strerror or failure}"
        raise ImportFailed([error(display_path, 1, 1, "OMC901", message)]) from None


def check_log_size(size: int, display_path: str, what: str = "bytes") -> None:
    """ImportFailed (OMC909) for a log of more than the import's budget of bytes."""
    if size > limits.MAX_LOG_BYTES:
        raise _over_budget(display_path, f"has {size:,} {what}", limits.MAX_LOG_BYTES)


def _gunzipped(handle: BinaryIO, compressed: int, display_path: str) -> bytes:
    budget = limits.gzip_budget(compressed)
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of a large log
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
            while chunk := unzipped.read(_CHUNK):
                if out.tell() + len(chunk) > budget:
                    raise _over_budget(display_path, "decompresses to more than that", budget, compressed)
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as failure:
        message = f"the log looks like gzip but cannot be decompressed ({failure})"
        raise ImportFailed([error(display_path, 1, 1, "OMC901", message)]) from None
    return out.getvalue()


def _over_budget(display_path: str, found: str, budget: int, compressed: int | None = None) -> ImportFailed:
    if compressed is None:
        limit = f"an import reads at most {limits.byte_words(budget)} of log"
    else:
        limit = (
            f"a gzip log of {limits.byte_words(compressed)} may decompress to at most {limits.byte_words(budget)} "
            f"({limits.MAX_GZIP_INFLATION} times its size, at least {limits.byte_words(limits.GZIP_INFLATION_FLOOR)}, "
            f"at most {limits.byte_words(limits.MAX_LOG_BYTES)})"
        )
    return ImportFailed([over_budget(display_path, 1, limit, found)], "in the log")
