"""How the tool stops on Ctrl-C and SIGTERM: the main process unwinds (staging folders
removed, previous output kept) and exits 130 or 143; worker processes ignore both and
are ended by the main process, so no worker prints a traceback or keeps a pool waiting."""

from __future__ import annotations

import signal
from types import FrameType

INTERRUPTED_EXIT = 130  # 128 + SIGINT
TERMINATED_EXIT = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt, through every cleanup."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def handle_termination() -> None:
    """In the main process: turn SIGTERM into `Terminated`."""
    signal.signal(signal.SIGTERM, _raise_terminated)


def ignore_interrupts() -> None:
    """In a worker process: the main process alone decides when work stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
