"""`check --as-of`: what a build as of that moment would refuse, as errors at their file,
and the customer-page warnings it would print; without it check reads no clock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import run_omcreport

NOTICE = """id: N-FUTURE
title: Carrier strike
impact: major
stages: [fulfillment]
started: 2026-12-24T08:00:00Z
body: Deliveries may be late.
"""


def _check(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_omcreport(project, "check", "content", *options)


def test_a_notice_starting_after_the_as_of_is_an_error_at_its_file(project: Path) -> None:
    (project / "content" / "notices" / "N-FUTURE.yaml").write_text(NOTICE, encoding="utf-8")
    without_clock = _check(project)
    assert without_clock.returncode == 0, without_clock.stdout
    assert "OMC324" not in without_clock.stdout

    with_as_of = _check(project, "--as-of", "2026-12-01T00:00:00Z")
    assert with_as_of.returncode == 1
    expected = "content/notices/N-FUTURE.yaml:1:5: error[OMC324]: notice N-FUTURE: started at 2026-12-24T08:00:00"
    assert expected in with_as_of.stdout
    assert "Traceback" not in with_as_of.stderr

    # The build as of the same moment stops too: check said so in advance.
    build = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "--only", "site", "--as-of", "2026-12-01T00:00:00Z"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode != 0
    assert "notice N-FUTURE (content/notices/N-FUTURE.yaml): started" in build.stderr


def test_now_reads_the_clock_and_finds_nothing_in_the_past(project: Path) -> None:
    (project / "content" / "notices" / "N-FUTURE.yaml").write_text(
        NOTICE.replace("2026-12-24", "2099-12-24"), encoding="utf-8"
    )
    result = _check(project, "--as-of", "now")
    assert result.returncode == 1
    assert "error[OMC324]: notice N-FUTURE" in result.stdout


def test_a_late_on_track_order_is_the_build_warning_in_check(project: Path) -> None:
    journey = project / "content" / "journeys" / "SO-1002.yaml"
    text = journey.read_text(encoding="utf-8").replace("  health: delayed\n", "", 1)
    journey.write_text(text, encoding="utf-8")
    assert "OMC408" not in _check(project).stdout
    result = _check(project, "--as-of", "2026-11-25T12:00:00Z", "--strict")
    assert result.returncode == 1
    assert "warning[OMC408]: SO-1002 is late" in result.stdout


def test_a_bad_as_of_is_a_usage_error_naming_now(project: Path) -> None:
    result = _check(project, "--as-of", "tomorrow")
    assert result.returncode == 2
    assert "`now`" in result.stderr
    assert "Traceback" not in result.stderr
