"""The rule codes of the importer and the error that carries its problems.

An import either writes everything or nothing: every problem with the log or the
mapping is collected first, then raised together as `ImportFailed`, which the command
line prints like `check` prints content problems.
"""

from __future__ import annotations

from collections.abc import Iterable

from omcreport.errors import OmcError, Problem

IMPORT_RULES: dict[str, str] = {
    "OMC901": "A log file that cannot be read: missing, not gzip, not UTF-8, not JSON, XML, CSV, SQLite or Parquet.",
    "OMC902": "A log not in the OCEL 2.0 shape (JSON, XML, SQLite) or without a mapped CSV or Parquet column.",
    "OMC903": "An event without a time, or with a time that is not ISO 8601 with a UTC offset.",
    "OMC904": "An activity in the log that the mapping neither maps to a stage nor ignores.",
    "OMC905": "A relationship to an object that does not exist, or a duplicate object or event id.",
    "OMC906": "A case id that cannot be an order (FORMAT.md pattern) or clashes with another ignoring case.",
    "OMC907": "The journeys folder cannot be written (not a folder, no permission, disk full).",
    "OMC908": "A text from the log holding a character a content file may not (FORMAT.md: control or bidi).",
    "OMC909": "A log past a budget of the import (omcreport/limits.py): size, gzip inflation, events, objects.",
    "OMC910": "A mapping file problem: unknown key, missing key, wrong type or unknown value.",
    "OMC911": "A visit whose owner the mapping cannot tell (no stage owner, no mapped role).",
    "OMC912": "A log value that a journey field's rule refuses, or a note placeholder the log has no value for.",
    "OMC920": "A journey file the import cannot update without losing a hand edit: left untouched.",
    "OMC921": "A journey file the import did not write, in its way: left untouched.",
    "OMC922": "A journey file deleted by hand since the last import: not written again.",
    "OMC923": "A hand edit kept over a value the log now gives differently.",
}

# Reporting stops after this many problems of one rule; a broken log has thousands.
MAX_PER_RULE = 20


def error(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, "error", code, message)


def warning(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, "warning", code, message)


def over_budget(path: str, line: int, limit: str, found: str) -> Problem:
    """A log past one of the import's budgets: `limit` says the budget, `found` what the log holds."""
    return error(path, line, 1, "OMC909", f"{limit}; the log {found}: split the export into smaller logs")


def count_budget(path: str, line: int, what: str, most: int) -> Problem:
    return over_budget(path, line, f"an import reads at most {most:,} {what}", f"has more {what}")


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """At most MAX_PER_RULE problems per rule, plus one line saying how many were left out."""
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    last: dict[str, Problem] = {}
    for problem in problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
        if counts[problem.code] <= MAX_PER_RULE:
            kept.append(problem)
            last[problem.code] = problem
    for code in sorted(counts):
        hidden = counts[code] - MAX_PER_RULE
        if hidden > 0:
            shown = last[code]
            kept.append(
                Problem(shown.path, shown.line, shown.col, shown.severity, code, f"... and {hidden} more like these")
            )
    return kept


class ImportFailed(OmcError):
    """The log or the mapping has errors; nothing was written."""

    def __init__(self, problems: list[Problem], where: str = "in the log or the mapping") -> None:
        # By position; problems at one position keep the order they were found in (events[2] before events[10]).
        self.problems = capped(sorted(problems, key=lambda problem: (problem.path, problem.line, problem.col)))
        errors = sum(1 for problem in problems if problem.severity == "error")
        super().__init__(f"{errors} error(s) {where}; nothing was written")
