"""A model class and its field table are checked to agree when they are paired.

The model of omcreport is filled from the tables by `ModelOf`; these are the mistakes it
refuses at import time, each with a message naming the class, the attribute and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from omcreport.validate import to_model
from omcreport.validate.fields import Count, Text, Timestamp
from omcreport.validate.model_of import ModelDisagrees, ModelOf
from omcreport.validate.structure import Field, ListOf, Mapping

PART = Mapping((Field("name", Text(), "", True), Field("count", Count(), "", default=1)))
TABLE = Mapping(
    (
        Field("label", Text(), "", True),
        Field("at", Timestamp(), ""),
        Field("parts", ListOf(PART), ""),
        Field("written_as", Text(), "", attribute="renamed"),
    )
)


@dataclass(frozen=True)
class Part:
    name: str
    count: int = 1


@dataclass(frozen=True)
class Whole:
    label: str
    at: datetime | None = None
    parts: tuple[Part, ...] = ()
    renamed: str | None = None


def test_a_record_fills_its_model_by_the_attribute_types() -> None:
    record = {"label": "x", "at": "2026-11-02T09:07:00+01:00", "parts": [{"name": "p"}], "written_as": "w"}
    built = ModelOf(Whole, TABLE).build(record)
    assert built == Whole("x", datetime.fromisoformat("2026-11-02T09:07:00+01:00"), (Part("p", 1),), "w")
    assert ModelOf(Whole, TABLE).build({"label": "y"}) == Whole("y")


def test_a_field_the_model_lacks_is_refused() -> None:
    @dataclass(frozen=True)
    class Short:
        label: str
        at: datetime | None = None
        parts: tuple[Part, ...] = ()

    with pytest.raises(ModelDisagrees, match=r"Short\.renamed \(table field 'written_as'\): .*no such attribute"):
        ModelOf(Short, TABLE)


def test_an_attribute_the_table_lacks_is_refused_unless_derived() -> None:
    @dataclass(frozen=True)
    class Longer(Whole):
        extra: str = ""

    with pytest.raises(ModelDisagrees, match=r"Longer\.extra: the model has the attribute, its table has no field"):
        ModelOf(Longer, TABLE)
    assert ModelOf(Longer, TABLE, derived=["extra"]).build({"label": "z"}, extra="e").extra == "e"


def test_defaults_must_agree() -> None:
    @dataclass(frozen=True)
    class WrongDefault:
        name: str
        count: int = 2

    with pytest.raises(ModelDisagrees, match="the table's default is 1, the model's 2"):
        ModelOf(WrongDefault, PART)

    @dataclass(frozen=True)
    class Required:
        name: str
        count: int

    with pytest.raises(ModelDisagrees, match="optional in the table, required in the model"):
        ModelOf(Required, PART)


def test_a_block_in_the_table_must_be_a_model_class() -> None:
    @dataclass(frozen=True)
    class Flat:
        label: str
        at: datetime | None = None
        parts: tuple[str, ...] = ()
        renamed: str | None = None

    with pytest.raises(ModelDisagrees, match=r"Flat\.parts.*a block in the table"):
        ModelOf(Flat, TABLE)


def test_the_content_model_is_paired_with_its_tables() -> None:
    # Importing the converter checked every pairing; these are the ones it made.
    assert {pairing.cls.__name__ for pairing in (to_model.JOURNEY, to_model.OBSERVATION, to_model.NOTICE)} == {
        "Journey",
        "Observation",
        "Notice",
    }
    assert to_model.SITE.derived == {"contact", "contacts", "brand"}
