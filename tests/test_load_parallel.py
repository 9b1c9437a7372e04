"""Checking files in worker processes gives exactly what one process gives: the same
problems in the same order and the same content, with and without the parse cache."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from benchmarks.generate import generate
from omcreport import load
from omcreport.load import load_content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parallel") / "content"
    generate(folder, 2 * load._FILES_PER_JOB + 50)
    journeys = sorted((folder / "journeys").iterdir())
    # Problems in files the workers check: an error early, a warning late.
    journeys[3].write_text(journeys[3].read_text(encoding="utf-8").replace("owner:", "ownr:", 1), encoding="utf-8")
    journeys[-2].write_text(journeys[-2].read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    return folder


def test_two_jobs_report_the_problems_of_one(content: Path) -> None:
    assert threading.active_count() == 1  # else map_spans checks in this process alone
    one = load_content(content, jobs=1)
    two = load_content(content, jobs=2)
    assert one.problems and one.content is None
    assert two.problems == one.problems
    assert two.files_read == one.files_read


def test_two_jobs_build_the_content_of_one_and_fill_the_cache_alike(content: Path, tmp_path: Path) -> None:
    fixed = tmp_path / "content"
    shutil.copytree(content, fixed)
    journeys = sorted((fixed / "journeys").iterdir())
    journeys[3].write_text(journeys[3].read_text(encoding="utf-8").replace("ownr:", "owner:", 1), encoding="utf-8")
    journeys[-2].write_text(journeys[-2].read_text(encoding="utf-8").replace("unknown_key: 1\n", ""), encoding="utf-8")
    one = load_content(fixed, jobs=1)
    two = load_content(fixed, jobs=2, cache_dir=tmp_path / "cache")
    assert one.content is not None and two.content == one.content
    warm = load_content(fixed, jobs=2, cache_dir=tmp_path / "cache")
    assert warm.cached_files == len(journeys) + sum(1 for _ in (fixed / "observations").iterdir()) + sum(
        1 for _ in (fixed / "notices").iterdir()
    )
    assert warm.content == one.content and warm.problems == one.problems
