"""What `build` shows while it works, on stderr: a bar redrawn in place on a terminal,
one line per step where stderr is a log (CI), nothing with `-q`; `-v` adds each step's
time as it ends. The build reports its steps through `StepProgress`."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Literal, Protocol, TextIO

Verbosity = Literal["quiet", "normal", "verbose"]

# The build's steps (omcreport.build), as the user reads them.
STEP_WORDS: dict[str, str] = {
    "load": "loading and checking the content",
    "site": "writing the site",
    "reports": "writing the reports (PDFs)",
}
BAR_WIDTH = 24
REDRAW_SECONDS = 0.2
_CLEAR_LINE = "\r\x1b[K"


class StepProgress(Protocol):
    def start(self) -> None:
        """The build will run: its outputs are claimed (a refused one stays one line)."""

    def begin(self, step: str) -> None: ...

    def end(self, step: str, seconds: float) -> None: ...


class NoProgress:
    def start(self) -> None:
        pass

    def begin(self, step: str) -> None:
        pass

    def end(self, step: str, seconds: float) -> None:
        pass


def _words(step: str) -> str:
    return STEP_WORDS.get(step, step)


class StepLines:
    """One line per step as it begins (a log keeps every line; a bar would be noise there)."""

    def __init__(self, steps: Sequence[str], stream: TextIO, verbose: bool, header: str) -> None:
        self._steps, self._stream, self._verbose, self._header = list(steps), stream, verbose, header

    def start(self) -> None:
        self._stream.write(f"{self._header}\n")
        self._stream.flush()

    def begin(self, step: str) -> None:
        number = self._steps.index(step) + 1 if step in self._steps else 0
        self._stream.write(f"{_words(step)} (step {number} of {len(self._steps)})\n")
        self._stream.flush()

    def end(self, step: str, seconds: float) -> None:
        if self._verbose:
            self._stream.write(f"{step} took {seconds:.2f} s\n")
            self._stream.flush()


class TerminalBar:
    """A bar over the steps, redrawn in place with the running step and its time."""

    def __init__(self, steps: Sequence[str], stream: TextIO, verbose: bool, header: str) -> None:
        self._steps, self._stream, self._verbose, self._header = list(steps), stream, verbose, header
        self._lock = threading.Lock()
        self._step: str | None = None
        self._done = 0
        self._since = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._redraw_until_stopped, name="build-progress", daemon=True)

    def start(self) -> None:
        with self._lock:
            self._stream.write(f"{self._header}\n")
            self._draw()
        self._thread.start()

    def begin(self, step: str) -> None:
        with self._lock:
            self._step, self._since = step, time.perf_counter()
            self._draw()

    def end(self, step: str, seconds: float) -> None:
        with self._lock:
            self._step = None
            self._done += 1
            if self._verbose:
                self._stream.write(f"{_CLEAR_LINE}{step} took {seconds:.2f} s\n")
            self._draw()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if not self._started():
            return
        with self._lock:
            self._stream.write(_CLEAR_LINE)
            self._stream.flush()

    def _started(self) -> bool:
        return self._thread.ident is not None

    def _redraw_until_stopped(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            with self._lock:
                self._draw()

    def _draw(self) -> None:
        total = max(len(self._steps), 1)
        filled = BAR_WIDTH * self._done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        step = self._step
        doing = "" if step is None else f" {_words(step)} {time.perf_counter() - self._since:.1f} s"
        self._stream.write(f"{_CLEAR_LINE}[{bar}] {self._done}/{total}{doing}")
        self._stream.flush()


@contextmanager
def step_progress(
    steps: Sequence[str], verbosity: Verbosity, header: str, stream: TextIO | None = None
) -> Iterator[StepProgress]:
    """The progress for this stderr: `header` (the as-of line) once the build starts, then a
    bar on a terminal or lines in a log; nothing when quiet. The bar is gone from the
    screen when the block ends, so what follows starts clean."""
    out = sys.stderr if stream is None else stream
    if verbosity == "quiet":
        yield NoProgress()
        return
    if not out.isatty():
        yield StepLines(steps, out, verbose=verbosity == "verbose", header=header)
        return
    bar = TerminalBar(steps, out, verbose=verbosity == "verbose", header=header)
    try:
        yield bar
    finally:
        bar.close()
