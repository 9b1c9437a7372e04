"""How problems are printed: text, GitHub Actions workflow commands, JSON, and the
Markdown table for a GitHub job summary. `check` and `build` both print through here.

- text: `path:line:col: error[OMC101]: message`, one per line, then a count line;
- github: `::error file=P,line=L,col=C,title=OMC101::message` (GitHub shows only ten
  annotations per step, so `write_github_summary` appends the full list to the job
  summary as a table);
- json: a list of `{path, line, col, severity, code, message}` in text order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from omcreport.errors import Problem

FORMATS: tuple[str, ...] = ("text", "github", "json")


def count_line(problems: Sequence[Problem]) -> str:
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors

    def plural(count: int, word: str) -> str:
        return f"{count} {word}" if count == 1 else f"{count} {word}s"

    if not problems:
        return "no problems found"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def text_lines(problems: Sequence[Problem]) -> list[str]:
    return [problem.as_text() for problem in problems] + [count_line(problems)]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    properties = ",".join(
        f"{name}={_escape_property(value)}"
        for name, value in (
            ("file", problem.path),
            ("line", str(problem.line)),
            ("col", str(problem.col)),
            ("title", problem.code),
        )
    )
    return f"::{problem.severity} {properties}::{_escape_data(problem.message)}"


def github_lines(problems: Sequence[Problem]) -> list[str]:
    return [github_line(problem) for problem in problems] + [count_line(problems)]


def json_text(problems: Sequence[Problem]) -> str:
    return json.dumps([problem.as_json() for problem in problems], ensure_ascii=False, indent=2)


def _cell(text: str) -> str:
    """Content-derived text as one inert code span: a pull request must not plant images,
    links or markup in the job summary. Only `|` needs escaping there (table syntax)."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}".replace("|", "\\|")


def summary_markdown(problems: Sequence[Problem]) -> str:
    lines = [f"### omcreport check: {count_line(problems)}", ""]
    if problems:
        lines += ["| File | Line | Col | Severity | Rule | Message |", "|---|---:|---:|---|---|---|"]
        lines += [
            f"| {_cell(p.path)} | {p.line} | {p.col} | {p.severity} | {p.code} | {_cell(p.message)} |" for p in problems
        ]
    return "\n".join(lines) + "\n"


def write_github_summary(problems: Sequence[Problem], summary_file: Path) -> None:
    """Append the full list to the job summary (GITHUB_STEP_SUMMARY)."""
    with summary_file.open("a", encoding="utf-8") as handle:
        handle.write(summary_markdown(problems))


def render(problems: Sequence[Problem], output_format: str) -> str:
    """Everything a command prints for these problems, in the chosen format."""
    if output_format == "json":
        return json_text(problems)
    if output_format == "github":
        return "\n".join(github_lines(problems))
    return "\n".join(text_lines(problems))
