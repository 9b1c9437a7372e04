"""`omcreport build` from the user's side: the CLI on real content folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import output_leftovers

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
AS_OF = "2026-11-25T12:00:00Z"


def omcreport(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "omcreport", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def digest_tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.pdf
def test_build_writes_site_and_reports(project: Path) -> None:
    result = omcreport("build", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site, reports = project / "site", project / "reports"
    assert (site / "index.html").is_file()
    assert (site / "track" / "index.html").is_file()
    assert (site / "status.json").is_file()
    assert (reports / "findings.json").is_file()
    assert (reports / "findings.pdf").read_bytes().startswith(b"%PDF")
    assert (reports / "links.csv").is_file()
    assert (reports / "journeys.csv").read_bytes().startswith(b"\xef\xbb\xbforder,")
    followed = sorted(p.name for p in (reports / "journeys").iterdir())
    assert followed == ["SO-1001.pdf"]  # the only journey with followed_by
    assert not any(p.suffix == ".pdf" for p in site.rglob("*"))
    assert "built 3 journeys" in result.stderr
    # Beside each output, the lock file that keeps a second build out while this one writes.
    assert sorted(p.name for p in project.iterdir()) == [
        ".cache",
        ".reports.lock",
        ".site.lock",
        "content",
        "reports",
        "site",
    ]


def test_build_site_twice_gives_identical_bytes(project: Path) -> None:
    first = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project)
    assert first.returncode == 0, first.stderr
    before = digest_tree(project / "site")
    shutil.rmtree(project / ".cache")
    second = omcreport("build", "--only", "site", cwd=project, env={"SOURCE_DATE_EPOCH": "1795608000"})
    assert second.returncode == 0, second.stderr
    assert digest_tree(project / "site") == before  # 1795608000 is 2026-11-25T12:00:00Z


def test_content_error_exits_1_and_keeps_previous_site(project: Path) -> None:
    assert omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project).returncode == 0
    before = digest_tree(project / "site")
    journey = project / "content" / "journeys" / "SO-1001.yaml"
    journey.write_text(journey.read_text().replace("customer_in_view: high", "customer_in_view: loud", 1))
    result = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 1
    assert "content/journeys/SO-1001.yaml:" in result.stderr and "error[" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest_tree(project / "site") == before


def test_as_of_before_content_exits_1(project: Path) -> None:
    result = omcreport("build", "--only", "site", "--as-of", "2026-11-01T00:00:00Z", cwd=project)
    assert result.returncode == 1
    assert "is earlier than" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_missing_content_folder_exits_1(tmp_path: Path) -> None:
    result = omcreport("build", "--as-of", AS_OF, cwd=tmp_path)
    assert result.returncode == 1
    assert "site.yaml" in result.stderr and "Traceback" not in result.stderr


def test_bad_as_of_is_usage_error(project: Path) -> None:
    result = omcreport("build", "--as-of", "tomorrow", cwd=project)
    assert result.returncode == 2
    assert "--as-of" in result.stderr


def test_reports_inside_site_refused(project: Path) -> None:
    result = omcreport("build", "--reports-dir", "site/reports", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 2  # usage: refused before any work
    assert "must not contain each other" in result.stderr


def _many_journeys(content: Path, copies: int) -> None:
    template = (content / "journeys" / "SO-1001.yaml").read_text()
    token_line = next(line for line in template.splitlines() if "token:" in line)
    token = token_line.split("token:")[1].strip().strip('"')
    for number in range(copies):
        order = f"SO-9{number:04d}"
        text = template.replace("SO-1001", order).replace(token, f"{token[:14]}{number:08d}x")
        (content / "journeys" / f"{order}.yaml").write_text(text)


def test_killed_build_leaves_previous_site_intact(project: Path) -> None:
    _many_journeys(project / "content", 400)
    assert omcreport("build", "--only", "site", "--jobs", "1", "--as-of", AS_OF, cwd=project).returncode == 0
    before = digest_tree(project / "site")
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("name: ", "name: Renamed ", 1))

    env = {**os.environ, "XDG_CACHE_HOME": str(project / ".cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "omcreport", "build", "--only", "site", "--jobs", "1", "--as-of", AS_OF],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    staging: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staging = [p for p in project.glob(".site.omcreport-staging-*") if any(p.rglob("index.html"))]
        if staging:
            break
        time.sleep(0.01)
    assert staging, "the build finished before it could be interrupted; make the content larger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert digest_tree(project / "site") == before
    again = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project)
    assert again.returncode == 0, again.stderr
    assert output_leftovers(project) == []
    assert digest_tree(project / "site") != before


def test_strict_build_fails_on_a_warning(project: Path) -> None:
    (project / "content" / "notes.txt").write_text("not content")
    relaxed = omcreport("build", "--only", "site", "--as-of", AS_OF, cwd=project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "content/notes.txt:1:1: warning[" in relaxed.stderr
    strict = omcreport("build", "--only", "site", "--strict", "--as-of", AS_OF, cwd=project)
    assert strict.returncode == 1
    assert "--strict treats them as errors" in strict.stderr
