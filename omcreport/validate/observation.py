"""observations/*.yaml: the field table and the rules within one observation file."""

from __future__ import annotations

from typing import Any

from omcreport.validate.context import FileContext
from omcreport.validate.fields import Choice, Date, Name, Text
from omcreport.validate.journey import STAGE
from omcreport.validate.structure import Field, ListOf, Mapping
from omcreport.vocabulary import OBSERVATION_SOURCES, OBSERVATION_STATUSES, SEVERITIES
from omcreport.yamlio import YamlMap

TABLE = Mapping(
    (
        Field("id", Name(), "The observation's id; unique ignoring case; the file is named after it.", True),
        Field("title", Text(), "What was found, in one line.", True),
        Field("stage", STAGE, "The catalogue key of the stage where it was found.", True),
        Field("orders", ListOf(Name()), "Orders it was seen on; each a journey's `order` (ignoring case), once."),
        Field("observed", Date(), "When it was observed.", True),
        Field("source", Choice(OBSERVATION_SOURCES), "How it was found.", True),
        Field("severity", Choice(SEVERITIES), "How much it hurts the customer or the business.", True),
        Field("tags", ListOf(Text()), "Free tags, for the report's ranking by tag."),
        Field("body", Text("block"), "What was seen (Markdown).", True),
        Field("recommendation", Text("block"), "What to change (Markdown)."),
        Field("owner", Text(), "The department that owns the fix (one of site.yaml's `departments`)."),
        Field("status", Choice(OBSERVATION_STATUSES), "Where the fix stands.", True),
    )
)


def keeps_position(path: str) -> bool:
    return path in ("id", "owner") or path.startswith("orders.")


def check_observation(root: YamlMap, ctx: FileContext) -> dict[str, Any]:
    record = TABLE.check(root, "", ctx)
    ctx.report_repeats(record.get("orders", []), "orders", "order", "OMC315", fold=True)
    return record
