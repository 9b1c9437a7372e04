"""Run a preview: bind, build, serve, and rebuild whenever the content folder changes."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click
import watchfiles

from omcreport.errors import OmcError
from omcreport.preview.server import make_server
from omcreport.preview.session import PreviewSession

# Editors save in bursts (a temp file, a rename); one rebuild per burst.
DEBOUNCE_MS = 200


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve_preview(content_dir: Path, host: str, port: int) -> None:
    """Serve until Ctrl-C (or SIGTERM); the temporary build folder is removed on the way out."""
    if not content_dir.is_dir():
        raise OmcError(f"{content_dir}: no such content folder")
    session = PreviewSession(content_dir)
    previous_handler = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server = make_server(host, port, session)
        with server:
            threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
            url = _url(host, server.server_address[1])
            click.echo(f"omcreport serve: building {content_dir} into {session.root}", err=True)
            session.rebuild()
            click.echo(f"omcreport serve: serving {url} (reports and pages: {url}_preview/); Ctrl-C stops", err=True)
            for changes in watchfiles.watch(content_dir, debounce=DEBOUNCE_MS, raise_interrupt=True):
                changed = sorted({Path(path).name for _, path in changes})
                click.echo(f"omcreport serve: changed: {', '.join(changed)}; rebuilding", err=True)
                session.rebuild()
    except KeyboardInterrupt:
        click.echo("omcreport serve: stopped", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        session.close()
