"""Fields and the containers of field tables: mappings of named fields, mappings whose
keys are names of the user's (`MapOf`), lists, a value that is a scalar or a mapping
(`Either`), and texts that may differ per locale. A `Mapping` checks keys (unknown,
missing, null) and hands each value to its field's type; it is the walker for a whole
file kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from omcreport.validate.context import FileContext, did_you_mean
from omcreport.validate.fields import INVALID, FieldType, JsonSchema, Text, shown
from omcreport.validate.regional import LOCALE_PATTERN, LOCALE_WORDS, LocaleTag
from omcreport.wording import count_noun
from omcreport.yamlio import YAML11_NULLS, YamlMap, YamlNode, YamlScalar, YamlSeq, describe


def described(markdown: str) -> JsonSchema:
    """`description` in plain text (hover in most editors shows it as is) and
    `markdownDescription` as written (the YAML extension renders it)."""
    return {"description": markdown.replace("`", ""), "markdownDescription": markdown}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    doc: str
    required: bool = False
    nullable: bool = False  # only `target: null` (remove the target) may be null
    # Whether the public site may show it (FORMAT.md "Public and internal"); None: as its table says.
    public: bool | None = None
    # What an absent optional key means, when that is a value (the model is checked to agree).
    default: object = None
    # The model attribute it fills, when not named as the key (omcreport.validate.model_of).
    attribute: str = ""


def is_public(entry: Field, table: Mapping) -> bool:
    return table.public if entry.public is None else entry.public


def leaf_fields(table: Mapping, prefix: str = "") -> Iterator[tuple[str, Field, bool]]:
    """(dotted path, field, public) of every field that holds a value rather than more fields;
    `stages[].owner` is the key `owner` of an item of `stages`."""
    for entry in table.fields:
        path = prefix + entry.name
        inner = inner_mapping(entry.type, path)
        if inner is None:
            yield path, entry, is_public(entry, table)
        else:
            yield from leaf_fields(*inner)


def inner_mapping(kind: FieldType, path: str) -> tuple[Mapping, str] | None:
    """The field table a field's values hold, with the prefix of its keys' paths: `stages.`,
    `items[].`, `activities.<activity>.`; None for a field whose value has no keys of its own."""
    if isinstance(kind, Mapping):
        return kind, f"{path}."
    if isinstance(kind, ListOf) and isinstance(kind.item, Mapping):
        return kind.item, f"{path}[]."
    if isinstance(kind, MapOf) and isinstance(kind.value, Mapping):
        return kind.value, f"{path}.<{kind.key_noun}>."
    if isinstance(kind, Either) and not kind.shared:
        return kind.mapping, f"{path}."
    return None


def is_null(node: YamlNode) -> bool:
    return isinstance(node, YamlScalar) and node.style == "plain" and node.text in YAML11_NULLS


@dataclass(frozen=True)
class Mapping(FieldType):
    fields: tuple[Field, ...]
    unknown_code: str = "OMC202"
    unknown_noun: str = "key"
    public: bool = False  # the visibility of the fields that do not declare their own
    # Messages name a value by its dotted path (`stages.billing.ends`), not its key alone: for
    # a file whose keys repeat at many places (the import mapping's `attribute`, `offset`).
    qualified: bool = False
    _by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {entry.name: entry for entry in self.fields})

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if not isinstance(node, YamlMap):
            ctx.report(node, "OMC203", f"{key} must be a mapping of keys, not {describe(node)}")
            return INVALID
        return self.check(node, path, ctx)

    def check(self, node: YamlMap, path: str, ctx: FileContext) -> dict[str, Any]:
        result: dict[str, Any] = {}
        prefix = f"{path}." if path else ""
        for name, value in node.pairs:
            entry = self._by_name.get(name.text)
            if entry is None:
                hint = did_you_mean(name.text, self._by_name) if ctx.shown(self.unknown_code) else ""
                unknown = f"unknown {self.unknown_noun} {shown(name.text)}{self._in(path)}{hint}"
                ctx.report(name, self.unknown_code, unknown)
                continue
            where = prefix + name.text
            key = where if self.qualified else name.text
            ctx.at[where] = (value.line, value.col)
            if is_null(value):
                if entry.nullable:
                    result[name.text] = None
                else:
                    ctx.report(value, "OMC205", f"{key} has no value; give it one or remove the key")
                continue
            converted = entry.type.convert(value, key, where, ctx)
            if converted is not INVALID:
                result[name.text] = converted
        present = set(node.keys())
        missing = [entry.name for entry in self.fields if entry.required and entry.name not in present]
        if missing:
            first = node.pairs[0][0] if node.pairs else node
            for missing_name in missing:
                ctx.report(first, "OMC201", f"missing required key {missing_name!r}{self._in(path)}")
        return result

    def _in(self, path: str) -> str:
        return f" in {path}" if self.qualified and path else ""

    def json_schema(self) -> JsonSchema:
        properties: dict[str, Any] = {}
        for entry in self.fields:
            schema = dict(entry.type.json_schema())
            if entry.nullable:
                schema = {"anyOf": [schema, {"type": "null"}]}
            if entry.default is not None:
                schema["default"] = entry.default  # what editors offer and show on hover
            properties[entry.name] = {**described(entry.doc), **schema}
        result: JsonSchema = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [entry.name for entry in self.fields if entry.required]
        if required:
            result["required"] = required
        return result

    def describe(self) -> str:
        return "mapping"


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType
    min_items: int = 0
    unique: bool = False
    max_items: int | None = None  # reported under the limits' rule (OMC222)

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if not isinstance(node, YamlSeq):
            ctx.report(node, "OMC203", f"{key} must be a list, not {describe(node)}")
            return INVALID
        if len(node.items) < self.min_items:
            ctx.report(node, "OMC220", f"{key} needs at least {count_noun(self.min_items, 'item')}")
            return INVALID
        if self.max_items is not None and len(node.items) > self.max_items:
            ctx.report(node, "OMC222", f"{key} has {len(node.items):,} items; at most {self.max_items:,}")
            return INVALID
        result: list[Any] = []
        for index, item in enumerate(node.items):
            where = f"{path}.{index}"
            ctx.at[where] = (item.line, item.col)
            if is_null(item):
                ctx.report(item, "OMC205", f"an item of {key} has no value")
                result.append(None)
                continue
            converted = self.item.convert(item, key, where, ctx)
            # A reported item stays as None so that indexes keep matching positions.
            result.append(None if converted is INVALID else converted)
        return result

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema

    def describe(self) -> str:
        if isinstance(self.item, Mapping):
            return "list of mappings"
        return f"list of {self.item.describe()}"


@dataclass(frozen=True)
class MapOf(FieldType):
    """A mapping whose keys are names the file chooses (activities, roles), every value of
    one type. The loader has made sure every key is a string."""

    value: FieldType
    key_noun: str

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if not isinstance(node, YamlMap):
            ctx.report(node, "OMC203", f"{key} must be a mapping of keys, not {describe(node)}")
            return INVALID
        result: dict[str, Any] = {}
        for name, value in node.pairs:
            where = f"{path}.{name.text}"
            ctx.at[where] = (value.line, value.col)
            if is_null(value):
                ctx.report(value, "OMC205", f"{key}.{name.text} has no value; give it one or remove the key")
                continue
            converted = self.value.convert(value, f"{key}.{name.text}", where, ctx)
            if converted is not INVALID:
                result[name.text] = converted
        return result

    def json_schema(self) -> JsonSchema:
        return {"type": "object", "additionalProperties": self.value.json_schema()}

    def describe(self) -> str:
        return f"mapping from {self.key_noun} to {self.value.describe()}"


@dataclass(frozen=True)
class Either(FieldType):
    """A scalar of one type, or a mapping of another: `owner: Sales` or `owner: {attribute: dept}`.
    `shared` names a mapping many fields take, documented once under `<shared>.` (the import
    mapping's sources) rather than under every field."""

    scalar: FieldType
    mapping: Mapping
    shared: str = ""

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        chosen = self.mapping if isinstance(node, YamlMap) else self.scalar
        return chosen.convert(node, key, path, ctx)

    def json_schema(self) -> JsonSchema:
        return {"anyOf": [self.scalar.json_schema(), self.mapping.json_schema()]}

    def describe(self) -> str:
        return f"{self.scalar.describe()}, or a {self.shared or 'mapping'}"


_LOCALE_TAG = LocaleTag()


@dataclass(frozen=True)
class Localized(FieldType):
    """A text for every locale, or a mapping from locale tag to text."""

    text: Text
    doc: ClassVar[str] = ""

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if not isinstance(node, YamlMap):
            return self.text.convert(node, key, path, ctx)
        if not node.pairs:
            ctx.report(node, "OMC220", f"{key} is empty")
            return INVALID
        result: dict[str, str] = {}
        for tag, value in node.pairs:
            refusal = _LOCALE_TAG.refusal(key, tag.text)
            if refusal:
                ctx.report(tag, _LOCALE_TAG.code, refusal)
                continue
            if is_null(value):
                ctx.report(value, "OMC205", f"{key}.{tag.text} has no value; give it one or remove the key")
                continue
            converted = self.text.convert(value, f"{key}.{tag.text}", f"{path}.{tag.text}", ctx)
            if converted is not INVALID:
                result[tag.text] = str(converted)
        return result

    def json_schema(self) -> JsonSchema:
        text = self.text.json_schema()
        return {
            "oneOf": [
                text,
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": f"^{LOCALE_PATTERN}$", "patternErrorMessage": LOCALE_WORDS},
                    "additionalProperties": text,
                },
            ]
        }

    def describe(self) -> str:
        return f"{self.text.describe()}, or a mapping from locale to {self.text.describe()}"


