"""stages.yaml: overrides of the built-in stage catalogue. Always checked afresh (never
cached): the rules of notices read it."""

from __future__ import annotations

from typing import Any

from omcreport.catalogue import STAGE_KEYS, built_in_catalogue
from omcreport.validate.context import FileContext
from omcreport.validate.fields import Boolean, Duration, Text
from omcreport.validate.structure import Field, Localized, Mapping
from omcreport.vocabulary import STEP_STATES
from omcreport.yamlio import YamlMap

STATE_LABELS = Mapping(
    tuple(
        Field(state, Localized(Text()), f"The step's wording while it is {state} on a tracking page.")
        for state in STEP_STATES
    ),
    public=True,
)

OVERRIDE = Mapping(
    (
        Field("name", Text(), "The stage's name inside the company (reports, messages)."),
        Field("customer_label", Localized(Text()), "What customers see the stage called.", public=True),
        Field(
            "customer_labels",
            STATE_LABELS,
            "The progress step's wording per state (done, current, upcoming); "
            "a state not given reads customer_label when that is overridden, else the built-in wording.",
            public=True,
        ),
        Field("customer_description", Localized(Text("block")), "What happens at this stage (Markdown).", public=True),
        Field("public", Boolean(), "Whether customers see the stage; planning and generation need a customer_label."),
        Field("target", Duration(), "Target time in stage; `null` removes the built-in target.", nullable=True),
    )
)

TABLE = Mapping(
    tuple(Field(key, OVERRIDE, f"Overrides of the `{key}` stage.") for key in STAGE_KEYS),
    unknown_code="OMC221",
    unknown_noun="stage",
)


def check_stages(root: YamlMap, ctx: FileContext) -> dict[str, Any]:
    record = TABLE.check(root, "", ctx)
    for stage in built_in_catalogue().stages:
        override = record.get(stage.key) or {}
        public = override.get("public", stage.public)
        labelled = "customer_label" in override or stage.customer_label is not None
        if public and not labelled and f"{stage.key}.public" in ctx.at:
            ctx.report(
                ctx.at[f"{stage.key}.public"],
                "OMC318",
                f"{stage.key} is made public but has no customer_label; add one",
            )
    return record
