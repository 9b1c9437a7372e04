"""Every install instruction pins the release this checkout is (HACKING.md, "Releasing"):
the tag in the docs and the example workflows is `v` + pyproject's version, the package
says the same version, and the changelog has its entry."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_omcreport

# Where a tag of this repository is pinned, and the form each pin takes there.
TAG = r"v\d+\.\d+\.\d+"
PINNED: dict[str, str] = {
    "docs/getting-started.md": rf"omcreport@({TAG})\"",
    "docs/editors.md": rf"rev: ({TAG})",
    "docs/publishing.md": rf"omcreport@({TAG})\"",
    ".pre-commit-hooks.yaml": rf"rev: ({TAG})",
    "examples/github/publish.yml": rf"OMCREPORT_VERSION: ({TAG})",
    "examples/github/pull-request.yml": rf"OMCREPORT_VERSION: ({TAG})",
}


def _version() -> str:
    version: str = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return version


@pytest.mark.parametrize("relative", sorted(PINNED))
def test_every_pin_is_the_tag_of_this_version(relative: str) -> None:
    pins = re.findall(PINNED[relative], (ROOT / relative).read_text(encoding="utf-8"))
    assert pins, f"{relative}: no pinned tag found (the release checklist lists it)"
    assert set(pins) == {f"v{_version()}"}, f"{relative} pins {sorted(set(pins))}; pyproject says {_version()}"


def test_no_doc_installs_from_a_package_index() -> None:
    """omcreport is on no index: `pip install omcreport` (without a git URL or a wheel) fails."""
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(pip|pipx|uv tool) install\s+(-U\s+)?omcreport(\s|$|==)", text), page.name


def test_the_installed_version_is_pyproject_s(tmp_path: Path) -> None:
    shown = run_omcreport(tmp_path, "--version")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == f"omcreport, version {_version()}"


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\d+\.\d+\.\d+) \((unreleased|\d{4}-\d{2}-\d{2})\)$", changelog, re.MULTILINE)
    assert _version() in [version for version, _ in headings]
    # Newest first: the top entry is this version or the next one.
    top = tuple(int(part) for part in headings[0][0].split("."))
    assert top >= tuple(int(part) for part in _version().split("."))


def test_the_wheel_the_docs_name_is_the_one_pip_builds_and_it_installs(tmp_path: Path) -> None:
    """getting-started's wheel path: built as the page says, the file it names, installed
    into an environment of its own (as pipx and uv tool do) it runs."""
    named = re.findall(r"dist/(omcreport-[^\s`]+\.whl)", (ROOT / "docs" / "getting-started.md").read_text("utf-8"))
    assert named and set(named) == {f"omcreport-{_version()}-py3-none-any.whl"}
    # --no-build-isolation: the test machine is offline; the page's command fetches setuptools.
    wheel_cmd = ["-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), "."]
    subprocess.run([sys.executable, *wheel_cmd], cwd=ROOT, check=True, capture_output=True, timeout=600)
    assert sorted(path.name for path in (tmp_path / "dist").iterdir()) == [named[0]]
    # Its own environment; the dependencies come from this one's site-packages (offline).
    # Without the suite's PYTHONPATH, which would make pip see this checkout as installed.
    alone = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    venv = tmp_path / "tool-env"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    installed = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", tmp_path / "dist" / named[0]],
        capture_output=True,
        text=True,
        timeout=600,
        env=alone,
    )
    assert installed.returncode == 0, installed.stderr
    shown = subprocess.run(
        [venv / "bin" / "omcreport", "--version"], cwd=tmp_path, capture_output=True, text=True, env=alone
    )
    assert shown.stdout.strip() == f"omcreport, version {_version()}"
