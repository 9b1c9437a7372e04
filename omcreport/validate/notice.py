"""notices/*.yaml: the field table and the rules within one notice file."""

from __future__ import annotations

from typing import Any

from omcreport.validate.context import FileContext
from omcreport.validate.fields import Choice, Name, Text, Timestamp
from omcreport.validate.journey import STAGE, moment
from omcreport.validate.structure import Field, ListOf, Localized, Mapping
from omcreport.vocabulary import IMPACTS
from omcreport.yamlio import YamlMap

TABLE = Mapping(
    (
        Field("id", Name(), "The notice's id; unique ignoring case; the file is named after it.", True),
        Field("title", Localized(Text()), "The notice's headline (a string, or one per locale).", True),
        Field("stages", ListOf(STAGE, min_items=1), "Public stages it affects (catalogue keys).", True),
        Field("impact", Choice(IMPACTS), "How much it affects orders.", True),
        Field("started", Timestamp(), "When the disruption began.", True),
        Field("resolved", Timestamp(), "When it ended; absent = ongoing."),
        Field(
            "body",
            Localized(Text("block")),
            "What happened and what it means for orders (Markdown; a string, or one per locale).",
            True,
        ),
    ),
    public=True,
)


def keeps_position(path: str) -> bool:
    return path == "id" or path.startswith("stages.")


def check_notice(root: YamlMap, ctx: FileContext) -> dict[str, Any]:
    record = TABLE.check(root, "", ctx)
    started, resolved = moment(record.get("started")), moment(record.get("resolved"))
    if started is not None and resolved is not None and resolved < started:
        ctx.report(ctx.at["resolved"], "OMC317", f"resolved is before started (line {ctx.at['started'][0]})")
    return record
