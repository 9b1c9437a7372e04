"""The problems of the importer and the error that carries them; their codes (OMC9xx)
are declared in the one rule table, omcreport.validate.rules.

An import either writes everything or nothing: every problem with the log or the
mapping is collected first, then raised together as `ImportFailed`, which the command
line prints like `check` prints content problems.
"""

from __future__ import annotations

from collections.abc import Iterable

from omcreport.errors import OmcError, Problem
from omcreport.validate.rules import RULES, make_problem

# Reporting stops after this many problems of one rule; a broken log has thousands.
MAX_PER_RULE = 20


def error(path: str, line: int, col: int, code: str, message: str) -> Problem:
    assert RULES[code].severity == "error", code
    return make_problem(path, line, col, code, message)


def warning(path: str, line: int, col: int, code: str, message: str) -> Problem:
    assert RULES[code].severity == "warning", code
    return make_problem(path, line, col, code, message)


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
