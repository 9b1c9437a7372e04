"""Regenerate docs/cli.md from the commands' own --help text.

    python -m tests.docs_cli_regenerate

tests/test_docs_cli.py fails whenever docs/cli.md differs from what this writes, so the
reference can never drift from the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from omcreport.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = ROOT / "docs" / "cli.md"
WIDTH = 88

INTRO = """\
# Command line reference

Generated from each command's `--help` by `python -m tests.docs_cli_regenerate`;
`tests/test_docs_cli.py` fails when this page and the commands disagree. Every command
takes `-h` as well as `--help`.

Exit status, for every command: 0 ok, 1 content errors (or another error the message
explains), 2 usage errors (a bad option or argument).
"""


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand, in help order: (), ("build",), ("new",), ("new", "journey"), ..."""
    paths: list[tuple[str, ...]] = [()]
    context = click.Context(cli, info_name="omcreport")
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None, name
        paths.append((name,))
        if isinstance(command, click.Group):
            sub_context = click.Context(command, info_name=name, parent=context)
            paths.extend((name, sub) for sub in command.list_commands(sub_context))
    return paths


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="omcreport", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"omcreport {' '.join(path)} --help failed:\n{result.output}")
    return result.output.rstrip() + "\n"


def render_cli_reference() -> str:
    parts = [INTRO]
    for path in command_paths():
        title = " ".join(("omcreport", *path))
        heading = "##" if len(path) < 2 else "###"
        parts.append(f"{heading} `{title}`\n\n```text\n$ {title} --help\n{help_text(path)}```\n")
    return "\n".join(parts)


def main() -> int:
    CLI_MD.parent.mkdir(parents=True, exist_ok=True)
    CLI_MD.write_text(render_cli_reference(), encoding="utf-8")
    print(f"wrote {CLI_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
