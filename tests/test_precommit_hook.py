"""The pre-commit hook, run the way pre-commit runs it: its `entry` from .pre-commit-hooks.yaml."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "preview-content"


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    found = [entry for entry in hooks if entry["id"] == "omcreport-check"]
    assert len(found) == 1
    result: dict[str, Any] = found[0]
    return result


def run_hook(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # pass_filenames: false, so pre-commit runs the entry with the hook's args only.
    return subprocess.run([*shlex.split(hook()["entry"]), *args], cwd=repo, capture_output=True, text=True, timeout=120)


def test_hook_declaration() -> None:
    declared = hook()
    assert declared["language"] == "python"
    assert declared["pass_filenames"] is False
    files = re.compile(declared["files"])
    assert files.search("content/journeys/SO-1.yaml")
    assert files.search("content/site.yml")
    assert not files.search("docs/index.md")
    assert not files.search("content/journeys/SO-1.yaml.orig")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "content")
    return tmp_path


def test_hook_passes_on_good_content(repo: Path) -> None:
    result = run_hook(repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_on_a_bad_file_with_its_line_and_column(repo: Path) -> None:
    journey = repo / "content" / "journeys" / "SO-1.yaml"
    journey.write_text(
        journey.read_text().replace("    owner: Warehouse\n", "    owner: Warehouse\n    ownr: Finance\n")
    )
    result = run_hook(repo)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert re.search(r"^content/journeys/SO-1\.yaml:20:5: error\[OMC\d+\]: .*ownr", output, re.MULTILINE), output
    assert "Traceback" not in output


def test_hook_args_name_another_content_folder(repo: Path) -> None:
    (repo / "content").rename(repo / "orders")
    site = repo / "orders" / "site.yaml"
    site.write_text(site.read_text().replace("base_url: https://track.preview.example/", "base_url: nowhere"))
    result = run_hook(repo, "orders")
    assert result.returncode == 1
    assert re.search(r"^orders/site\.yaml:2:11: error\[", result.stdout + result.stderr, re.MULTILINE)
