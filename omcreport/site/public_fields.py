"""The public fields of a block, read off its field table's visibility.

`public_values` takes from a model object exactly the fields its table marks public
(`Field.public`, else the table's own), nested blocks and lists of blocks in turn, with
Markdown already rendered to sanitised HTML: what a page's context and status.json carry
of visits, items and shipments. A public field declared in the table therefore reaches
the customer without another line of code, and an internal one cannot.
`public_document` and `public_schema` are the same values as JSON and their JSON Schema.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import nh3
from markupsafe import Markup

from omcreport.richtext import public_html
from omcreport.validate.fields import Boolean, Choice, Count, Date, FieldType, Text, Timestamp, Url
from omcreport.validate.model_of import attribute_of
from omcreport.validate.structure import Field, ListOf, Mapping, is_public

PublicValues = dict[str, Any]  # field name -> value: the public fields of one block
# Which items of a public list of blocks are shown, by field name: events only when marked public.
Keep = dict[str, Callable[[Any], bool]]
HTML_SUFFIX = "_html"


def _public_entries(table: Mapping) -> list[Field]:
    return [entry for entry in table.fields if is_public(entry, table)]


def _markdown(field_type: FieldType) -> str | None:
    return field_type.markdown if isinstance(field_type, Text) else None


def public_values(table: Mapping, value: object, keep: Keep | None = None) -> PublicValues:
    keep = keep or {}
    values: PublicValues = {}
    for entry in _public_entries(table):
        held = getattr(value, attribute_of(entry))
        kind = entry.type
        if isinstance(kind, Mapping):
            held = public_values(kind, held, keep) if held is not None else None
        elif isinstance(kind, ListOf) and isinstance(kind.item, Mapping):
            shown = [item for item in held if keep.get(entry.name, lambda _item: True)(item)]
            held = tuple(public_values(kind.item, item, keep) for item in shown)
        elif held is not None and _markdown(kind) is not None:
            held = public_html(held, inline=_markdown(kind) == "inline")
        values[entry.name] = held
    return values


def plain_text(fragment: Markup | None) -> str | None:
    """The text of a sanitised HTML fragment, for JSON readers that want no markup."""
    if fragment is None:
        return None
    return html.unescape(nh3.clean(str(fragment), tags=set()))


def _json(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value


def public_document(table: Mapping, values: PublicValues) -> dict[str, Any]:
    """`values` as JSON: moments in ISO 8601, Markdown as plain text and as `<name>_html`."""
    document: dict[str, Any] = {}
    for entry in _public_entries(table):
        held = values[entry.name]
        kind = entry.type
        if isinstance(kind, Mapping):
            document[entry.name] = public_document(kind, held) if held is not None else None
        elif isinstance(kind, ListOf) and isinstance(kind.item, Mapping):
            document[entry.name] = [public_document(kind.item, item) for item in held]
        elif _markdown(kind) is not None:
            document[entry.name] = plain_text(held)
            document[entry.name + HTML_SUFFIX] = str(held) if held is not None else None
        else:
            document[entry.name] = _json(held)
    return document


def _value_schema(kind: FieldType) -> dict[str, Any]:
    if isinstance(kind, Mapping):
        return public_schema(kind)
    if isinstance(kind, ListOf):
        return {"type": "array", "items": _value_schema(kind.item)}
    if isinstance(kind, Timestamp):
        return {"type": "string", "format": "date-time"}
    if isinstance(kind, Date):
        return {"type": "string", "format": "date"}
    if isinstance(kind, Choice):
        return {"type": "string", **kind.json_schema()}
    if isinstance(kind, Count):
        return kind.json_schema()
    if isinstance(kind, Boolean):
        return {"type": "boolean"}
    if isinstance(kind, Url):
        return {"type": "string", "format": "uri"}
    return {"type": "string"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" not in schema or "properties" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def public_schema(table: Mapping) -> dict[str, Any]:
    """The JSON Schema of `public_document`: every key always present, null when absent."""
    properties: dict[str, Any] = {}
    for entry in _public_entries(table):
        schema = _value_schema(entry.type)
        optional = not entry.required and entry.default is None and not isinstance(entry.type, ListOf)
        properties[entry.name] = _nullable(schema) if optional else schema
        if _markdown(entry.type) is not None:
            properties[entry.name + HTML_SUFFIX] = _nullable(schema) if optional else schema
    return {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": dict(sorted(properties.items())),
    }
