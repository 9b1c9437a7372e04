"""Render one HTML document to PDF bytes with WeasyPrint: the only module that drives it.

A `PdfEngine` is made once per process (per pool worker) and reused: it parses the
print stylesheet and registers the theme fonts once. Any message WeasyPrint logs at
warning level or above during a render fails that render, because WeasyPrint would
otherwise ship a broken PDF silently (a bad CSS rule, a refused resource).

Import this module only inside functions: `omcreport check` must never load WeasyPrint.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from omcreport.errors import OmcError
from omcreport.reports.fetcher import ThemeOnlyFetcher

STYLESHEET = "report.css"
PDF_VARIANT = "pdf/ua-1"


class RenderError(OmcError):
    """WeasyPrint warned or failed while rendering a report."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def _weasyprint_messages() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors instead of letting them print."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class PdfEngine:
    def __init__(self, theme_folder: Path) -> None:
        self.theme_folder = theme_folder
        self.fetcher = ThemeOnlyFetcher(theme_folder)
        self.font_config = FontConfiguration()
        with _weasyprint_messages() as messages:
            self.stylesheet = weasyprint.CSS(
                filename=str(theme_folder / STYLESHEET),
                base_url=theme_folder.as_uri() + "/",
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        _fail_on(messages, STYLESHEET)

    def render(self, html: str, name: str) -> bytes:
        """The PDF of `html`; `name` only labels error messages."""
        identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        with _weasyprint_messages() as messages:
            document = weasyprint.HTML(string=html, base_url=self.theme_folder.as_uri() + "/", url_fetcher=self.fetcher)
            pdf = document.write_pdf(
                stylesheets=[self.stylesheet],
                font_config=self.font_config,
                pdf_variant=PDF_VARIANT,
                pdf_identifier=identifier,
                uncompressed_pdf=False,
            )
        _fail_on(messages, name)
        assert isinstance(pdf, bytes)
        return pdf


def _fail_on(messages: list[str], name: str) -> None:
    if messages:
        listed = "\n  ".join(sorted(set(messages)))
        raise RenderError(f"WeasyPrint reported problems while rendering {name}:\n  {listed}")
