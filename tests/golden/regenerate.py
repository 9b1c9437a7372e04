"""Regenerate the golden site of tests/golden/ (`make golden`) after a deliberate change.

The golden tree is the site built from tests/fixtures/mini as of AS_OF, plus its
links.csv. Review the diff like code before committing it.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from omcreport.load import load_content
from omcreport.model import Content
from omcreport.site import write_links_csv, write_site

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "mini"
GOLDEN_SITE = HERE / "mini-site"
GOLDEN_LINKS = HERE / "mini-links.csv"
AS_OF = datetime.fromisoformat("2026-11-25T12:00:00+00:00")


def mini_content() -> Content:
    loaded = load_content(FIXTURE)
    if loaded.content is None:
        raise SystemExit("tests/fixtures/mini does not load:\n" + "\n".join(p.as_text() for p in loaded.problems))
    return loaded.content


def build_mini(site_dir: Path, links: Path) -> None:
    content = mini_content()
    site_dir.mkdir(parents=True, exist_ok=True)
    write_site(content, AS_OF, site_dir)
    write_links_csv(content, links)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        links = Path(scratch) / "links.csv"
        build_mini(site, links)
        shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
        shutil.copytree(site, GOLDEN_SITE)
        shutil.copyfile(links, GOLDEN_LINKS)
    files = sum(1 for p in GOLDEN_SITE.rglob("*") if p.is_file())
    print(f"golden site regenerated: {files} files in {GOLDEN_SITE.relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()
