"""Hostile content cannot make a report fetch, embed or link anything but https links,
and any WeasyPrint warning fails the render instead of shipping a broken PDF."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest

from omcreport.errors import OmcError
from omcreport.load import load_content
from omcreport.reports import render_pool
from omcreport.reports.theme import theme_dir
from omcreport.reports.writer import build_reports

pytestmark = pytest.mark.pdf

AS_OF = datetime.fromisoformat("2026-05-01T12:00:00+00:00")

HOSTILE_MARKDOWN = """\
![secret](file:///etc/passwd)
![pixel](http://evil.example/pixel.png)
<img src="http://evil.example/img.png">

[plain http](http://evil.example/page) and [local](file:///etc/passwd) and
[data](data:text/html;base64,PHNjcmlwdD4=) and <http://evil.example/auto>

<style>body { background: url(http://evil.example/bg.png) }</style>
<div style="background-image: url('file:///etc/shadow')">styled</div>
<object data="file:///etc/passwd"></object>
<iframe src="http://evil.example/frame"></iframe>
<link rel="stylesheet" href="http://evil.example/x.css">

[safe link](https://good.example/ok)
"""
HOSTILE_INLINE = "![i](file:///etc/hosts) <img src=x onerror=alert(1)> [x](http://evil.example/inline)"
FETCHES: dict[str, list[str]] = {}  # what the renderer's fetcher saw while building the hostile reports
FORBIDDEN = ("http://evil", "file:///etc", "file:/etc", "data:text")


def indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line + "\n" for line in text.splitlines())


def write_hostile_content(folder: Path) -> None:
    (folder / "journeys").mkdir(parents=True)
    (folder / "observations").mkdir()
    (folder / "site.yaml").write_text(
        "name: Hostile Pumps\nbase_url: https://track.example.com/\ntimezone: UTC\n"
        "reports:\n  paper: A4\n  author: Security review\n",
        encoding="utf-8",
    )
    (folder / "journeys" / "SO-666.yaml").write_text(
        "order: SO-666\n"
        'title: "Pump <img src=http://evil.example/t.png> url(file:///etc/passwd)"\n'
        "customer:\n  display_name: \"Evil <object data='file:///etc/passwd'>\"\n"
        "followed_by: CISO\n"
        "stages:\n"
        "  - stage: entry\n"
        "    started: 2026-04-01T09:00:00Z\n"
        "    ended: 2026-04-01T10:00:00Z\n"
        "    owner: Customer Service\n"
        "    customer_in_view: high\n"
        f'    public_note: "{HOSTILE_INLINE}"\n'
        "    events:\n"
        "      - at: 2026-04-01T09:30:00Z\n"
        f'        note: "{HOSTILE_INLINE}"\n'
        "    notes: |\n" + indent(HOSTILE_MARKDOWN, 6),
        encoding="utf-8",
    )
    (folder / "observations" / "OBS-1.yaml").write_text(
        "id: OBS-1\ntitle: Hostile observation\nstage: entry\norders: [SO-666]\nobserved: 2026-04-02\n"
        "source: other\nseverity: critical\nstatus: open\n"
        "body: |\n" + indent(HOSTILE_MARKDOWN, 2) + "recommendation: |\n" + indent(HOSTILE_MARKDOWN, 2),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_content(root / "content")
    loaded = load_content(root / "content")
    assert loaded.content is not None, [p.as_text() for p in loaded.problems]
    build_reports(loaded.content, AS_OF, root / "reports", journey_pdfs="all", jobs=1, cache_dir=None)
    engine = render_pool._worker_engine  # jobs=1 renders in this process, with this engine
    assert engine is not None
    FETCHES["requested"] = list(engine.fetcher.requested)
    FETCHES["refused"] = list(engine.fetcher.refused)
    return root / "reports"


def pdfs(reports: Path) -> list[Path]:
    return [reports / "findings.pdf", reports / "journeys" / "SO-666.pdf"]


def test_hostile_markdown_reaches_the_reports(hostile_reports: Path) -> None:
    text = subprocess.run(
        ["pdftotext", str(hostile_reports / "journeys" / "SO-666.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "safe link" in text and "styled" in text and "plain http" in text
    assert "Hostile observation" in text


def test_no_image_in_any_report(hostile_reports: Path) -> None:
    for path in pdfs(hostile_reports):
        listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
        assert len(listing.strip().splitlines()) == 2, listing  # the two header lines only


def test_nothing_attached_to_any_report(hostile_reports: Path) -> None:
    for path in pdfs(hostile_reports):
        listing = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True).stdout
        assert listing.strip() == "0 embedded files"


def test_no_hostile_url_in_text_or_bytes(hostile_reports: Path, tmp_path: Path) -> None:
    for path in pdfs(hostile_reports):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        expanded = tmp_path / f"{path.stem}.qdf.pdf"
        with pikepdf.open(path) as pdf:
            pdf.save(expanded, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
        raw = expanded.read_bytes() + path.read_bytes()
        for needle in FORBIDDEN:
            assert needle not in text, (path.name, needle)
            assert needle.encode() not in raw, (path.name, needle)
        assert b"evil.example/pixel.png" not in raw  # a dropped image leaves no trace at all


def test_only_https_links_survive_as_links(hostile_reports: Path) -> None:
    with pikepdf.open(hostile_reports / "journeys" / "SO-666.pdf") as pdf:
        uris = sorted(
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation and "/URI" in annotation.A
        )
    assert uris and set(uris) == {"https://good.example/ok"}


def test_the_renderer_fetched_only_theme_files(hostile_reports: Path) -> None:
    theme = theme_dir().resolve().as_uri() + "/"
    requested = FETCHES["requested"]
    assert requested, "the fonts and stylesheet come through the fetcher"
    assert all(url.startswith(theme) for url in requested), requested
    assert FETCHES["refused"] == []


def test_fetcher_refuses_everything_outside_the_theme() -> None:
    from omcreport.reports.fetcher import ThemeOnlyFetcher

    theme = theme_dir().resolve()
    fetcher = ThemeOnlyFetcher(theme)
    font = (theme / "fonts" / "DejaVuSans.ttf").as_uri()
    assert fetcher.fetch(font).read(4) == b"\x00\x01\x00\x00"
    for url in [
        "file:///etc/passwd",
        theme.as_uri() + "/../../../../etc/passwd",
        theme.as_uri() + "/fonts/missing.ttf",
        "http://evil.example/x.css",
        "https://good.example/font.ttf",
        "data:text/css,body{}",
        "file://otherhost" + (theme / "report.css").as_posix(),
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_a_refused_resource_fails_the_render() -> None:
    from omcreport.reports.engine import PdfEngine

    engine = PdfEngine(theme_dir())
    with pytest.raises(OmcError, match="refused to load 'file:///etc/passwd'"):
        engine.render('<html lang="en"><title>t</title><img src="file:///etc/passwd" alt="x"></html>', "probe.pdf")


def test_a_css_warning_fails_the_build(tmp_path: Path) -> None:
    from omcreport.reports.engine import PdfEngine

    theme = tmp_path / "theme"
    subprocess.run(["cp", "-r", str(theme_dir()), str(theme)], check=True)
    with (theme / "report.css").open("a", encoding="utf-8") as css:
        css.write("\np { colour: red; }\n")
    with pytest.raises(OmcError, match=r"WeasyPrint reported problems while rendering report\.css"):
        PdfEngine(theme)
