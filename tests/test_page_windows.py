"""A tracking page's window: every as-of inside it gives the projection the as-of at its
start gives, and a build inside it takes the page from the cache without projecting it.

The windows are checked on real content (the sample, the mini fixture and a generated
folder with open, late, shipped and noticed orders) at many as-ofs, so a dependence of
the projection on the clock that the window does not know fails here, not on a page.
"""

from __future__ import annotations

import contextlib
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from benchmarks.generate import generate
from omcreport.load import load_content
from omcreport.model import Content
from omcreport.site import projection, writer
from omcreport.site.page_windows import window_end
from tests.conftest import MINI, ROOT

START = datetime.fromisoformat("2026-11-10T00:00:00+00:00")
# The as-of of each build below, every 7 hours 13 minutes: through midnights, promises,
# shipments, next updates and notices alike.
AS_OFS = [START + timedelta(hours=7 * step, minutes=13 * step) for step in range(60)]


def _content(folder: Path) -> Content:
    with contextlib.chdir(folder.parent):
        loaded = load_content(Path(folder.name))
    assert loaded.content is not None, [problem.as_text() for problem in loaded.problems]
    return loaded.content


@pytest.fixture(scope="module")
def contents(tmp_path_factory: pytest.TempPathFactory) -> list[Content]:
    generated = tmp_path_factory.mktemp("windows") / "content"
    generate(generated, 150, 3)
    return [_content(ROOT / "content"), _content(MINI), _content(generated)]


def test_every_as_of_inside_a_window_gives_the_same_projection(contents: list[Content]) -> None:
    checked = 0
    for content in contents:
        for journey in content.journeys:
            if journey.public is None:
                continue
            for as_of in AS_OFS:
                end = window_end(journey, content, as_of)
                assert end >= as_of
                shown = projection.project_order(journey, content, as_of)
                for inside in (as_of + (end - as_of) / 2, end - timedelta(microseconds=1)):
                    if inside >= as_of:
                        assert projection.project_order(journey, content, inside) == shown, (journey.order, as_of)
                        checked += 1
    assert checked > 1000


def test_a_build_inside_every_window_projects_no_page(
    contents: list[Content], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = contents[1]
    as_of = datetime.fromisoformat("2026-11-25T12:00:00+00:00")
    cache = tmp_path / "cache"
    writer.write_site(content, as_of, tmp_path / "first", cache_dir=cache)
    pages = sorted(path.relative_to(tmp_path / "first") for path in (tmp_path / "first" / "track").rglob("*.*"))
    assert len(pages) >= 6

    def refuse(*_args: object) -> None:
        raise AssertionError("a page inside its window was projected again")

    monkeypatch.setattr(writer, "project_order", refuse)
    later = as_of + timedelta(minutes=90)
    assert all(window_end(j, content, as_of) > later for j in content.journeys if j.public is not None)
    writer.write_site(content, later, tmp_path / "second", cache_dir=cache)
    for page in pages:
        assert (tmp_path / "second" / page).read_bytes() == (tmp_path / "first" / page).read_bytes()


def test_an_edited_journey_is_projected_again_inside_its_window(tmp_path: Path) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(MINI, content_dir)
    as_of = datetime.fromisoformat("2026-11-25T12:00:00+00:00")
    cache = tmp_path / "cache"
    writer.write_site(_content(content_dir), as_of, tmp_path / "first", cache_dir=cache)
    journey = content_dir / "journeys" / "SO-1002.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace(
            "Ihre Bestellung liegt uns vor.", "Neu, wir haben Ihre Bestellung."
        ),
        encoding="utf-8",
    )
    writer.write_site(_content(content_dir), as_of + timedelta(minutes=5), tmp_path / "second", cache_dir=cache)
    page = "track/ScwJ24sYBTNRxAw7kVU0og/index.html"
    assert "Neu, wir haben Ihre Bestellung." in (tmp_path / "second" / page).read_text(encoding="utf-8")
    assert "Neu," not in (tmp_path / "first" / page).read_text(encoding="utf-8")
