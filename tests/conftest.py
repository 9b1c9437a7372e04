"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def run_omcreport(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """The omcreport under test (this interpreter's, never one from PATH), run in `cwd`
    with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "omcreport", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def stderr_on_a_terminal(*args: str | Path, cwd: Path) -> tuple[int, str]:
    """Run omcreport with stderr on a pseudo-terminal: its exit status and what the terminal showed."""
    controller, terminal = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO once the child has closed the terminal
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    process = subprocess.run(
        [sys.executable, "-m", "omcreport", *map(str, args)],
        stderr=terminal,
        stdout=subprocess.DEVNULL,
        cwd=cwd,
        timeout=300,
    )
    os.close(terminal)
    reader.join(timeout=10)
    os.close(controller)
    return process.returncode, b"".join(chunks).decode("utf-8", "replace")


def path_with_omcreport(folder: Path) -> str:
    """A PATH whose `omcreport` is the one under test: for scripts (workflow steps, hooks)
    that call the command by name."""
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "omcreport"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m omcreport "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.fixture(scope="session", autouse=True)
def code_under_test() -> Iterator[None]:
    """Every command a test runs imports omcreport from this checkout, whatever another
    checkout's editable install points the interpreter at."""
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *([previous] if previous else [])])
    yield
    if previous is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = previous


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test, and every command a test runs, uses a cache folder of this session
    only: the suite never reads or fills the user's own cache."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working folder holding a copy of the mini fixture as `content/`."""
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path


SAMPLE_AS_OF = "2026-11-25T12:00:00Z"  # the Makefile's AS_OF for `make build`


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports of the repository's sample (no journey PDFs), built once by the CLI."""
    work = tmp_path_factory.mktemp("sample-reports")
    shutil.copytree(ROOT / "content", work / "content")
    command = [sys.executable, "-m", "omcreport", "build", "--only", "reports", "--journey-pdfs", "none"]
    built = subprocess.run([*command, "--as-of", SAMPLE_AS_OF], cwd=work, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return work / "reports"


def output_leftovers(project: Path, name: str = "site") -> list[str]:
    """What a finished build may not leave beside `project/name`: staging or retired trees,
    and any file in the spare folders kept for the next build (omcreport.spare_folders)."""
    left = [p.name for p in project.glob(f".{name}.omcreport-*") if p.name != f".{name}.omcreport-spare"]
    spare = project / f".{name}.omcreport-spare"
    return left + [str(p) for p in spare.rglob("*") if not p.is_dir() or p.is_symlink()]
