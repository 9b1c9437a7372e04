"""Rebuilds rewrite only what changed: a file whose bytes are unchanged keeps its inode and
modification time (omcreport.kept_files), whether nothing changed, the as-of moved
without crossing a moment that changes a page, or it crossed one."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import run_omcreport

LATE = "track/ScwJ24sYBTNRxAw7kVU0og/"  # SO-1002, promised 2026-11-24
DONE = "track/lfSRds3-HWOXXVCpbvZ-vg/"  # SO-1001, completed


def _build(project: Path, as_of: str, *options: str) -> None:
    built = run_omcreport(project, "build", "--journey-pdfs", "all", "--as-of", as_of, *options)
    assert built.returncode == 0, built.stderr


def _files(root: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            info = os.stat(path)
            found[os.path.relpath(path, root)] = (info.st_ino, info.st_mtime_ns)
    return found


def test_a_rebuild_of_unchanged_content_rewrites_no_file(project: Path) -> None:
    _build(project, "2026-11-25T12:00:00Z")
    _build(project, "2026-11-25T12:00:00Z")  # changes.json now compares with a published site
    before = {name: _files(project / name) for name in ("site", "reports")}
    assert len(before["site"]) > 10 and any(name.endswith(".pdf") for name in before["reports"])
    _build(project, "2026-11-25T12:00:00Z")
    after = {name: _files(project / name) for name in ("site", "reports")}
    assert after == before


def test_a_later_as_of_crossing_no_moment_keeps_every_tracking_file(project: Path) -> None:
    _build(project, "2026-11-25T12:00:00Z", "--only", "site")
    before = _files(project / "site")
    _build(project, "2026-11-25T15:30:00Z", "--only", "site")
    after = _files(project / "site")
    tracking = [name for name in before if name.startswith("track/") and name != "track/index.html"]
    assert len(tracking) >= 7  # two pages' files, one calendar
    assert {name: after[name] for name in tracking} == {name: before[name] for name in tracking}


def test_crossing_a_promise_rewrites_exactly_the_page_it_changes(project: Path) -> None:
    _build(project, "2026-11-24T10:00:00Z", "--only", "site")
    before = _files(project / "site")
    _build(project, "2026-11-25T12:00:00Z", "--only", "site")  # SO-1002's promise has passed
    after = _files(project / "site")
    changed = {name for name in before if name.startswith("track/") and after.get(name) != before[name]}
    assert f"{LATE}status.json" in changed and f"{LATE}feed.xml" in changed  # late_since, the late entry
    assert not any(name.startswith(DONE) for name in changed)
    assert changed <= {f"{LATE}{name}" for name in ("index.html", "status.json", "feed.xml", "order.ics")}


def test_a_file_edited_in_the_published_site_is_rebuilt_not_kept(project: Path) -> None:
    _build(project, "2026-11-25T12:00:00Z", "--only", "site")
    page = project / "site" / DONE / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>hand edit</p></body>"))
    _build(project, "2026-11-25T12:00:00Z", "--only", "site")
    assert page.read_bytes() == original


def _build_output(project: Path, as_of: str, *options: str) -> str:
    built = run_omcreport(project, "build", "--journey-pdfs", "none", "--as-of", as_of, *options)
    assert built.returncode == 0, built.stderr
    return built.stdout + built.stderr


def test_a_build_with_nothing_changed_says_so_and_any_difference_rebuilds(project: Path) -> None:
    as_of = "2026-11-25T12:00:00Z"
    assert "unchanged since the last build" not in _build_output(project, as_of)
    second = _build_output(project, as_of)  # its change feed is now empty
    assert "unchanged since the last build" not in second
    third = _build_output(project, as_of)
    assert "unchanged since the last build: 3 journeys, 2 tracking pages, reports" in third
    assert "warning[OMC401]" in third  # the warnings of the build that made the outputs
    # A later as-of, an edited journey, a touched output: each is a real build again.
    assert "unchanged since" not in _build_output(project, "2026-11-25T12:00:01Z")
    _build_output(project, as_of)
    journey = project / "content" / "journeys" / "SO-1001.yaml"
    journey.write_text(journey.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    assert "unchanged since" not in _build_output(project, as_of)
    _build_output(project, as_of)
    (project / "site" / "index.html").write_text("hand edit", encoding="utf-8")
    assert "unchanged since" not in _build_output(project, as_of)
    assert (project / "site" / "index.html").read_text(encoding="utf-8") != "hand edit"
    assert "unchanged since" in _build_output(project, as_of)
