"""Render many HTML documents to PDF files: from the cache, in-process, or in a pool.

With `jobs` > 1 the PDFs are rendered by long-lived worker processes, each set up once
(`PdfEngine`: stylesheet parsed and fonts registered once) and fed one document at a
time, largest first. Workers start with `spawn`, so each begins from a clean
interpreter rather than a copy of the build's memory. A process pool executor (not
`multiprocessing.Pool`) so that a worker that dies fails the build instead of hanging it.
"""

from __future__ import annotations

import atexit
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from omcreport.errors import OmcError
from omcreport.output_files import create_file
from omcreport.reports.cache import PdfCache, render_key
from omcreport.reports.theme import theme_fingerprint
from omcreport.signals import ignore_interrupts

if TYPE_CHECKING:
    from omcreport.reports.engine import PdfEngine


@dataclass(frozen=True)
class RenderJob:
    name: str  # shown in messages: "findings.pdf", "journeys/SO-1.pdf"
    html: str
    target: Path


@dataclass(frozen=True)
class RenderStats:
    rendered: int
    from_cache: int


_worker_engine: PdfEngine | None = None


_worker_theme: tuple[Path, str] | None = None
_worker_setup_error: str | None = None


def _start_worker(theme_folder: Path, fingerprint: str) -> None:
    """Set up this process's engine once; later builds in the same process reuse it
    while the theme's files are unchanged."""
    global _worker_engine, _worker_theme, _worker_setup_error
    from omcreport.reports.engine import PdfEngine, RenderError

    if _worker_engine is None or _worker_theme != (theme_folder, fingerprint):
        atexit.unregister(_stop_worker)
        atexit.register(_stop_worker)
        _worker_engine, _worker_theme, _worker_setup_error = None, None, None
        try:
            _worker_engine = PdfEngine(theme_folder)
        except RenderError as error:
            # Raising here would kill a pool worker, which the pool restarts forever:
            # keep the message and report it for each document instead.
            _worker_setup_error = error.format_message()
            return
        _worker_theme = (theme_folder, fingerprint)


def _start_pool_worker(theme_folder: Path, fingerprint: str) -> None:
    ignore_interrupts()
    _start_worker(theme_folder, fingerprint)


def _stop_worker() -> None:
    # WeasyPrint's font configuration cleans up in __del__, which fails if it runs
    # during interpreter teardown: release it while the modules are still there.
    global _worker_engine
    _worker_engine = None


def _render_to_file(job: RenderJob) -> str | None:
    """Render in a worker; the error message, or None when the PDF was written."""
    from omcreport.reports.engine import RenderError

    if _worker_engine is None:
        return _worker_setup_error or f"no PDF engine to render {job.name}"
    try:
        create_file(job.target, _worker_engine.render(job.html, job.name))
    except RenderError as error:
        return error.format_message()
    return None


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """End the pool at once: shutdown(wait=True) would first render every queued
    document, which is how Ctrl-C used to hang a pooled build."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public way to reach them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(2)


def render_all(jobs: list[RenderJob], theme_folder: Path, *, workers: int, cache_dir: Path | None) -> RenderStats:
    cache = PdfCache(cache_dir)
    fingerprint = theme_fingerprint(theme_folder)
    pending: list[tuple[RenderJob, str]] = []
    from_cache = 0
    for job in jobs:
        key = render_key(job.html, fingerprint)
        if cache.fetch(key, job.target):
            from_cache += 1
        else:
            pending.append((job, key))
    pending.sort(key=lambda item: (-len(item[0].html), item[0].name))

    errors: list[str] = []
    if workers <= 1 or len(pending) <= 1:
        if pending:
            _start_worker(theme_folder, fingerprint)
        outcomes = [_render_to_file(job) for job, _ in pending]
    else:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            min(workers, len(pending)),
            mp_context=context,
            initializer=_start_pool_worker,
            initargs=(theme_folder, fingerprint),
        )
        try:
            outcomes = list(pool.map(_render_to_file, [job for job, _ in pending], chunksize=1))
            pool.shutdown()
        except BaseException as stopped:
            _stop_now(pool)
            if isinstance(stopped, BrokenProcessPool):
                raise OmcError(f"a PDF worker process stopped unexpectedly ({stopped}); try --jobs 1") from None
            raise
    for (job, key), error in zip(pending, outcomes, strict=True):
        if error is not None:
            errors.append(error)
        else:
            cache.store(key, job.target)
    if errors:
        raise OmcError("\n".join(sorted(set(errors))))
    return RenderStats(rendered=len(pending), from_cache=from_cache)
