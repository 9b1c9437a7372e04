"""What every report document carries besides its body: metadata and page chrome.

Title, author (site.yaml `reports.author`), subject and language go into the HTML head,
from which WeasyPrint writes the PDF metadata; the creation date is the as-of time,
never the clock, so the same content and as-of give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from omcreport import __version__
from omcreport.model import Site
from omcreport.reports.formatting import as_of_text

PAPER_CSS: dict[str, str] = {"A4": "A4 portrait", "Letter": "letter portrait"}


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    subject: str
    keywords: str
    author: str | None
    organisation: str
    lang: str  # of the report's own words (English)
    content_lang: str  # of texts written in content (site.yaml locale)
    paper: str  # CSS page size
    created: str  # W3C date-time: the as-of
    as_of_text: str
    generator: str


def report_language(site_locale: str) -> str:
    """The reports' own words are English: declare `en`, or the site's English variant."""
    tag = site_locale.replace("_", "-")
    return tag if tag.split("-")[0].lower() == "en" else "en"


def document_meta(site: Site, *, title: str, subject: str, keywords: list[str], as_of: datetime) -> DocumentMeta:
    return DocumentMeta(
        title=title,
        subject=subject,
        keywords=", ".join(keywords),
        author=site.reports.author,
        organisation=site.name,
        lang=report_language(site.locale),
        content_lang=site.locale.replace("_", "-"),
        paper=PAPER_CSS.get(site.reports.paper, PAPER_CSS["A4"]),
        created=as_of.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        as_of_text=as_of_text(as_of, ZoneInfo(site.timezone)),
        generator=f"omcreport {__version__}",
    )
