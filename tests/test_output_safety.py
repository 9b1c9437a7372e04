"""The build never destroys a user's files and never publishes half a site: refusals
before any work, one writer per output, environment faults as one line and exit
status 3, Ctrl-C and SIGTERM as 130 and 143 (docs/cli.md "Outputs and exit statuses")."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_build_cli import AS_OF, _many_journeys, digest_tree, omcreport

from omcreport.output import OWNER_MARK
from tests.conftest import output_leftovers


def _everything(root: Path) -> dict[str, str]:
    """Every file under `root` (dot files included) with its digest, and every folder."""
    found = digest_tree(root)
    found.update({str(p.relative_to(root)) + "/": "folder" for p in root.rglob("*") if p.is_dir()})
    return found


# What a build says while it runs (omcreport.progress): its as-of and, in a log, its steps.
_PROGRESS = re.compile(r"as of .+ UTC \(from .+\)|.+ \(step \d+ of \d+\)")


def _one_line(stderr: str) -> str:
    """The one line an error is, besides the build's progress lines."""
    lines = [line for line in stderr.splitlines() if line.strip() and not _PROGRESS.fullmatch(line)]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def my_files(project: Path) -> Path:
    """A folder of the user's own, beside the content."""
    mine = project / "thesis"
    (mine / "chapters").mkdir(parents=True)
    (mine / "chapters" / "one.md").write_text("years of work\n")
    (mine / "notes.txt").write_text("do not lose\n")
    return mine


@pytest.mark.parametrize(
    ("option", "target", "says"),
    [
        ("--site-dir", "content", "content folder"),
        ("--site-dir", "content/journeys", "content folder"),
        ("--reports-dir", "content/observations/out", "content folder"),
        ("--site-dir", ".", "current folder"),
        ("--site-dir", "..", "current folder"),
        ("--reports-dir", ".", "current folder"),
        ("--site-dir", "thesis", "not a folder omcreport built"),
        ("--reports-dir", "thesis", "not a folder omcreport built"),
    ],
)
def test_an_output_the_tool_did_not_make_is_refused_before_any_work(
    project: Path, my_files: Path, option: str, target: str, says: str
) -> None:
    before = _everything(project.parent)
    result = omcreport("build", option, target, "--as-of", AS_OF, cwd=project)
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert line.startswith("omcreport: error: refusing to ")
    assert says in line and target in line
    after = _everything(project.parent)
    after.pop(".cache/", None)
    assert after == before


def test_a_folder_the_tool_built_is_replaced_and_an_empty_one_is_filled(project: Path) -> None:
    (project / "public").mkdir()
    first = omcreport("build", "--only", "site", "--site-dir", "public", "--as-of", AS_OF, cwd=project)
    assert first.returncode == 0, first.stderr
    assert (project / "public" / OWNER_MARK).is_file()
    (project / "public" / "stale.html").write_text("from an older build")
    again = omcreport("build", "--only", "site", "--site-dir", "public", "--as-of", AS_OF, cwd=project)
    assert again.returncode == 0, again.stderr
    assert not (project / "public" / "stale.html").exists()
    assert (project / "public" / "index.html").is_file()


