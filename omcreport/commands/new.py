"""`omcreport new`: options only; the files come from omcreport.scaffold."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from omcreport import scaffold
from omcreport.catalogue import STAGE_KEYS

CONTENT_DIR_OPTION = click.option(
    "--content-dir",
    default="content",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="The content folder to write into.",
)


def _name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not scaffold.is_valid_name(value):
        raise click.BadParameter(
            f"{value!r} must be 1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit",
            ctx=ctx,
            param=param,
        )
    return value


def _now() -> datetime:
    # A starting file is stamped with the editor's own time and offset; nothing built reads it.
    return datetime.now().astimezone()


def _written(path: Path, content_dir: Path) -> None:
    click.echo(path)
    if not (content_dir / "site.yaml").exists():
        click.echo(f"note: {content_dir} has no site.yaml yet; `omcreport new site` writes one", err=True)


@click.group("new")
def command() -> None:
    """Write a valid, commented starting file into the content folder.

    Each file begins with a `# yaml-language-server: $schema=` line pointing at the
    content folder's .schemas/, which every `new` writes or refreshes, so editors
    with the YAML extension complete and check fields (see docs/editors.md).
    An existing file is never overwritten (exit 1); a bad ORDER or ID exits 2.

    \b
    Example:
      omcreport new journey SO-1042 --public
      omcreport new observation OBS-020 --stage billing
      omcreport new notice 2026-04-leeds-delays
      omcreport new token
    """


@command.command("journey", short_help="A journey: one order followed through the cycle.")
@click.argument("order", callback=_name)
@click.option("--public", is_flag=True, help="Give the order a public tracking page with a fresh random token.")
@CONTENT_DIR_OPTION
def journey(order: str, public: bool, content_dir: Path) -> None:
    """Write journeys/ORDER.yaml: an order followed through the cycle.

    With --public it gets a `public` block and a fresh random token of 192 bits,
    which is the secret address of the customer's tracking page.

    \b
    Example:
      omcreport new journey SO-1042 --public
    """
    _written(scaffold.new_journey(content_dir, order, public=public, now=_now()), content_dir)


@command.command("observation", short_help="An observation: one internal finding from a stage.")
@click.argument("identifier", metavar="ID", callback=_name)
@click.option("--stage", required=True, type=click.Choice(STAGE_KEYS), help="The stage the finding is about.")
@CONTENT_DIR_OPTION
def observation(identifier: str, stage: str, content_dir: Path) -> None:
    """Write observations/ID.yaml: one internal finding from a stage.

    \b
    Example:
      omcreport new observation OBS-020 --stage billing
    """
    _written(scaffold.new_observation(content_dir, identifier, stage=stage, now=_now()), content_dir)


@command.command("notice", short_help="A public service notice (delays, incidents).")
@click.argument("identifier", metavar="ID", callback=_name)
@click.option(
    "--stage",
    default=scaffold.NOTICE_DEFAULT_STAGE,
    show_default=True,
    type=click.Choice(STAGE_KEYS),
    help="The public stage the notice affects (add more in the file).",
)
@CONTENT_DIR_OPTION
def notice(identifier: str, stage: str, content_dir: Path) -> None:
    """Write notices/ID.yaml: a public service notice (delays, incidents).

    \b
    Example:
      omcreport new notice 2026-04-leeds-delays --stage fulfillment
    """
    _written(scaffold.new_notice(content_dir, identifier, stage=stage, now=_now()), content_dir)


@command.command("site", short_help="site.yaml, the one file every content folder needs.")
@CONTENT_DIR_OPTION
def site(content_dir: Path) -> None:
    """Write site.yaml, the one file every content folder needs.

    \b
    Example:
      omcreport new site --content-dir content
    """
    click.echo(scaffold.new_site(content_dir))


@command.command("token", short_help="Print a fresh random token (to rotate a leaked one).")
def token() -> None:
    """Print a fresh random token for a public page, to rotate a leaked one.

    Put it in the journey's `public.token` and rebuild: the page moves to the new
    address and the old one disappears (see docs/security.md).

    \b
    Example:
      omcreport new token
    """
    click.echo(scaffold.new_token())
