"""Every install instruction pins the release this checkout is (HACKING.md, "Releasing"):
the tag in the docs and the example workflows is `v` + pyproject's version, the package
says the same version, and the changelog has its entry."""

from __future__ import annotations

import re
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
