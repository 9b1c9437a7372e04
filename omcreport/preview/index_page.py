"""The internal index at `/_preview/`: what the last good build holds.

It lists the public pages (the overview, notices, each tracking page with its order)
and the internal reports. It exists only in preview; a real build never writes it.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from omcreport.output_names import FINDINGS_JSON, FINDINGS_PDF, JOURNEY_PDF_FOLDER, JOURNEYS_CSV, LINKS_CSV
from omcreport.vocabulary import TRACK_URL_PATH as TRACK_URL


def _labels_by_token(links_csv: Path) -> dict[str, str]:
    """token -> "ORDER (customer)", from reports/links.csv (columns order, customer, url)."""
    labels: dict[str, str] = {}
    try:
        with links_csv.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return labels
    for row in rows:
        match = TRACK_URL.search(row.get("url") or "")
        if match and row.get("order"):
            customer = row.get("customer")
            labels[match.group(1)] = f"{row['order']} ({customer})" if customer else row["order"]
    return labels


def _link(href: str, text: str) -> str:
    return f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>'


def _section(title: str, items: list[str], empty: str) -> str:
    body = "\n".join(items) if items else f"<li>{html.escape(empty)}</li>"
    return f"<h2>{html.escape(title)}</h2>\n<ul>\n{body}\n</ul>"


def report_links(reports_dir: Path, links_dir: Path) -> list[str]:
    """The reports, and the links.csv of the site build (the site as now served)."""
    items = []
    for folder, name in (
        (reports_dir, FINDINGS_PDF),
        (reports_dir, FINDINGS_JSON),
        (reports_dir, JOURNEYS_CSV),
        (links_dir, LINKS_CSV),
    ):
        if (folder / name).is_file():
            items.append(_link(f"/_preview/reports/{name}", name))
    journeys = reports_dir / JOURNEY_PDF_FOLDER
    if journeys.is_dir():
        for pdf in sorted(journeys.glob("*.pdf")):
            items.append(_link(f"/_preview/reports/journeys/{pdf.name}", f"journeys/{pdf.name}"))
    return items


def public_links(site_dir: Path, links_dir: Path) -> list[str]:
    """The site's pages, tracking pages labelled from the links.csv of the same site build."""
    items = []
    if (site_dir / "index.html").is_file():
        items.append(_link("/", "Overview"))
    notices = site_dir / "notices"
    if notices.is_dir():
        for page in sorted(notices.glob("*/index.html")):
            items.append(_link(f"/notices/{page.parent.name}/", f"Notice {page.parent.name}"))
    labels = _labels_by_token(links_dir / LINKS_CSV)
    track = site_dir / "track"
    if track.is_dir():
        pages = sorted(
            track.glob("*/index.html"), key=lambda page: (labels.get(page.parent.name, ""), page.parent.name)
        )
        for page in pages:
            token = page.parent.name
            label = f"Tracking page of {labels[token]}" if token in labels else f"Tracking page {token}"
            items.append(_link(f"/track/{token}/", label))
    return items


def render_index(site_dir: Path, reports_dir: Path, state: dict[str, object], links_dir: Path) -> str:
    status = "building…" if state.get("building") else "up to date"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>omcreport preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.1rem; margin-top: 2rem; }}
ul {{ padding-left: 1.25rem; }} .note {{ color: #5b5b60; }}
</style>
<script src="/_preview/reload.js" defer></script>
</head>
<body>
<h1>omcreport preview</h1>
<p class="note">Only in preview: this page lists what the last good build holds. Build
{html.escape(str(state.get("generation")))}, {html.escape(status)}. Reports are internal: never publish them.</p>
{_section("Public site", public_links(site_dir, links_dir), "No good build yet.")}
{_section("Reports (internal)", report_links(reports_dir, links_dir), "No reports yet.")}
</body>
</html>
"""


def render_waiting() -> str:
    """Served for the site's pages until the first good build is in."""
    return """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="omcreport-preview-waiting" content="">
<title>omcreport preview: no good build yet</title>
<script src="/_preview/reload.js" defer></script>
</head>
<body>
<h1>No good build yet</h1>
<p>This page reloads by itself once the content builds. See the problems below and in the terminal.</p>
</body>
</html>
"""
