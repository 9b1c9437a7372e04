"""The cache entry of one tracking page: its files (HTML, status.json, feed, calendar)
in one file, under the hash of everything they are rendered from.

One file rather than a folder of four: storing a page is one create and one rename, and
reading it one open, which at 10,000 pages is most of what a warm build does. The entry
starts with a line naming each file and its size, then their bytes; an entry whose sizes
do not add up (a truncated write, a disk error, another format) reads as a miss.
"""

from __future__ import annotations

import json
import os

from omcreport.cache import touch

Files = dict[str, bytes]


def entry_path(cache_dir: str, key: str) -> str:
    return os.path.join(cache_dir, "pages", key[:2], key)


def read_entry(path: str) -> Files | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    header, newline, body = data.partition(b"\n")
    try:
        sizes = json.loads(header)
    except ValueError:
        return None
    if not newline or not isinstance(sizes, list):
        return None
    files: Files = {}
    offset = 0
    for item in sizes:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], int)):
            return None
        name, size = item
        files[name] = body[offset : offset + size]
        offset += size
    if offset != len(body):
        return None
    touch(path)
    return files


def store_entry(path: str, files: Files) -> None:
    """Write the entry whole (a partial file renamed into place): readers never see half of one."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    header = json.dumps([[name, len(data)] for name, data in files.items()]).encode()
    partial = f"{path}.{os.getpid()}.partial"
    with open(partial, "wb") as handle:
        handle.write(header + b"\n" + b"".join(files.values()))
    os.replace(partial, path)
