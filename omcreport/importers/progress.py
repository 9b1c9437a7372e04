"""The import's progress bar on stderr, shown only when the command asks (stderr is a terminal).

One bar per phase: `reading` for the readers that know their size before they start
(OCEL SQLite, Parquet), then `importing` while journeys are built and written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import click


class Advance(Protocol):
    def __call__(self, steps: int = 1) -> None: ...


def no_progress(steps: int = 1) -> None:
    """No bar: nothing to move."""


@contextmanager
def progress(show: bool, length: int, label: str) -> Iterator[Advance]:
    """A bar of `length` steps labelled `label`; the callable moves it on."""
    if not show or length <= 0:
        yield no_progress
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:

        def advance(steps: int = 1) -> None:
            bar.update(steps)

        yield advance
