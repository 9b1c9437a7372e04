"""The wheel ships the package and the default theme, and never the sample content."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "omcreport").rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_wheel_ships_theme_and_no_content(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("omcreport-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    theme_files = [n for n in names if n.startswith("omcreport/theme/")]
    repo_theme = [p for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(theme_files) >= len(repo_theme) > 0
    assert not [n for n in names if n.startswith(("content/", "site/", "reports/", "tests/"))]
    assert "omcreport/cli.py" in names
    metadata = _dist_info_file(wheel, "METADATA").splitlines()
    assert "License-Expression: MIT" in metadata
    assert "License-File: LICENSE" in metadata
    assert "the omcreport authors" in _dist_info_file(wheel, "licenses/LICENSE")


def _dist_info_file(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (member,) = [n for n in archive.namelist() if n.endswith(f".dist-info/{name}")]
        return archive.read(member).decode()
