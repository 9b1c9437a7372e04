"""Output trees are swapped in whole; a failure leaves the previous tree as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from omcreport import output
from omcreport.errors import OmcError
from omcreport.output import check_separate, staged_tree, sweep_leftovers


def tree(root: Path) -> dict[str, str]:
    """The files of a built tree, without the owner mark every build adds."""
    return {
        str(p.relative_to(root)): p.read_text()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != output.OWNER_MARK
    }


def test_first_build_creates_target(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with staged_tree(target) as staging:
        (staging / "index.html").write_text("one")
    assert tree(target) == {"index.html": "one"}
    assert (target / output.OWNER_MARK).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_second_build_replaces_whole_tree(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with staged_tree(target) as staging:
        (staging / "old.html").write_text("old")
    with staged_tree(target) as staging:
        (staging / "new.html").write_text("new")
    assert tree(target) == {"new.html": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("exception", [RuntimeError("boom"), KeyboardInterrupt()])
def test_error_midway_leaves_previous_tree(tmp_path: Path, exception: BaseException) -> None:
    target = tmp_path / "site"
    with staged_tree(target) as staging:
        (staging / "index.html").write_text("previous")
    with pytest.raises(type(exception)), staged_tree(target) as staging:
        (staging / "index.html").write_text("half")
        raise exception
    assert tree(target) == {"index.html": "previous"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_without_renameat2_falls_back_to_two_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_RENAMEAT2", None)
    target = tmp_path / "site"
    with staged_tree(target) as staging:
        (staging / "a").write_text("1")
    with staged_tree(target) as staging:
        (staging / "b").write_text("2")
    assert tree(target) == {"b": "2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (tmp_path / ".site.omcreport-staging-999").mkdir()
    (tmp_path / ".site.omcreport-retired-998").mkdir()
    (tmp_path / ".other").mkdir()
    sweep_leftovers(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other", "site"]


def test_refuses_to_replace_a_file_or_symlink(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real")
    with pytest.raises(OmcError, match="not a folder"), staged_tree(tmp_path / "site"):
        pass
    (tmp_path / "file").write_text("x")
    with pytest.raises(OmcError, match="not a folder"), staged_tree(tmp_path / "file"):
        pass


@pytest.mark.parametrize(
    ("site", "reports"), [("site", "site/reports"), ("out/reports/site", "out/reports"), ("same", "same")]
)
def test_reports_never_inside_site(tmp_path: Path, site: str, reports: str) -> None:
    with pytest.raises(OmcError, match="must not contain each other"):
        check_separate(tmp_path / site, tmp_path / reports)


def test_sibling_folders_are_fine(tmp_path: Path) -> None:
    check_separate(tmp_path / "site", tmp_path / "reports")
