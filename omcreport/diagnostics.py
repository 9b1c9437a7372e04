"""How problems are printed: text, GitHub Actions workflow commands, JSON, and the
Markdown table for a GitHub job summary. `check` and `build` both print through here.

- text: `path:line:col: error[OMC101]: message`, one per line, then a count line
  (`check` says there how many files it read and how many files the problems are in);
- github: `::error file=P,line=L,col=C,title=OMC101::message` (GitHub shows only ten
  annotations per step, so `write_github_summary` appends the full list to the job
  summary as a table);
- json: a list of `{path, line, col, severity, code, message}` in text order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from omcreport.errors import Problem
from omcreport.load import TOP_FILES
from omcreport.wording import count_noun

FORMATS: tuple[str, ...] = ("text", "github", "json")


def count_line(problems: Sequence[Problem]) -> str:
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        return "no problems found"
    return f"{count_noun(errors, 'error')}, {count_noun(warnings, 'warning')}"


def text_lines(problems: Sequence[Problem]) -> list[str]:
    return [problem.as_text() for problem in problems] + [count_line(problems)]


def files_read_phrase(files_read: Mapping[str, int]) -> str:
    """`checked 14 files (site.yaml, 12 journeys, 1 notice)`: kinds in the order given."""
    top_files = {kind: name for name, kind in TOP_FILES.items()}
    kinds = [top_files.get(kind) or count_noun(count, kind) for kind, count in files_read.items()]
    total = count_noun(sum(files_read.values()), "file")
    return f"checked {total} ({', '.join(kinds)})" if kinds else f"checked {total}"


def check_summary(problems: Sequence[Problem], files_read: Mapping[str, int]) -> str:
    """The last line `check` prints in text form: files read, then problems and the files they are in."""
    if not problems:
        return f"{files_read_phrase(files_read)}: {count_line(problems)}"
    in_files = count_noun(len({problem.path for problem in problems}), "file")
    return f"{files_read_phrase(files_read)}: {count_line(problems)} in {in_files}"


def check_text_lines(problems: Sequence[Problem], files_read: Mapping[str, int]) -> list[str]:
    return [problem.as_text() for problem in problems] + [check_summary(problems, files_read)]


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


def render(problems: Sequence[Problem], output_format: str, files_read: Mapping[str, int]) -> str:
    """Everything `check` prints for these problems, in the chosen format."""
    if output_format == "json":
        return json_text(problems)
    if output_format == "github":
        return "\n".join(github_lines(problems))
    return "\n".join(check_text_lines(problems, files_read))