@dataclass(frozen=True)
class PerLocale(FieldType):
    """One `mapping`, or a mapping from locale tag to one: `{en: {...}, de: {...}}`. Read as
    the single form when any key is one of the mapping's own fields."""

    mapping: Mapping
    doc: ClassVar[str] = ""

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if not isinstance(node, YamlMap):
            ctx.report(node, "OMC203", f"{key} must be a mapping of keys, not {describe(node)}")
            return INVALID
        own = {entry.name for entry in self.mapping.fields}
        if not node.pairs or any(name.text in own for name, _ in node.pairs):
            return {"": self.mapping.check(node, path, ctx)}
        result: dict[str, Any] = {}
        for tag, value in node.pairs:
            refusal = _LOCALE_TAG.refusal(key, tag.text)
            if refusal:
                hint = did_you_mean(tag.text, {name: None for name in own})
                ctx.report(tag, _LOCALE_TAG.code, f"{refusal} (a locale tag, or one of {', '.join(sorted(own))}){hint}")
                continue
            converted = self.mapping.convert(value, f"{key}.{tag.text}", f"{path}.{tag.text}", ctx)
            if converted is not INVALID:
                result[tag.text] = converted
        return result

    def json_schema(self) -> JsonSchema:
        single = self.mapping.json_schema()
        per_locale = {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": f"^{LOCALE_PATTERN}$", "patternErrorMessage": LOCALE_WORDS},
            "additionalProperties": single,
        }
        return {"anyOf": [single, per_locale]}  # a 5-letter key such as `email` would pass both

    def describe(self) -> str:
        return "a mapping, or a mapping from locale to one"