def test_an_output_through_a_regular_file_is_an_environment_fault(project: Path) -> None:
    (project / "plain-file").write_text("x")
    result = omcreport("build", "--only", "site", "--site-dir", "plain-file/site", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 3, result.stderr
    assert _one_line(result.stderr).startswith("omcreport: error: cannot write plain-file/site/: ")


@pytest.fixture
def small_disk(project: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs as the output's parent folder (the tests run as root, as CI does)."""
    disk = project / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_is_one_line_with_status_3_and_the_previous_site_stays(project: Path, small_disk: Path) -> None:
    site = "disk/site"
    first = omcreport(
        "build", "--only", "site", "--site-dir", site, "--reports-dir", "disk/r", "--as-of", AS_OF, cwd=project
    )
    assert first.returncode == 0, first.stderr
    before = digest_tree(small_disk / "site")
    # Fill what is left of the disk, then build again.
    with open(small_disk / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError:
            pass
    result = omcreport(
        "build", "--only", "site", "--site-dir", site, "--reports-dir", "disk/r", "--as-of", AS_OF, cwd=project
    )
    assert result.returncode == 3, result.stderr
    line = _one_line(result.stderr)
    assert line.startswith("omcreport: error: cannot write disk/")
    assert line.endswith("No space left on device")
    assert digest_tree(small_disk / "site") == before
    assert not list(small_disk.glob(".site.omcreport-staging-*"))


def test_a_read_only_output_folder_is_one_line_with_status_3(project: Path, small_disk: Path) -> None:
    first = omcreport(
        "build", "--only", "site", "--site-dir", "disk/site", "--reports-dir", "disk/r", "--as-of", AS_OF, cwd=project
    )
    assert first.returncode == 0, first.stderr
    before = digest_tree(small_disk / "site")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = omcreport(
        "build", "--only", "site", "--site-dir", "disk/site", "--reports-dir", "disk/r", "--as-of", AS_OF, cwd=project
    )
    assert result.returncode == 3, result.stderr
    assert _one_line(result.stderr).endswith("Read-only file system")
    assert digest_tree(small_disk / "site") == before


def test_a_build_waits_for_the_lock_and_refuses_when_it_stays_held(project: Path) -> None:
    with open(project / ".site.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        started = time.monotonic()
        result = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project, env={"OMCREPORT_LOCK_WAIT": "1.5"})
        waited = time.monotonic() - started
    assert result.returncode == 3, result.stderr
    assert "another build is writing site/ (waited 1.5 s" in _one_line(result.stderr)
    assert waited >= 1.5
    assert not (project / "site").exists()


def _expected_site(project: Path) -> set[str]:
    tokens = {
        line.split("token:")[1].strip().strip('"')
        for path in (project / "content" / "journeys").glob("*.yaml")
        for line in path.read_text().splitlines()
        if "token:" in line
    }
    pages = {f"track/{token}/{name}" for token in tokens for name in ("index.html", "status.json", "feed.xml")}
    return pages | {"index.html", "status.json", "feed.xml", "track/index.html", OWNER_MARK}


def test_two_builds_at_once_each_end_complete_or_refused(project: Path) -> None:
    _many_journeys(project / "content", 3000)
    env = {**os.environ, "XDG_CACHE_HOME": str(project / ".cache")}
    command = [sys.executable, "-m", "omcreport", "build", "--only", "site", "--jobs", "1", "--as-of", AS_OF]
    builds = [
        subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = [(build.wait(timeout=600), build.stderr.read()) for build in builds]  # type: ignore[union-attr]
    for status, stderr in outcomes:
        assert "Traceback" not in stderr
        assert status == 0 or (status == 3 and "another build is writing" in stderr), stderr
    assert any(status == 0 for status, _ in outcomes)
    built = {str(p.relative_to(project / "site")) for p in (project / "site").rglob("*") if p.is_file()}
    assert _expected_site(project) <= built
    assert output_leftovers(project) == []


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("sent", "status", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_a_signal_stops_a_pooled_build_at_once_and_cleanly(
    project: Path, sent: signal.Signals, status: int, word: str
) -> None:
    _many_journeys(project / "content", 60)
    first = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project)
    assert first.returncode == 0, first.stderr
    before = digest_tree(project / "site"), digest_tree(project / "reports")
    env = {**os.environ, "XDG_CACHE_HOME": str(project / ".cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "omcreport", "build", "--journey-pdfs", "all", "--jobs", "2", "--as-of", AS_OF],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a terminal's Ctrl-C reaches the whole group: so do we
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(project.glob(".reports.omcreport-staging-*/journeys/*.pdf")):
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it rendered its first journey PDF"
    signalled = time.monotonic()
    os.killpg(process.pid, sent)
    process.wait(timeout=30)
    stopped_in = time.monotonic() - signalled
    stderr = process.stderr.read()  # type: ignore[union-attr]
    assert process.returncode == status, stderr
    assert stopped_in < 2.0, f"took {stopped_in:.2f} s to stop"
    assert "Traceback" not in stderr and stderr.strip().endswith(f"omcreport: {word}")
    assert (digest_tree(project / "site"), digest_tree(project / "reports")) == before
    assert not list(project.glob(".*.omcreport-staging-*"))


def test_built_files_are_copies_never_links_into_the_cache(project: Path) -> None:
    for _ in range(2):  # the second build takes every page from the cache
        result = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project)
        assert result.returncode == 0, result.stderr
    linked = [p for p in (project / "site").rglob("*") if p.is_file() and p.stat().st_nlink > 1]
    assert linked == []
