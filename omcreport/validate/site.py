"""site.yaml: the field table and its rules. Always checked afresh (never cached): the
rules of every other file read it."""

from __future__ import annotations

from typing import Any

from omcreport.validate.context import FileContext
from omcreport.validate.fields import Accent, Choice, ContentPath, Duration, Email, Text, Url
from omcreport.validate.regional import LocaleTag, TimezoneName
from omcreport.validate.structure import Field, ListOf, Mapping, PerLocale
from omcreport.vocabulary import PAPER_SIZES
from omcreport.yamlio import YamlMap

CONTACT = Mapping(
    (
        Field("email", Email(), "Where customers write about orders."),
        Field("phone", Text(), 'Phone number (quote it: "+44 20 7946 0000").'),
        Field("url", Url(), "A help page."),
    ),
    public=True,
)

BRAND = Mapping(
    (
        Field(
            "logo",
            ContentPath(),
            "A PNG, JPEG or WebP of at most 64 KiB inside the content folder, shown with the site name as its text.",
        ),
        Field(
            "accent",
            Accent(),
            "The colour of links, the progress bar and focus rings; the dark theme uses a lighter shade.",
        ),
    ),
    public=True,
)

REPORTS = Mapping(
    (
        Field("paper", Choice(PAPER_SIZES), "Paper size of the PDF reports.", default="A4"),
        Field("author", Text(), "Author in the PDF metadata."),
    )
)

TABLE = Mapping(
    (
        Field("name", Text(), "The organisation's name, shown on every public page.", True, public=True),
        Field(
            "base_url",
            Url(base=True),
            "Where the public site is served; absolute http(s) URL ending in `/`.",
            True,
            public=True,
        ),
        Field("locale", LocaleTag(), "Default locale of pages.", public=True, default="en"),
        Field("timezone", TimezoneName(), "Default timezone.", public=True, default="UTC"),
        Field(
            "contact",
            PerLocale(CONTACT),
            "How customers reach you, shown on every public page; or one block per locale "
            "(`{en: {...}, de: {...}}`), looked up like labels.",
            public=True,
        ),
        Field("departments", ListOf(Text()), "When present, every `owner` must be one of these."),
        Field("reports", REPORTS, "Settings of the PDF reports."),
        Field("brand", BRAND, "The organisation's logo and accent colour.", public=True),
        Field(
            "retention",
            Duration(),
            "How long a closed order keeps its public page (`P180D`): the page of an order completed or "
            "cancelled longer ago than this is not published; its journey stays in the content and the reports.",
            attribute="retention_seconds",
        ),
    )
)


def check_site(root: YamlMap, ctx: FileContext) -> dict[str, Any]:
    record = TABLE.check(root, "", ctx)
    ctx.report_repeats(record.get("departments", []), "departments", "department", "OMC320", fold=False)
    return record
