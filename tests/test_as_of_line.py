"""`build` and `stats` say first which as-of they use and where it came from, so figures
that differ from the docs' (or from yesterday's) say why."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import run_omcreport

AS_OF = "2026-11-25T12:00:00Z"
FIRST_LINE = re.compile(r"as of (\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?) UTC \(from (.+)\)")


def _as_of_line(stderr: str) -> tuple[str, str]:
    first = stderr.splitlines()[0]
    match = FIRST_LINE.fullmatch(first)
    assert match is not None, stderr
    return match[1], match[3]


@pytest.mark.parametrize("command", [["stats"], ["build", "--only", "site"]])
def test_the_as_of_option(project: Path, command: list[str]) -> None:
    ran = run_omcreport(project, *command, "--as-of", "2026-11-25T13:30:00+01:00", env={"SOURCE_DATE_EPOCH": "0"})
    assert ran.returncode == 0, ran.stderr
    assert _as_of_line(ran.stderr) == ("2026-11-25 12:30", "--as-of")


@pytest.mark.parametrize("command", [["stats"], ["build", "--only", "site"]])
def test_source_date_epoch(project: Path, command: list[str]) -> None:
    epoch = int(datetime(2026, 11, 25, 12, 0, 5, tzinfo=UTC).timestamp())
    ran = run_omcreport(project, *command, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert ran.returncode == 0, ran.stderr
    assert _as_of_line(ran.stderr) == ("2026-11-25 12:00:05", "SOURCE_DATE_EPOCH")


@pytest.mark.parametrize("command", [["stats"], ["build", "--only", "site"]])
def test_the_clock(project: Path, command: list[str]) -> None:
    before = datetime.now(tz=UTC).replace(second=0, microsecond=0)
    ran = run_omcreport(project, *command, env={"SOURCE_DATE_EPOCH": ""})
    assert ran.returncode == 0, ran.stderr
    shown, source = _as_of_line(ran.stderr)
    assert source == "the clock"
    moment = datetime.fromisoformat(shown).replace(tzinfo=UTC)
    assert before <= moment <= datetime.now(tz=UTC)


def test_stats_keeps_stdout_for_the_figures(project: Path) -> None:
    ran = run_omcreport(project, "stats", "--as-of", AS_OF)
    assert ran.stdout.startswith("Findings as of 2026-11-25T12:00:00+00:00\n")
    assert "(from --as-of)" not in ran.stdout
