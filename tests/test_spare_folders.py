"""A site build starts its staging tree from the folders the last build left
(omcreport.spare_folders): the published tree is exactly a fresh build's, the spare
beside it never holds a file, and a spare that is not the tool's is left alone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from omcreport.spare_folders import folders_of
from tests.conftest import MINI, run_omcreport

# Each build a minute later, so that none is skipped as unchanged (omcreport.build_manifest).
AS_OFS = iter(f"2026-11-25T12:{minute:02d}:00Z" for minute in range(60))
LATE_TOKEN = "ScwJ24sYBTNRxAw7kVU0og"  # SO-1002's tracking page
SPARE = ".site.omcreport-spare"


def _build_site(project: Path, as_of: str | None = None) -> None:
    built = run_omcreport(project, "build", "--only", "site", "--as-of", as_of or next(AS_OFS))
    assert built.returncode == 0, built.stderr


def _tree(root: Path) -> tuple[set[str], dict[str, bytes]]:
    """Every folder and every file's bytes under `root`, by relative path."""
    folders, files = set(), {}
    for folder, names, file_names in os.walk(root):
        relative = os.path.relpath(folder, root)
        folders.update(os.path.normpath(os.path.join(relative, name)) for name in names)
        for name in file_names:
            files[os.path.normpath(os.path.join(relative, name))] = Path(folder, name).read_bytes()
    return folders, files


def _project(root: Path) -> Path:
    shutil.copytree(MINI, root / "content")
    return root


def test_the_folders_of_a_list_of_files() -> None:
    assert folders_of(["index.html", "track/a/index.html", "track/a/feed.xml", "assets/x.css"]) == {
        "",
        "track",
        "track/a",
        "assets",
    }


def test_a_rebuild_from_the_spare_publishes_exactly_a_fresh_builds_tree(tmp_path: Path) -> None:
    reused = _project(tmp_path / "reused")
    _build_site(reused)
    assert (reused / SPARE).is_dir() is False  # the first build had no tree to retire
    _build_site(reused)
    assert (reused / "site" / "track" / LATE_TOKEN).is_dir()
    spare_folders, spare_files = _tree(reused / SPARE)
    assert f"track/{LATE_TOKEN}" in spare_folders and spare_files == {}

    for project in (reused, fresh := _project(tmp_path / "fresh")):
        # SO-1002 and the observations naming it leave the content: its page retires.
        for path in [project / "content" / "journeys" / "SO-1002.yaml", *(project / "content").glob("observations/*")]:
            if path.name == "SO-1002.yaml" or "SO-1002" in path.read_text(encoding="utf-8"):
                path.unlink()
    as_of = next(AS_OFS)
    _build_site(reused, as_of)
    _build_site(fresh, as_of)

    assert _tree(reused / "site") == _tree(fresh / "site")
    assert not (reused / "site" / "track" / LATE_TOKEN).exists()
    spare_folders, spare_files = _tree(reused / SPARE)
    assert spare_files == {}, "a retired tree's files never linger beside the site"
    assert f"track/{LATE_TOKEN}" not in spare_folders  # not even the retired page's folder name
    leftovers = [name for name in os.listdir(reused) if "omcreport-staging" in name or "omcreport-retired" in name]
    assert leftovers == []


def test_files_planted_in_the_spare_are_never_published(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _build_site(project)
    _build_site(project)
    planted = {
        f"{SPARE}/track/{LATE_TOKEN}/index.html": b"<p>planted</p>",
        f"{SPARE}/track/{LATE_TOKEN}/extra.html": b"<p>planted</p>",
        f"{SPARE}/planted/deep/page.html": b"<p>planted</p>",
        f"{SPARE}/index.html": b"<p>planted</p>",
    }
    for name, data in planted.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(data)
    os.symlink(project / "content", project / SPARE / "track" / "linked")
    fresh = _project(tmp_path / "fresh")
    as_of = next(AS_OFS)
    _build_site(fresh, as_of)

    _build_site(project, as_of)

    assert _tree(project / "site") == _tree(fresh / "site")
    assert (project / "content" / "site.yaml").is_file()  # the link was removed, not followed
    assert _tree(project / SPARE)[1] == {}


def test_a_spare_name_taken_by_a_file_is_left_alone(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _build_site(project)
    (project / SPARE).write_bytes(b"not the tool's")

    _build_site(project)
    _build_site(project)

    assert (project / SPARE).read_bytes() == b"not the tool's"
    assert (project / "site" / "track" / LATE_TOKEN / "index.html").is_file()
    assert sorted(name for name in os.listdir(project) if name.startswith(".site")) == [".site.lock", SPARE]
