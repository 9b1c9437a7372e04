"""`omcreport serve`: options only; the preview lives in omcreport.preview."""

from __future__ import annotations

from pathlib import Path

import click

from omcreport.preview import serve_preview


@click.command("serve")
@click.argument("content_dir", default="content", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Keep it local: the preview serves internal reports.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
def command(content_dir: Path, host: str, port: int) -> None:
    """Build CONTENT_DIR (default: content) into a temporary folder and serve it locally.

    Every change to the content rebuilds it and reloads the open page. Content errors
    show in the terminal and over the page, while the last good build stays served.
    The internal index at /_preview/ lists the tracking pages and the reports
    (findings.pdf, journey PDFs, findings.json, links.csv). None of the preview's
    extras (reload script, overlay, index) is ever part of `omcreport build`.

    \b
    Example:
      omcreport serve content --port 8000
      # then open http://127.0.0.1:8000/ and http://127.0.0.1:8000/_preview/
    """
    serve_preview(content_dir, host, port)
