"""Every file of a build's output is written once: a second write to a path stops the
build (DoubleWrite, exit status 3, one line) instead of replacing the first silently."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from golden.sample import AS_OF, sample_content

from omcreport.output_files import DoubleWrite, create_copy, create_file, create_link
from omcreport.site import write_site
from tests.conftest import ROOT, run_omcreport


def test_a_second_write_to_a_path_is_refused_and_the_first_kept(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    create_file(target, b"first")
    source = tmp_path / "source"
    source.write_bytes(b"second")
    for second in (
        lambda: create_file(target, b"second"),
        lambda: create_copy(source, target),
        lambda: create_link(source, target),
    ):
        with pytest.raises(DoubleWrite, match=r"two outputs of this build claim .*index\.html"):
            second()
    assert target.read_bytes() == b"first"
    assert DoubleWrite.exit_code == 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_site_writer_refuses_a_page_written_before_it(tmp_path: Path, jobs: int) -> None:
    content = sample_content()
    token = next(journey.public.token for journey in content.journeys if journey.public is not None)
    out = tmp_path / "site"
    (out / "track" / token).mkdir(parents=True)
    (out / "track" / token / "index.html").write_bytes(b"already here")
    # With two jobs the page is written by a worker process: the refusal crosses it.
    with pytest.raises(DoubleWrite, match=re.escape(f"track/{token}/index.html")):
        write_site(content, AS_OF, out, jobs=jobs)
    assert (out / "track" / token / "index.html").read_bytes() == b"already here"


def test_a_site_only_build_rewrites_links_csv_over_the_kept_reports(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", tmp_path / "content")
    first = run_omcreport(tmp_path, "build", "content", "--journey-pdfs", "none", "--as-of", "2026-11-25T12:00:00Z")
    assert first.returncode == 0, first.stderr
    again = run_omcreport(tmp_path, "build", "content", "--only", "site", "--as-of", "2026-11-26T12:00:00Z")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "reports" / "findings.pdf").is_file()
    assert (tmp_path / "reports" / "links.csv").read_text(encoding="utf-8").startswith('"order","customer","url"')
