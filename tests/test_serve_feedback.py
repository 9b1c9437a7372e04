"""What `omcreport serve` says in the terminal: only real changes (never an editor's swap
or temporary files), counts in the right number, and the site and its errors before
the reports, which build behind them."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from omcreport.preview.editor_files import is_editor_leftover
from tests.conftest import run_omcreport
from tests.test_serve import DATA, ServeProcess, replace_in

SERVING = r"serving (http://127\.0\.0\.1:\d+/)"
# What editors and desktops leave beside SO-1.yaml while it is edited.
LEFTOVERS = [
    ".SO-1.yaml.swp",
    ".SO-1.yaml.swx",
    "SO-1.yaml~",
    "4913",
    ".#SO-1.yaml",
    "#SO-1.yaml#",
    ".goutputstream-7XK2Q1",
    "SO-1.yaml.tmp",
    ".DS_Store",
    "SO-1.yaml.kate-swp",
    "SO-1.yaml___jb_tmp___",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The preview content of tests/test_serve.py (two journeys, SO-1 public)."""
    shutil.copytree(DATA, tmp_path / "content")
    return tmp_path / "content"


@pytest.mark.parametrize("name", LEFTOVERS)
def test_editor_leftovers_are_recognised(name: str) -> None:
    assert is_editor_leftover(Path("content/journeys") / name.replace("___jb", ".___jb"))


@pytest.mark.parametrize("name", ["SO-1.yaml", "site.yaml", "SO-tmp.yaml", "swp.yaml", "logo.png"])
def test_content_files_are_not_leftovers(name: str) -> None:
    assert not is_editor_leftover(Path("content") / name)


def test_editor_leftovers_neither_rebuild_nor_show_as_changes(content: Path, tmp_path: Path) -> None:
    server = ServeProcess(content, tmp_path)
    try:
        server.wait_for_line(SERVING)
        server.wait_for_line(r"reports rebuilt")
        mark = len(server.lines)
        for name in LEFTOVERS:
            (content / "journeys" / name.replace("___jb", ".___jb")).write_text("junk: [\n", encoding="utf-8")
        time.sleep(2)  # ten times the debounce: a rebuild would have started
        assert not [line for line in server.lines[mark:] if "changed" in line or "built" in line], server.lines
        # A real edit, with a swap file written in the same burst: only the edit is listed.
        (content / "journeys" / ".SO-2.yaml.swp").write_bytes(b"\x00swap")
        replace_in(content / "journeys" / "SO-1.yaml", "Your pump is being assembled.", "Your pump is tested.")
        assert server.wait_for_line(r"changed: .*; rebuilding", start=mark, timeout=60).group(0) == (
            "changed: SO-1.yaml; rebuilding"
        )
    finally:
        server.stop()


def test_the_site_and_an_error_show_before_the_reports_finish(content: Path, tmp_path: Path) -> None:
    server = ServeProcess(content, tmp_path)
    try:
        server.wait_for_line(SERVING)
        # A broken edit at once, while the first reports build (WeasyPrint) runs.
        replace_in(content / "journeys" / "SO-1.yaml", "customer_in_view: medium", "customer_in_view: sometimes")
        server.wait_for_line(r"SO-1\.yaml:20:23: error\[OMC206\]", timeout=60)
        server.wait_for_line(r"reports rebuilt", timeout=300)
        order = [line for line in server.lines if "error[OMC206]" in line or "reports rebuilt" in line]
        assert "error[OMC206]" in order[0] and "reports rebuilt" in order[-1], server.lines
    finally:
        server.stop()
    built = next(line for line in server.lines if "omcreport serve: built" in line)
    first_reports = next(index for index, line in enumerate(server.lines) if "reports rebuilt" in line)
    assert server.lines.index(built) < first_reports


def test_counts_of_one_are_singular_in_serve_and_build(content: Path, tmp_path: Path) -> None:
    (content / "journeys" / "SO-2.yaml").unlink()
    server = ServeProcess(content, tmp_path)
    try:
        summary = server.wait_for_line(r"omcreport serve: built .*", timeout=120).group(0)
    finally:
        server.stop()
    assert summary.startswith("omcreport serve: built 1 journey, 1 tracking page (1 changed) as of ")
    built = run_omcreport(tmp_path, "build", str(content), "--only", "site", "--as-of", "2026-04-10T12:00:00Z")
    assert built.returncode == 0, built.stderr
    assert "built 1 journey, 1 tracking page (1 changed) as of" in built.stderr
    replace_in(content / "journeys" / "SO-1.yaml", "customer_in_view: medium", "customer_in_view: sometimes")
    failed = run_omcreport(tmp_path, "build", str(content), "--only", "site", "--as-of", "2026-04-10T12:00:00Z")
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[-2:] == ["1 error, 0 warnings", "omcreport: error: 1 error in content"]
