"""Markdown from content to safe HTML, under two policies.

Raw HTML in Markdown is never passed through: the `html` inline pattern and the
`html_block` preprocessor are removed, so `<script>` stays visible text. The result
is then cleaned by nh3 (an allow-list sanitiser) as a second wall:

- `public_html` (the site): a small allow-list of inline tags (and, for block texts,
  paragraphs and lists); links only to http, https and mailto; no images, no styles.
- `report_html` (PDFs): the same tags, and links only to `https:`. No image, object,
  style or any fetchable URL survives, so WeasyPrint never sees a URL from content.
"""

from __future__ import annotations

import functools
import threading

import markdown
import nh3
from markupsafe import Markup

INLINE_TAGS: frozenset[str] = frozenset({"a", "b", "strong", "i", "em", "code", "br", "s", "del"})
BLOCK_TAGS: frozenset[str] = INLINE_TAGS | {"p", "ul", "ol", "li", "blockquote", "pre"}
_LINK_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}}


# One converter per thread, reset between texts: building a Markdown() costs more than
# converting a short note (0.10 ms against 0.04 ms), and a site has one per note.
_converters = threading.local()


def _converter() -> markdown.Markdown:
    md: markdown.Markdown | None = getattr(_converters, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=[], output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _converters.md = md
    return md


def _markdown_to_html(text: str) -> str:
    md = _converter()
    try:
        return md.convert(text)
    finally:
        md.reset()


def _unwrap_paragraph(html: str) -> str:
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def _clean(html: str, *, tags: frozenset[str], schemes: set[str]) -> Markup:
    cleaned = nh3.clean(
        html,
        tags=set(tags),
        attributes=_LINK_ATTRIBUTES,
        url_schemes=schemes,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)


@functools.lru_cache(maxsize=4096)
def public_html(text: str, *, inline: bool = False) -> Markup:
    """Content Markdown for the public site. `inline` drops the wrapping paragraph and
    keeps only inline tags (health notes, public notes, event notes). Remembered: a
    page shows one note in its feed, its status.json updates and its visits."""
    html = _markdown_to_html(text)
    if inline:
        return _clean(_unwrap_paragraph(html), tags=INLINE_TAGS | {"p"}, schemes={"http", "https", "mailto"})
    return _clean(html, tags=BLOCK_TAGS, schemes={"http", "https", "mailto"})


def report_html(text: str, *, inline: bool = False) -> Markup:
    """Content Markdown for PDFs: only `https:` links survive, nothing to fetch."""
    html = _markdown_to_html(text)
    if inline:
        html = _unwrap_paragraph(html)
    return _clean(html, tags=INLINE_TAGS | {"p"} if inline else BLOCK_TAGS, schemes={"https"})
