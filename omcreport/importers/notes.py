"""Customer-facing notes from templates: `"Shipped with {carrier}, tracking {tracking_number}"`.

A template is an activity's `public` wording in the mapping. The mapping's field table
checks it (`mapping_fields.TemplateText`) as the inline Markdown of a public event note
is (the journey field's rule), and its placeholders: `{name}` and nothing else (`{{` and
`}}` are literal braces). Each value put
in is escaped so that it shows exactly its characters: a log value cannot add Markdown,
links or HTML; the page renders the note through the same sanitiser as any public
Markdown (omcreport.richtext).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

from omcreport.importers.mapping_fields import placeholder_names
from omcreport.validate.context import FileContext

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class NoteTemplate:
    text: str
    names: tuple[str, ...]  # placeholders, in the order written
    line: int
    col: int

    def fill(self, lookup: Callable[[str], str | None], literal: Callable[[str], str]) -> str | list[str]:
        """The note, or the placeholders the lookup has no value for."""
        missing: list[str] = []
        parts: list[str] = []
        for text, name, _, _ in _FORMATTER.parse(self.text):
            parts.append(text)
            if name is None:
                continue
            value = lookup(name)
            if value is None:
                missing.append(name)
            else:
                parts.append(literal(value))
        return missing if missing else "".join(parts)


def template_from(text: str, where: str, ctx: FileContext) -> NoteTemplate:
    """The template of a wording the mapping's table accepted (`TemplateText`), at dotted `where`."""
    names = placeholder_names(text)
    assert not isinstance(names, str), where  # the table refused it otherwise
    line, col = ctx.at[where]
    return NoteTemplate(text, names, line, col)
