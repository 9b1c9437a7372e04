"""Customer-facing notes from templates: `"Shipped with {carrier}, tracking {tracking_number}"`.

A template is an activity's `public` wording in the mapping. At load it is checked as the
inline Markdown of a public event note is (the journey field's rule), and its placeholders
are read: `{name}` and nothing else (`{{` and `}}` are literal braces). Each value put
in is escaped so that it shows exactly its characters: a log value cannot add Markdown,
links or HTML; the page renders the note through the same sanitiser as any public
Markdown (omcreport.richtext).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

from omcreport.importers.field_rules import check_constant
from omcreport.importers.mapping_reader import MappingReader
from omcreport.importers.sources import Source
from omcreport.yamlio import YamlNode, YamlScalar

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


def read_template(reader: MappingReader, node: YamlNode | None, where: str) -> NoteTemplate | None:
    text = reader.text(node, where)
    if text is None or not isinstance(node, YamlScalar):
        return None
    try:
        pieces = list(_FORMATTER.parse(text))
    except ValueError as failure:
        reader.fail(node, f"{where}: {failure}; write {{name}} for a value, {{{{ and }}}} for a brace")
        return None
    names: list[str] = []
    for _, name, spec, conversion in pieces:
        if name is None:
            continue
        if not name.strip() or spec or conversion or not name.replace(" ", "").replace("_", "").isalnum():
            reader.fail(node, f"{where}: placeholder {{{name}}} must be a plain name such as {{carrier}}")
            return None
        names.append(name)
    # The wording as written must be a valid public note: the journey field's rule.
    check_constant(reader, Source(where, node.line, node.col, constant=node), "stages.events.note")
    return NoteTemplate(text, tuple(names), node.line, node.col)
