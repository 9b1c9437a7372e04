"""Field types only the mapping file has: a source's mapping, an offset from a moment, the
CSV delimiter, a note template, and a constant that holds a placeholder (`tracking_url`).

Each checks a value as the field types of content do, at its line and column; the
wording of a template and a constant are checked by the journey field they fill in.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, ClassVar

from omcreport.validate.context import FileContext
from omcreport.validate.fields import (
    INVALID,
    CheckedText,
    FieldType,
    JsonSchema,
    duration_seconds,
    pattern_schema,
    shown,
    text_or_report,
)
from omcreport.validate.structure import Mapping
from omcreport.yamlio import YamlNode, YamlScalar

MAPPING_CODE = "OMC910"
_FORMATTER = string.Formatter()
_OFFSET_PATTERN = r"-?P(?!$)([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?"


def offset_seconds(text: str) -> int | None:
    """The seconds of an offset such as `P5D`, `-P1D` or `PT0S`; None when it is not one."""
    seconds = duration_seconds(text.removeprefix("-"))
    if seconds is None:
        return None
    return -seconds if text.startswith("-") else seconds


def started_by_default(source: dict[str, Any], moments: tuple[str, ...]) -> str | None:
    """The moment a time source starts from: its `from`, else a visit's `started` when only an
    `offset` is given (`due: {offset: P5D}`)."""
    moment: str | None = source.get("from")
    if moment is None and "offset" in source and "started" in moments:
        return "started"
    return moment


def source_refusal(source: dict[str, Any], where: str, moments: tuple[str, ...]) -> tuple[str, str] | None:
    """(the key to point at, '' for the source itself; the message) when the keys of a source
    say no one thing to read; None when they do."""
    attribute, object_type, activity = source.get("attribute"), source.get("object"), source.get("activity")
    object_id = bool(source.get("id", False))
    moment = started_by_default(source, moments)
    reads = attribute is not None or object_type is not None or object_id
    if sum((reads, moment is not None, activity is not None)) != 1 or (attribute is not None and object_id):
        options = "`attribute`, `id: true` (with `object` for a related one)"
        if moments:
            options += ", `from` with `offset`, or `activity`"
        return "", f"{where} needs exactly one of {options}"
    if object_type is not None and attribute is None and not object_id:
        return "", f"{where}: `object` needs `attribute` or `id: true` (what of the {object_type!r} object)"
    if "offset" in source and moment is None and activity is None:
        return "offset", f"{where}.offset goes with `from` or `activity`"
    return None


@dataclass(frozen=True)
class SourceTable(Mapping):
    """The mapping form of a source (omcreport.importers.sources), whose keys must say one
    thing to read; `moments` are those a time source may start from (none: not a time)."""

    moments: tuple[str, ...] = ()

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        before = len(ctx.problems)
        converted = super().convert(node, key, path, ctx)
        if not isinstance(converted, dict) or len(ctx.problems) > before:
            return INVALID  # a refused key says more than "needs exactly one of"
        refusal = source_refusal(converted, path, self.moments)
        if refusal is None:
            return converted
        pointed, message = refusal
        ctx.report(ctx.at[f"{path}.{pointed}"] if pointed else node, MAPPING_CODE, message)
        return INVALID


@dataclass(frozen=True)
class Offset(CheckedText):
    """An ISO 8601 duration that may be zero or negative: what a time source adds to its moment."""

    doc: ClassVar[str] = "ISO 8601 duration with D, H, M, S, which may be zero (`PT0S`) or negative (`-P1D`)"
    code: ClassVar[str] = "OMC211"
    expected: ClassVar[str] = "a duration such as P5D"

    def refusal(self, key: str, text: str) -> str:
        if offset_seconds(text) is not None:
            return ""
        return f"{key}: {shown(text)} is not an ISO 8601 duration with D, H, M, S (P5D, PT4H, -P1D)"

    def json_schema(self) -> JsonSchema:
        return pattern_schema(
            f"^{_OFFSET_PATTERN}$",
            "An ISO 8601 duration in days, hours, minutes and seconds, e.g. P5D, PT4H or -P1D (write weeks as days).",
        )


@dataclass(frozen=True)
class Delimiter(FieldType):
    """One character, read raw: a tab is whitespace, which a text would call empty."""

    doc: ClassVar[str] = 'one character in quotes (`","`, `";"`, `"\\t"`)'

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if isinstance(node, YamlScalar) and len(node.text) == 1 and node.text != '"':
            return node.text
        ctx.report(node, MAPPING_CODE, f'{key} must be one character such as "," or "\\t" (quoted)')
        return INVALID

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "minLength": 1, "maxLength": 1, "not": {"const": '"'}}


def placeholder_names(text: str) -> tuple[str, ...] | str:
    """The `{names}` of a note template in the order written, or why it is not a template."""
    try:
        pieces = list(_FORMATTER.parse(text))
    except ValueError as failure:
        return f"{failure}; write {{name}} for a value, {{{{ and }}}} for a brace"
    names: list[str] = []
    for _, name, spec, conversion in pieces:
        if name is None:
            continue
        if not name.strip() or spec or conversion or not name.replace(" ", "").replace("_", "").isalnum():
            return f"placeholder {{{name}}} must be a plain name such as {{carrier}}"
        names.append(name)
    return tuple(names)


@dataclass(frozen=True)
class TemplateText(FieldType):
    """A public event's wording with `{placeholders}`, checked as the note it becomes."""

    note: FieldType
    doc: ClassVar[str] = "text (inline Markdown) with `{placeholders}`"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        text = text_or_report(node, key, ctx, "a text")
        if text is None:
            return INVALID
        names = placeholder_names(text)
        if isinstance(names, str):
            ctx.report(node, MAPPING_CODE, f"{key}: {names}")
            return INVALID
        return self.note.convert(node, key, path, ctx)

    def json_schema(self) -> JsonSchema:
        return self.note.json_schema()


@dataclass(frozen=True)
class WithPlaceholder(FieldType):
    """A constant that may hold `placeholder`, checked as `inner` with a sample value put in."""

    inner: FieldType
    placeholder: str
    sample: str = "0"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if not isinstance(node, YamlScalar) or self.placeholder not in node.text:
            return self.inner.convert(node, key, path, ctx)
        probe = YamlScalar(node.text.replace(self.placeholder, self.sample), node.style, node.line, node.col)
        converted = self.inner.convert(probe, key, path, ctx)
        return INVALID if converted is INVALID else node.text

    def json_schema(self) -> JsonSchema:
        return self.inner.json_schema()

    def describe(self) -> str:
        return f"{self.inner.describe()}, which may hold `{self.placeholder}`"
