"""A report's table of contents and its links to chapters, taken from its own headings.

Filled in after the document is rendered: every chapter (`<section class="chapter"
id=...>` and its `<h2>`) becomes an entry of the contents list at the placeholder of
`_base.html`, every section heading marked for it (`<h3 id=... data-contents>`) a
sub-entry, in document order and in the heading's own words; and a link written
`<a href="#id" data-heading></a>` gets the words of the heading it points at. A chapter
added to a template is listed, and linked to by name, without a second list to keep.
"""

from __future__ import annotations

import re

PLACEHOLDER = "<!-- contents -->"
_CHAPTER = re.compile(r'<section class="chapter[^"]*" id="([^"]+)"[^>]*>\s*<h2[^>]*>(.*?)</h2>', re.DOTALL)
_SECTION = re.compile(r'<h3 id="([^"]+)"[^>]*\bdata-contents\b[^>]*>(.*?)</h3>', re.DOTALL)
_HEADING_LINK = re.compile(r'<a href="#([^"]+)" data-heading></a>')
_TAG = re.compile(r"<[^>]+>")
SUB = ' class="sub"'


class MissingHeading(ValueError):
    """A link names a chapter or section the document does not have."""


def _words(fragment: str) -> str:
    return " ".join(_TAG.sub("", fragment).split())


def with_contents(html: str) -> str:
    """`html` with its contents list and its heading links filled in."""
    headings: list[tuple[int, str, str]] = [
        (m.start(), m.group(1), _words(m.group(2))) for m in _CHAPTER.finditer(html)
    ]
    sections = [(m.start(), m.group(1), _words(m.group(2))) for m in _SECTION.finditer(html)]
    chapters = {anchor for _, anchor, _ in headings}
    entries = sorted(headings + sections)
    items = "\n".join(
        f'<li{"" if anchor in chapters else SUB}><a href="#{anchor}">{title}</a></li>' for _, anchor, title in entries
    )
    titles = {anchor: title for _, anchor, title in entries}

    def heading_text(match: re.Match[str]) -> str:
        anchor = match.group(1)
        if anchor not in titles:
            raise MissingHeading(f"a link points at #{anchor}, which is no chapter or listed section")
        return f'<a href="#{anchor}">{titles[anchor]}</a>'

    return _HEADING_LINK.sub(heading_text, html.replace(PLACEHOLDER, items, 1))
