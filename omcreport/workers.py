"""Work split over forked worker processes: `map_spans(work, total, jobs)`.

The work is a function of a span `(start, stop)` of items the caller holds in a module
global before calling; forked workers inherit that global (the content, the files to
check) instead of receiving a pickled copy, and send back only their results. Workers
ignore Ctrl-C and SIGTERM (omcreport.signals): the main process alone decides when work stops.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import TypeVar

from omcreport.signals import ignore_interrupts

Result = TypeVar("Result")
Span = tuple[int, int]
# Spans per worker: small enough that a slow span does not leave the other cores idle.
SPANS_PER_JOB = 4


def available_cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def spans(total: int, count: int) -> list[Span]:
    size = max(1, -(-total // count))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def map_spans(work: Callable[[Span], Result], total: int, jobs: int, *, minimum: int = 2) -> list[Result]:
    """`work` over spans covering `0..total`, in order: in `jobs` forked processes, or in
    this one when there are fewer than `minimum` items per job or when another thread
    runs (forking a process that runs other threads, such as a preview server, can
    deadlock the child on a lock held elsewhere)."""
    if jobs <= 1 or total < minimum * jobs or threading.active_count() != 1:
        return [work((0, total))] if total else []
    context = multiprocessing.get_context("fork")
    # Frozen, the workers' collectors never walk (and so never copy) the inherited objects.
    gc.freeze()
    try:
        with context.Pool(jobs, initializer=ignore_interrupts) as pool:
            return pool.map(work, spans(total, jobs * SPANS_PER_JOB))
    finally:
        gc.unfreeze()
