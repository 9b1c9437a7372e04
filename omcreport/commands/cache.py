"""`omcreport cache info` and `omcreport cache clear`: options only; the work is omcreport.cache."""

from __future__ import annotations

import click

from omcreport import cache
from omcreport.wording import count_noun


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


@click.group("cache")
def command() -> None:
    """Show or empty the cache folder: parsed content, rendered pages and PDFs, build manifests.

    The cache only ever saves time: a build with an empty one writes the same bytes. It
    lives outside every content folder ($XDG_CACHE_HOME/omcreport, else
    ~/.cache/omcreport), one folder per version set of omcreport and its libraries, and
    every build keeps it under OMCREPORT_CACHE_LIMIT_MB (default 2048), least recently
    used first.

    \b
    Example:
      omcreport cache info
      omcreport cache clear
    """


@command.command("info")
def info() -> None:
    """Print where the cache is, its size per environment and the limit.

    \b
    Example:
      omcreport cache info
    """
    listed = cache.folders()
    click.echo(f"cache folder: {cache.cache_base()}")
    for folder in listed:
        mark = " (this version)" if folder.current else ""
        click.echo(f"  {folder.path.name}{mark}: {count_noun(folder.files, 'file')}, {_megabytes(folder.size)}")
    total = sum(folder.size for folder in listed)
    click.echo(f"total {_megabytes(total)} of at most {_megabytes(cache.limit_bytes())}")


@command.command("clear")
def clear() -> None:
    """Remove the whole cache folder (every version's); the next build fills it again.

    \b
    Example:
      omcreport cache clear
    """
    removed = cache.clear()
    click.echo(f"removed {_megabytes(removed)} from {cache.cache_base()}")
