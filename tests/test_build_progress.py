"""What `build` prints while it works: a bar on a terminal (a pty here), one line per
step in a log, nothing but errors and the summary with -q, step times with -v, and
GitHub annotations with --format github."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_omcreport, stderr_on_a_terminal

AS_OF = "2026-11-25T12:00:00Z"
BUILD = ("build", "--only", "site", "--as-of", AS_OF)
SUMMARY = re.compile(r"built 3 journeys, \d+ tracking pages.* as of 2026-11-25T12:00:00\+00:00 in ")


def test_a_terminal_gets_a_bar_redrawn_in_place_and_then_the_summary(project: Path) -> None:
    status, drawn = stderr_on_a_terminal(*BUILD, cwd=project)
    assert status == 0, drawn
    assert "\r\x1b[K[------------------------] 0/2 loading and checking the content" in drawn
    assert "\r\x1b[K[############------------] 1/2 writing the site" in drawn
    # The bar is wiped before the summary, which starts on a clean line.
    last_line = drawn.rstrip("\r\n").split("\r\n")[-1]
    assert SUMMARY.match(last_line.removeprefix("\r\x1b[K")), drawn[-400:]
    assert "(step 1 of 2)" not in drawn


def test_a_log_gets_one_line_per_step_and_no_bar(project: Path) -> None:
    built = run_omcreport(project, *BUILD)
    assert built.returncode == 0, built.stderr
    assert "\r" not in built.stderr and "\x1b" not in built.stderr
    lines = built.stderr.splitlines()
    assert lines[:3] == [
        "as of 2026-11-25 12:00 UTC (from --as-of)",
        "loading and checking the content (step 1 of 2)",
        "writing the site (step 2 of 2)",
    ]
    assert SUMMARY.match(lines[-1])


def test_verbose_adds_each_step_s_time(project: Path) -> None:
    built = run_omcreport(project, "build", "--as-of", AS_OF, "--journey-pdfs", "none", "-v")
    assert built.returncode == 0, built.stderr
    timed = re.findall(r"^(load|site|reports) took (\d+\.\d\d) s$", built.stderr, re.MULTILINE)
    assert [step for step, _ in timed] == ["load", "site", "reports"]
    assert "writing the reports (PDFs) (step 3 of 3)" in built.stderr


def test_quiet_prints_only_the_summary(project: Path) -> None:
    journey = project / "content" / "journeys" / "SO-1001.yaml"
    # The mini content's README.md is a warning (an unexpected file) a normal build prints.
    warned = run_omcreport(project, *BUILD)
    assert "warning[OMC401]: unexpected file 'README.md'" in warned.stderr
    quiet = run_omcreport(project, *BUILD, "-q", "--site-dir", "site2")
    assert quiet.returncode == 0, quiet.stderr
    assert len(quiet.stderr.splitlines()) == 1 and SUMMARY.match(quiet.stderr), quiet.stderr
    journey.write_text(journey.read_text(encoding="utf-8").replace("order: SO-1001", "order: SO-1001\nbogus: 1"))
    failed = run_omcreport(project, *BUILD, "-q")
    assert failed.returncode == 1
    assert "content/journeys/SO-1001.yaml:" in failed.stderr and "unknown key 'bogus'" in failed.stderr
    assert "as of" not in failed.stderr and "step" not in failed.stderr


def test_quiet_and_verbose_together_is_a_usage_error(project: Path) -> None:
    both = run_omcreport(project, *BUILD, "-q", "-v")
    assert both.returncode == 2
    assert both.stderr == "omcreport: error: -q and -v ask for opposite things; give one of them\n"


def test_format_github_annotates_errors_at_their_place(project: Path) -> None:
    journey = project / "content" / "journeys" / "SO-1002.yaml"
    lines = journey.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "bogus: 1")
    journey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = run_omcreport(project, *BUILD, "--format", "github")
    assert built.returncode == 1
    assert re.search(
        r"^::error file=content/journeys/SO-1002\.yaml,line=2,col=1,title=OMC202::unknown key 'bogus'",
        built.stdout,
        re.MULTILINE,
    ), built.stdout
    assert not (project / "site").exists()


def test_a_refused_output_is_one_line_before_any_progress(project: Path) -> None:
    """The as-of and the steps come once the build runs: a refused --site-dir stays one line."""
    refused = run_omcreport(project, *BUILD, "--site-dir", "content")
    assert refused.returncode == 2
    assert len(refused.stderr.splitlines()) == 1 and refused.stderr.startswith("omcreport: error: refusing")
