"""The only way WeasyPrint may read a file: from the report theme folder.

Markdown from content reaches the templates already stripped of every fetchable URL
(`omcreport.richtext.report_html`); this fetcher is the second wall. It serves `file:`
URLs that resolve inside the theme folder and refuses everything else (other schemes,
paths outside the theme, missing files). A refusal makes WeasyPrint log an error, which
fails the build (`engine.py`). Every requested URL is recorded for tests.

Imported only by the render engine: nothing else may import WeasyPrint.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class ThemeOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    def __init__(self, theme_folder: Path) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.theme_folder = theme_folder.resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        self.requested.append(url)
        path = self._theme_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"refused to load {url!r}: reports load only files shipped with the theme")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": mime_type or "application/octet-stream"}
        )

    def _theme_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
            return None
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.theme_folder) or not path.is_file():
            return None
        return path
