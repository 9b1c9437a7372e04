"""Text from content never carries a working non-https URL into a PDF.

`richtext.report_html` already drops every image, object, style and non-https link
target, and keeps raw HTML as visible text. That text may still spell a URL
(`<img src="http://...">`, `url(file:///...)`), and PDF viewers turn URL-looking text
into live links. So every value a report template prints has the colon of a
non-https scheme written as `[:]` (`http[:]//example.com`), the usual way security
reports quote a URL without making it one. `https:` links stay as clickable links.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_SCHEME = re.compile(r"\b(http|ftp|file|data|javascript|vbscript|blob|filesystem|smb|ldap)(:)(?=\S)", re.IGNORECASE)


def defang(text: str) -> str:
    return _SCHEME.sub(r"\1[:]", text)


def defang_value(value: object) -> object:
    """Jinja `finalize` hook: applied to every `{{ ... }}` output of the templates."""
    if isinstance(value, Markup):
        return Markup(defang(str(value)))
    if isinstance(value, str):
        return defang(value)
    return value
