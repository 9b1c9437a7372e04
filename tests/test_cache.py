"""The cache folder: one per version set, kept under its limit least recently used first
(whole entries only), shown and emptied by `omcreport cache`; the suite's own is private."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from omcreport.cache import cache_base, environment_key
from tests.conftest import run_omcreport

AS_OF = "2026-11-25T12:00:00Z"


def _omcreport(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_omcreport(project, *args, env=env)


def _tree(root: Path) -> dict[str, bytes]:
    return {os.fspath(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_suite_never_uses_the_users_own_cache(private_cache: Path) -> None:
    assert cache_base() == private_cache / "omcreport"
    assert Path.home() / ".cache" not in cache_base().parents


def test_the_environment_folder_names_the_versions(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    built = _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env={"XDG_CACHE_HOME": str(home)})
    assert built.returncode == 0, built.stderr
    folders = [entry.name for entry in (home / "omcreport").iterdir()]
    assert folders == [environment_key()]
    assert environment_key().startswith("0.") and len(environment_key().split("-")[-1]) == 16
    info = _omcreport(project, "cache", "info", env={"XDG_CACHE_HOME": str(home)})
    assert info.returncode == 0
    assert f"{environment_key()} (this version):" in info.stdout


def test_other_versions_go_first_when_the_cache_is_over_its_limit(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(home), "OMCREPORT_CACHE_LIMIT_MB": "1"}
    stale = home / "omcreport" / "0.0.1-0000000000000000"
    stale.mkdir(parents=True)
    (stale / "old.bin").write_bytes(b"x" * (3 * 1024 * 1024))
    built = _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env=env)
    assert built.returncode == 0, built.stderr
    assert not stale.exists()
    assert (home / "omcreport" / environment_key() / "site" / "pages").is_dir()  # this version's stays


def test_pruning_removes_the_least_recently_used_entry_whole_and_changes_no_output(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omcreport.cache import folders, prune
    from omcreport.site.page_store import read_entry

    home = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(home)}
    first = _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env=env)
    assert first.returncode == 0, first.stderr
    site = _tree(project / "site")
    entries = sorted((home / "omcreport" / environment_key() / "site" / "pages").glob("*/*"))
    assert len(entries) == 2  # one per tracking page, each one file holding its files
    oldest = entries[0]
    os.utime(oldest, (1_000_000_000, 1_000_000_000))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    size = oldest.stat().st_size
    total = sum(folder.size for folder in folders())
    assert prune(total - size) == size
    assert not oldest.exists()
    kept = read_entry(str(entries[1]))
    assert kept is not None and {"feed.xml", "index.html", "status.json"} <= set(kept)
    shutil.rmtree(project / "site")
    again = _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env=env)
    assert again.returncode == 0, again.stderr
    assert _tree(project / "site") == site


def test_cache_clear_empties_it_and_info_says_so(project: Path, tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env=env).returncode == 0
    cleared = _omcreport(project, "cache", "clear", env=env)
    assert cleared.returncode == 0
    assert cleared.stdout.startswith("removed ") and " MB from " in cleared.stdout
    assert not (tmp_path / "xdg" / "omcreport").exists()
    info = _omcreport(project, "cache", "info", env=env)
    assert "total 0.0 MB" in info.stdout


def test_a_bad_cache_limit_is_one_line_and_status_2(project: Path) -> None:
    result = _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env={"OMCREPORT_CACHE_LIMIT_MB": "lots"})
    assert result.returncode == 2
    assert "OMCREPORT_CACHE_LIMIT_MB must be a whole number of megabytes" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_prunes_at_most_once_a_day(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(home), "OMCREPORT_CACHE_LIMIT_MB": "1"}
    assert _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env=env).returncode == 0
    stale = home / "omcreport" / "0.0.1-0000000000000000"
    stale.mkdir(parents=True)
    (stale / "old.bin").write_bytes(b"x" * (3 * 1024 * 1024))
    assert _omcreport(project, "build", "--only", "site", "--as-of", AS_OF, env=env).returncode == 0
    assert stale.exists()  # pruned an hour ago at most: not measured again
    stamp = home / "omcreport" / environment_key() / ".pruned"
    os.utime(stamp, (1_000_000_000, 1_000_000_000))
    assert _omcreport(project, "build", "--only", "site", "--as-of", "2026-11-25T12:00:01Z", env=env).returncode == 0
    assert not stale.exists()
