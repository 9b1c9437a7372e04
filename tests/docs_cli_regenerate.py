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

## Exit statuses

Every command ends with one of these, and an error is one line on standard error
(`omcreport: error: ...`), never a traceback:

| status | meaning |
| --- | --- |
| 0 | done |
| 1 | content errors (each printed with file:line:col), or another error the message explains |
| 2 | usage: a bad option or argument, or an output the build refuses to replace (below) |
| 3 | environment: the machine stopped the command (a full disk, a read-only folder, a path \
through a regular file, an output another build holds, an optional package a command needs \
that is not installed, such as pyarrow for `import parquet`); the previous output is untouched |
| 130 | interrupted (Ctrl-C): workers are stopped at once, staging folders removed, the previous output untouched |
| 143 | terminated (SIGTERM), likewise |

## Outputs: what `build` will replace

`build` writes each output (`--site-dir`, `--reports-dir`) beside it and swaps the
finished tree in whole. To keep a mistyped path from costing a user their files:

- **Ownership.** Every tree the tool builds holds a marker file, `.omcreport-output`.
  `build` replaces only a folder that does not exist, is empty, or holds that marker. It
  refuses, before any work and with exit status 2, an output that is, contains or lies
  inside the content folder or the current folder (`--site-dir .`, `..`, `content`,
  `content/journeys`), an existing folder with files but no marker, and a site and
  reports folder that contain each other. To proceed, move the folder away or choose
  another path. (A site built by a release before the marker existed is refused too:
  delete it once, and the next build makes a marked one.)
- **One build at a time.** A build holds an advisory lock on a file beside each output
  (`.site.lock` beside `site/`, `.reports.lock` beside `reports/`). A second build of the
  same output waits for it up to 60 seconds (`OMCREPORT_LOCK_WAIT`, in seconds, changes
  that), then stops with exit status 3. Staging folders left by a killed build are swept
  only under the lock, so a live build's work is never swept away.
- **Complete or nothing.** Before the swap, the new tree is checked to hold every file
  the build planned (each tracking page with its status.json and feed, the overview, the
  assets; findings.json, journeys.csv, findings.pdf and links.csv for the reports). Built files are
  copies, never links into the cache, so editing a built file cannot reach later builds.
- **Folders kept for the next build.** After the swap, the site tree it replaced is emptied
  of every file and kept beside the site as `.site.omcreport-spare/`, holding only the
  folders of the new site; the next build starts from those folders instead of creating
  one per tracking page again (at 10,000 pages that saves more than a second). It never
  holds a file, so nothing retired lingers there; deleting it is always safe. Leave it out
  of what you deploy or commit, as you would `.site.lock`.
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
