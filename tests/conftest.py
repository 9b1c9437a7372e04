"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working folder holding a copy of the mini fixture as `content/`."""
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path
