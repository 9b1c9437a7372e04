"""Counts in the command line's own (English) messages: "1 journey", "2 journeys".

The public site's texts are localised through gettext catalogues (omcreport.site.i18n);
a count there goes through the catalogue's ngettext, never through this."""

from __future__ import annotations


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """`count` with its noun in the right number; `plural` when it is not singular + s."""
    noun = singular if count == 1 else (plural if plural is not None else f"{singular}s")
    return f"{count:,} {noun}"
