"""The command line: a group whose commands load lazily, so `omcreport check` never
imports the PDF engine. Each command lives in `omcreport/commands/<name>.py` as
`command`, parses its options there and calls one function that does the work."""

from __future__ import annotations

import importlib
import sys

import click

from omcreport import __version__
from omcreport.errors import EnvironmentFault
from omcreport.signals import INTERRUPTED_EXIT, TERMINATED_EXIT, Terminated, handle_termination

COMMANDS: dict[str, str] = {
    "check": "Validate a content folder and report every problem with file:line:col.",
    "build": "Build the public site and the executive reports.",
    "new": "Write a valid, commented starting file for a journey, observation or notice.",
    "schema": "Print the JSON Schema of a content file kind.",
    "serve": "Build, serve locally and rebuild on every change (preview).",
    "stats": "Print the headline figures of the findings report.",
    "import": "Import an order event log (OCEL 2.0, CSV or Parquet) into journeys.",
    "cache": "Show or empty the cache folder.",
}

# Command names that are not valid module names.
MODULES: dict[str, str] = {"import": "import_log"}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"omcreport.commands.{MODULES.get(cmd_name, cmd_name)}")
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing the commands must not import them (build would pull in WeasyPrint).
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="omcreport")
def cli() -> None:
    """omcreport: staple yourself to an order.

    Order journeys and stage observations, kept as YAML in git, become a public status
    site for customers and PDF reports for executives.

    \b
    Example:
      omcreport check content
      omcreport build content --as-of 2026-11-25T12:00:00Z
    """


def main() -> None:
    """The installed `omcreport`: every way a run can end becomes one line and an exit
    status (docs/cli.md), never a traceback."""
    handle_termination()
    try:
        status = cli.main(prog_name="omcreport", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):  # Abort: click's form of Ctrl-C
        click.echo("omcreport: interrupted", err=True)
        sys.exit(INTERRUPTED_EXIT)
    except Terminated:
        click.echo("omcreport: terminated", err=True)
        sys.exit(TERMINATED_EXIT)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except OSError as error:
        # An environment fault no command turned into its own message (say, a disk
        # that filled while a cache was written).
        reason = error.strerror or str(error)
        fault = EnvironmentFault(f"{error.filename}: {reason}" if error.filename else reason)
        fault.show()
        sys.exit(fault.exit_code)
    sys.exit(status if isinstance(status, int) else 0)
