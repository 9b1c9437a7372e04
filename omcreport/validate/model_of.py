"""Model classes filled from their field tables, field by field.

`ModelOf(cls, table)` pairs a frozen model class with the table of the file (or block)
it is read from, and checks when it is declared that the two agree: every field of the
table has an attribute of the same name (or `Field.attribute`), every attribute is
either in the table or named as derived (computed by the caller), an optional field's
default is the attribute's default, and a required attribute is a required field. A
field added to the table alone, or an attribute added to the model alone, stops the
import of omcreport with a message naming both, so it cannot validate and then never
reach the model.

`build(record, **derived)` converts a checked record (the JSON-able values of the field
types) by the attribute's type hint: ISO text into `datetime` or `date`, decimal text
into `Decimal`, lists into tuples, a nested block into its own model class (paired with
its own table the same way), a per-locale text into `Localized`. An absent key leaves
the attribute's default, which the check above made the table's.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from omcreport.model import Localized
from omcreport.validate.fields import FieldType
from omcreport.validate.structure import Field, ListOf, Mapping, PerLocale
from omcreport.validate.structure import Localized as LocalizedField

Model = TypeVar("Model")
Convert = Callable[[Any], Any]


class ModelDisagrees(TypeError):
    """A model class and its field table say different things: a programming error."""


def attribute_of(entry: Field) -> str:
    return entry.attribute or entry.name


def _without_none(hint: Any) -> tuple[Any, bool]:
    """The hint with `| None` taken off, and whether it was there."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if len(arms) == 1:
            return arms[0], True
    return hint, False


def _inner_table(field_type: FieldType) -> Mapping | None:
    if isinstance(field_type, Mapping):
        return field_type
    if isinstance(field_type, ListOf) and isinstance(field_type.item, Mapping):
        return field_type.item
    return None


def _converter(hint: Any, field_type: FieldType, where: str) -> Convert | None:
    """How a checked value becomes the attribute's value; None: as it is."""
    hint, _ = _without_none(hint)
    if hint is datetime:
        return datetime.fromisoformat
    if hint is date:
        return date.fromisoformat
    if hint is Decimal:
        return Decimal
    if hint is Localized:
        if not isinstance(field_type, LocalizedField):
            raise ModelDisagrees(f"{where}: Localized in the model, {type(field_type).__name__} in the table")
        return Localized.of
    if typing.get_origin(hint) is tuple:
        item_hint = typing.get_args(hint)[0]
        if not isinstance(field_type, ListOf):
            raise ModelDisagrees(f"{where}: a tuple in the model, {type(field_type).__name__} in the table")
        item = _converter(item_hint, field_type.item, f"{where}[]")
        if item is None:
            return tuple
        return lambda values: tuple(item(value) for value in values)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        table = _inner_table(field_type)
        if table is None:
            raise ModelDisagrees(f"{where}: {hint.__name__} in the model, {type(field_type).__name__} in the table")
        return ModelOf(hint, table).build
    if isinstance(field_type, Mapping | PerLocale):
        raise ModelDisagrees(f"{where}: a block in the table, {hint!r} in the model")
    return None


class ModelOf(Generic[Model]):
    """A model class and its table, checked to agree; `build` fills one from a record."""

    def __init__(self, cls: type[Model], table: Mapping, *, derived: Iterable[str] = ()) -> None:
        self.cls = cls
        self.derived = frozenset(derived)
        name = cls.__name__
        hints = typing.get_type_hints(cls)
        attributes = {entry.name: entry for entry in dataclasses.fields(cls)}  # type: ignore[arg-type]
        self._fields: list[tuple[str, str, Convert | None]] = []
        for entry in table.fields:
            attribute = attribute_of(entry)
            where = f"{name}.{attribute} (table field {entry.name!r})"
            if attribute in self.derived:
                continue
            if attribute not in attributes:
                raise ModelDisagrees(f"{where}: the table has the field, the model class has no such attribute")
            _check_default(entry, attributes[attribute], where)
            self._fields.append((entry.name, attribute, _converter(hints[attribute], entry.type, where)))
        in_table = {attribute_of(entry) for entry in table.fields}
        for attribute in attributes:
            if attribute not in in_table and attribute not in self.derived:
                raise ModelDisagrees(
                    f"{name}.{attribute}: the model has the attribute, its table has no field for it "
                    "(declare it in the table, or as derived)"
                )

    def build(self, record: dict[str, Any], **derived: Any) -> Model:
        """The model object of a checked record; `derived` gives the attributes computed by the caller."""
        values: dict[str, Any] = dict(derived)
        for key, attribute, convert in self._fields:
            if key in record and attribute not in values:
                value = record[key]
                values[attribute] = value if convert is None or value is None else convert(value)
        return self.cls(**values)


def _check_default(entry: Field, attribute: dataclasses.Field[Any], where: str) -> None:
    has_default = attribute.default is not dataclasses.MISSING or attribute.default_factory is not dataclasses.MISSING
    if entry.required:
        return  # a required field is always given; a default in the model is never used
    if not has_default:
        raise ModelDisagrees(f"{where}: optional in the table, required in the model")
    if attribute.default_factory is not dataclasses.MISSING:
        return
    default = attribute.default
    if entry.default is not None and default != entry.default:
        raise ModelDisagrees(f"{where}: the table's default is {entry.default!r}, the model's {default!r}")
    if entry.default is None and default not in (None, ()):
        raise ModelDisagrees(f"{where}: the model's default {default!r} is not declared in the table")
