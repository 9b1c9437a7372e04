"""A report's table of contents, taken from its own headings.

The contents list of `_base.html` is filled after the document is rendered: every
chapter heading (`<h2 id=...>`) becomes an entry, and every section heading marked for
it (`<h3 id=... data-contents>`) a sub-entry, in document order and with the heading's
own words. A chapter added to a template is listed without anyone keeping a second list.
"""

from __future__ import annotations

import re

PLACEHOLDER = "<!-- contents -->"
_HEADING = re.compile(r'<h([23]) id="([^"]+)"([^>]*)>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def with_contents(html: str) -> str:
    """`html` with its contents placeholder replaced by the list of its headings after it."""
    before, marker, after = html.partition(PLACEHOLDER)
    if not marker:
        return html
    items = []
    for match in _HEADING.finditer(after):
        level, anchor, attributes, words = match.groups()
        if level == "3" and "data-contents" not in attributes:
            continue
        title = " ".join(_TAG.sub("", words).split())
        css = ' class="sub"' if level == "3" else ""
        items.append(f'<li{css}><a href="#{anchor}">{title}</a></li>')
    return before + "\n".join(items) + after
