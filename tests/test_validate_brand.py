"""site.yaml's `brand`: a logo judged by its bytes and an accent judged by its contrast,
each refused with file:line:col; when good, both reach every page of the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from omcreport.colour import DARK_BACKGROUNDS, LIGHT_BACKGROUNDS, MIN_CONTRAST, worst_contrast

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def with_brand(project: Path, brand: str) -> None:
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + brand, encoding="utf-8")


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def brand_line(project: Path) -> int:
    lines = (project / "content" / "site.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index("brand:") + 1


@pytest.mark.parametrize(
    ("logo", "make", "code", "says"),
    [
        ("../outside.png", None, "error[OMC225]", "must be a path inside the content folder"),
        ("assets/missing.png", None, "error[OMC322]", "does not exist in the content folder"),
        ("assets/logo.png", "text", "error[OMC323]", "is not a PNG, JPEG or WebP image (judged by its bytes)"),
        ("assets/logo.png", "big", "error[OMC323]", "is over 64 KiB"),
        ("assets/logo.png", "link", "error[OMC322]", "leads outside the content folder"),
        ("assets", "folder", "error[OMC322]", "is a folder, not an image file"),
    ],
)
def test_a_bad_logo_is_refused_at_its_line(project: Path, logo: str, make: str | None, code: str, says: str) -> None:
    assets = project / "content" / "assets"
    assets.mkdir()
    if make == "text":
        (assets / "logo.png").write_text("not an image")
    elif make == "big":
        (assets / "logo.png").write_bytes(PNG + bytes(64 * 1024))
    elif make == "link":
        (project / "elsewhere.png").write_bytes(PNG)
        os.symlink(project / "elsewhere.png", assets / "logo.png")
    with_brand(project, f"brand:\n  logo: {logo}\n")
    result = check(project)
    assert result.returncode == 1
    line = brand_line(project) + 1
    assert re.search(
        rf"^content/site\.yaml:{line}:9: {re.escape(code)}: logo: .*{re.escape(says)}", result.stdout, re.M
    ), result.stdout


def test_an_accent_without_contrast_names_the_ratio(project: Path) -> None:
    with_brand(project, 'brand:\n  accent: "#ffcc00"\n')
    result = check(project)
    assert result.returncode == 1
    line = brand_line(project) + 1
    assert (
        f"content/site.yaml:{line}:11: error[OMC224]: accent: #ffcc00 has a contrast of 1.32:1 on the page's "
        "#fdecec boxes; links need at least 4.5:1, so choose a darker shade"
    ) in result.stdout


def test_logo_and_accent_reach_every_page(project: Path) -> None:
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / "logo.png").write_bytes(PNG)
    with_brand(project, 'brand:\n  logo: assets/logo.png\n  accent: "#1f4e79"\n')
    checked = check(project)
    assert checked.returncode == 0, checked.stdout
    assert "assets" not in checked.stdout  # the folder site.yaml's files live in is not "unexpected"
    built = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "content", "--only", "site", "--as-of", "2026-11-25T12:00:00Z"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    site = project / "site"
    logos = list((site / "assets").glob("logo-*.png"))
    sheets = list((site / "assets").glob("brand-*.css"))
    assert len(logos) == 1 and logos[0].read_bytes() == PNG
    sheet = sheets[0].read_text()
    assert ":root { --link: #1f4e79; --focus: #1f4e79; }" in sheet
    dark = re.search(r"prefers-color-scheme: dark\) \{ :root \{ --link: (#[0-9a-f]{6});", sheet)
    assert dark is not None and worst_contrast(dark.group(1), DARK_BACKGROUNDS)[0] >= MIN_CONTRAST
    for page in site.rglob("*.html"):
        html = page.read_text()
        root = "../" * (len(page.relative_to(site).parts) - 1)
        assert f'<img src="{root}assets/{logos[0].name}" alt="Mini Pumps" height="32">' in html, page
        assert f'<link rel="stylesheet" href="{root}assets/{sheets[0].name}">' in html, page


def test_the_backgrounds_judged_are_the_themes_own() -> None:
    css = (Path(__file__).resolve().parent.parent / "templates/site/assets/site.css").read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    pattern = r"--(?:bg|card|[a-z]+-bg): (#[0-9a-f]{6})"
    assert tuple(re.findall(pattern, light.split("}")[0])) == LIGHT_BACKGROUNDS
    assert tuple(re.findall(pattern, dark.split("}")[0])) == DARK_BACKGROUNDS
