"""The `omcreport ...` commands a reader meets: in the Example of each `--help`, and in the
shell code blocks (```sh and bare ```) of the docs. tests/test_doc_examples.py and
tests/test_getting_started.py run them."""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from docs_cli_regenerate import command_paths, help_text

from tests.conftest import ROOT

SHELL_FENCES = ("sh", "")
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"\s+#\s.*$")  # a trailing `  # comment` (none of ours has # in quotes)
_LOOP = re.compile(r"^\s*(for|while)\s", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    where: str  # "docs/publishing.md:48" or "omcreport build --help"
    script: str  # what a reader would paste into a shell

    @property
    def words(self) -> list[str]:
        """The omcreport arguments of a one-command example (["build", "content", ...])."""
        return shlex.split(self.script)[1:]

    @property
    def needs_shell(self) -> bool:
        """Whether the example uses the shell (a redirect, a variable, a loop)."""
        return any(char in self.script for char in "<>|$;&\n")


def _joined(lines: list[str]) -> list[tuple[int, str]]:
    """(index of first line, command) with `\\` continuations joined and comments dropped."""
    commands: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if not pending:
            start = index
        text = _COMMENT.sub("", line).rstrip()
        if text.endswith("\\"):
            pending.append(text[:-1].strip())
            continue
        pending.append(text.strip())
        commands.append((start, " ".join(part for part in pending if part)))
        pending = []
    return commands


def doc_examples(page: Path) -> list[Example]:
    """Each `omcreport` command of the page's shell blocks; a block holding a loop is one
    example (its commands mean nothing apart)."""
    text = page.read_text(encoding="utf-8")
    name = page.relative_to(ROOT).as_posix()
    examples = []
    for block in _FENCE.finditer(text):
        if block.group(1) not in SHELL_FENCES or "omcreport" not in block.group(2):
            continue
        first_line = text.count("\n", 0, block.start(2)) + 1
        if _LOOP.search(block.group(2)):
            examples.append(Example(f"{name}:{first_line}", block.group(2)))
            continue
        for index, command in _joined(block.group(2).splitlines()):
            if command.startswith("omcreport"):
                examples.append(Example(f"{name}:{first_line + index}", command))
    return examples


def help_examples() -> list[Example]:
    """The commands under `Example:` in `omcreport --help` and every subcommand's."""
    examples = []
    for path in command_paths():
        where = " ".join(("omcreport", *path, "--help"))
        section = help_text(path).split("Example:", 1)[1]
        lines = []
        for line in section.splitlines()[1:]:
            if not line.startswith("    "):
                break
            lines.append(line)
        for _, command in _joined(lines):
            if command.startswith("omcreport"):
                examples.append(Example(where, command))
    return examples


def omcreport_on_path(folder: Path) -> dict[str, str]:
    """An environment whose `omcreport` is the one under test (this interpreter's)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "omcreport"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m omcreport "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
