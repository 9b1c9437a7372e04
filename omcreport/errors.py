"""Problems found in content, and the exception root of the tool.

A `Problem` is one diagnostic at a file position. `OmcError` is the only exception the
command line turns into a clean message and exit status (1 content, 2 usage, 3
environment; 130 and 143 for an interrupted or terminated run, see docs/cli.md);
anything else escaping is a bug and shows as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import click

from omcreport.wording import count_noun

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.code, self.message)

    def as_text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class OmcError(click.ClickException):
    """An error the user can act on: printed without a traceback, exit status 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"omcreport: error: {self.format_message()}", file=file, err=True)


class ContentError(OmcError):
    """Content did not pass validation; the problems were already reported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(1 for p in problems if p.severity == "error")
        if errors:
            super().__init__(f"{count_noun(errors, 'error')} in content")
        else:
            super().__init__(f"{count_noun(len(problems), 'warning')} in content, and --strict treats them as errors")


class UsageError(OmcError):
    """A command line the tool will not carry out as given (also an output it will not
    replace): exit status 2."""

    exit_code = 2


class EnvironmentFault(OmcError):
    """The machine, not the content, stopped the command: a full disk, a read-only
    folder, a path through a regular file, an output another build holds. Exit status 3."""

    exit_code = 3


def environment_fault(action: str, path: object, error: OSError) -> EnvironmentFault:
    """One line for an OSError: `cannot write site/: No space left on device`."""
    reason = error.strerror or str(error)
    return EnvironmentFault(f"cannot {action} {path}: {reason}")
