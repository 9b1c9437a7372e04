"""The render cache and the worker pool: an unchanged PDF is copied, not rendered; one
changed journey re-renders one PDF; two workers give the same bytes as one."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from omcreport.errors import OmcError
from omcreport.load import load_content
from omcreport.model import Content
from omcreport.reports.render_pool import RenderJob, render_all
from omcreport.reports.writer import build_reports

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
AS_OF = datetime.fromisoformat("2026-11-25T12:00:00+00:00")


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = load_content(MINI)
    assert loaded.content is not None
    return loaded.content


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cache_skips_unchanged_pdfs_and_renders_only_what_changed(content: Content, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_reports(content, AS_OF, tmp_path / "one", journey_pdfs="all", cache_dir=cache)
    assert (first.rendered, first.from_cache) == (4, 0)

    again = build_reports(content, AS_OF, tmp_path / "two", journey_pdfs="all", cache_dir=cache)
    assert (again.rendered, again.from_cache) == (0, 4)
    assert tree(tmp_path / "two") == tree(tmp_path / "one")

    retitled = dataclasses.replace(content.journeys[0], title="Two seal kits, delivered early")
    changed = dataclasses.replace(content, journeys=(retitled, *content.journeys[1:]))
    after_edit = build_reports(changed, AS_OF, tmp_path / "three", journey_pdfs="all", cache_dir=cache)
    assert (after_edit.rendered, after_edit.from_cache) == (1, 3)
    assert b"delivered early" not in (tmp_path / "one" / "journeys" / "SO-1001.pdf").read_bytes()
    assert (tmp_path / "three" / "journeys" / "SO-1001.pdf").read_bytes() != (
        tmp_path / "one" / "journeys" / "SO-1001.pdf"
    ).read_bytes()

    later = build_reports(
        content,
        datetime.fromisoformat("2026-11-26T12:00:00+00:00"),
        tmp_path / "four",
        journey_pdfs="all",
        cache_dir=cache,
    )
    # The as-of is part of every render input: the findings and the open journey render
    # again; the closed journeys are rendered as of their last moment, and come from the cache.
    assert (later.rendered, later.from_cache) == (2, 2)


def test_two_workers_write_the_same_bytes_as_one(content: Content, tmp_path: Path) -> None:
    one = build_reports(content, AS_OF, tmp_path / "one", journey_pdfs="all", jobs=1)
    two = build_reports(content, AS_OF, tmp_path / "two", journey_pdfs="all", jobs=2)
    assert one.rendered == two.rendered == 4
    assert tree(tmp_path / "two") == tree(tmp_path / "one")


SMALL_HTML = '<html lang="en"><head><title>{title}</title></head><body><p>{title}</p></body></html>'


def copy_theme(target: Path) -> Path:
    from omcreport.reports.theme import theme_dir

    shutil.copytree(theme_dir(), target)
    return target


def test_a_theme_change_renders_again(tmp_path: Path) -> None:
    theme = copy_theme(tmp_path / "theme")

    def build(number: int) -> list[RenderJob]:
        # Each build writes into a fresh folder, as a staged tree is.
        (tmp_path / f"build-{number}").mkdir()
        return [RenderJob("probe.pdf", SMALL_HTML.format(title="probe"), tmp_path / f"build-{number}" / "probe.pdf")]

    assert render_all(build(1), theme, workers=1, cache_dir=tmp_path / "cache").rendered == 1
    assert render_all(build(2), theme, workers=1, cache_dir=tmp_path / "cache").from_cache == 1
    with (theme / "report.css").open("a", encoding="utf-8") as css:
        css.write("\np { color: #000000; }\n")
    assert render_all(build(3), theme, workers=1, cache_dir=tmp_path / "cache").rendered == 1


def test_a_broken_theme_fails_in_worker_processes_without_hanging(tmp_path: Path) -> None:
    theme = copy_theme(tmp_path / "theme")
    with (theme / "report.css").open("a", encoding="utf-8") as css:
        css.write("\np { colour: red; }\n")
    jobs = [RenderJob(f"{n}.pdf", SMALL_HTML.format(title=n), tmp_path / f"{n}.pdf") for n in ("one", "two", "three")]
    with pytest.raises(OmcError, match="colour"):
        render_all(jobs, theme, workers=2, cache_dir=None)
    assert not any(job.target.exists() for job in jobs)
