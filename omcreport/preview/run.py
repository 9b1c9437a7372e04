"""Run a preview: bind, build, serve, and rebuild whenever the content folder changes."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click
import watchfiles

from omcreport.errors import OmcError
from omcreport.preview.editor_files import is_editor_leftover
from omcreport.preview.server import is_loopback, make_server
from omcreport.preview.session import PreviewSession

# Editors save in bursts (a temp file, a rename); one rebuild per burst.
DEBOUNCE_MS = 200
WATCH_TICK_MS = 300


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _first_build(session: PreviewSession, url: str) -> None:
    click.echo(f"omcreport serve: building {session.content_dir} into {session.root}", err=True)
    site_built = session.build_site()
    click.echo(f"omcreport serve: serving {url} (pages and reports: {url}_preview/); Ctrl-C stops", err=True)
    if site_built:
        session.request_reports()


class ContentChanges(watchfiles.DefaultFilter):
    """watchfiles' own ignores (.git, __pycache__ ...) and every editor leftover."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return super().__call__(change, path) and not is_editor_leftover(path)


def _watch_and_rebuild(session: PreviewSession, url: str, stop: threading.Event) -> None:
    started = False
    # With yield_on_timeout the first (empty) batch arrives once the watcher is live, so
    # the first build starts only then: an edit made while a build runs is not lost, it
    # triggers the next build.
    for changes in watchfiles.watch(
        session.content_dir,
        debounce=DEBOUNCE_MS,
        rust_timeout=WATCH_TICK_MS,
        yield_on_timeout=True,
        raise_interrupt=True,
        stop_event=stop,
        watch_filter=ContentChanges(),
    ):
        if stop.is_set():
            return
        if not started:
            started = True
            _first_build(session, url)
        elif changes:
            changed = sorted({Path(path).name for _, path in changes})
            click.echo(f"omcreport serve: changed: {', '.join(changed)}; rebuilding", err=True)
            session.rebuild()


def serve_preview(content_dir: Path, host: str, port: int) -> None:
    """Serve until Ctrl-C (or SIGTERM); the temporary build folder is removed on the way out."""
    if not content_dir.is_dir():
        raise OmcError(f"{content_dir}: no such content folder")
    session = PreviewSession(content_dir)
    stop = threading.Event()

    def stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
        # Only a flag: the watcher sees it within milliseconds, a running build finishes
        # first, and the temporary folder is removed on the normal way out.
        stop.set()

    previous_handler = signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        server = make_server(host, port, session)
        if not is_loopback(str(server.server_address[0])):
            click.echo(
                f"omcreport serve: warning: listening on {host}: anyone who can reach this port can read the "
                "internal reports under /_preview/",
                err=True,
            )
        with server:
            threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
            try:
                _watch_and_rebuild(session, _url(host, server.server_address[1]), stop)
            finally:
                server.shutdown()
        click.echo("omcreport serve: stopped", err=True)
    except KeyboardInterrupt:
        click.echo("omcreport serve: stopped", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        session.close()
