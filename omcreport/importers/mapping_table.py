"""The field table of the import mapping file (docs/import.md): every key, its type and
its description, checked by the same machinery as content files; the JSON Schema
(`omcreport schema mapping`) and docs/reference/mapping.md are generated from it.

A value the mapping gives a journey field as a constant (`currency: EUR`) has that
journey field's own type, so it is refused at its line and column with the code content
gets. What holds between keys (an activity's stage needs an entry under `stages`, a
source needs exactly one of its keys) is omcreport.importers.mapping's to check.
"""

from __future__ import annotations

from omcreport.catalogue import STAGE_KEYS
from omcreport.importers.field_rules import journey_field
from omcreport.importers.mapping_fields import Delimiter, Offset, SourceTable, TemplateText, WithPlaceholder
from omcreport.importers.sources import ENTRY_MOMENTS, ORDER_MOMENTS, VISIT_MOMENTS
from omcreport.validate.fields import Boolean, Choice, Currency, FieldType, Text
from omcreport.validate.regional import TimezoneName
from omcreport.validate.structure import Either, Field, ListOf, MapOf, Mapping
from omcreport.vocabulary import CUSTOMER_IN_VIEW_LEVELS

VISIT_ENDS: tuple[str, ...] = ("until_next", "last_event")
FOLDER_LAYOUTS: tuple[str, ...] = ("flat", "year/month")
OTHERWISE: tuple[str, ...] = ("completed-before-log-end", "open")
PUBLIC_PAGES: tuple[str, ...] = ("all", "none")
DEFAULT_TITLE = "Order {case}"
DEFAULT_CUSTOMER = "Customer"
TRACKING_PLACEHOLDER = "{tracking_number}"

# The code of a key a table does not know, as content's (OMC202; a stage OMC221).
_UNKNOWN_STAGE = "OMC221"


def _reading(extra: tuple[Field, ...] = ()) -> tuple[Field, ...]:
    return (
        Field(
            "attribute",
            Text(),
            "An attribute of the object in scope (OCEL: its latest value), or the CSV column of that name "
            "(its first non-empty cell, in event order).",
        ),
        Field("id", Boolean(), "`true`: the id of the object in scope, or of the related `object`."),
        Field(
            "object",
            Text(),
            "An object type: read the `attribute` or the `id` of the first related object of it (by id); OCEL only.",
        ),
        *extra,
    )


def source_table(moments: tuple[str, ...]) -> SourceTable:
    """The mapping form of a source: an attribute or id, and for a time (`moments` not empty)
    also a moment of the journey plus an offset, or the first event of an activity."""
    if not moments:
        return SourceTable(_reading(), qualified=True)
    timed = (
        Field(
            "from",
            Choice(moments, noun="moment"),
            "Times only: a moment of the journey, `placed`, `closed`, `first_event` or `last_event`; for a "
            "stage's `due` also `started` (the default when only `offset` is given); in `shipments` also `event`.",
        ),
        Field("offset", Offset(), "Times only: what to add to `from` or to the `activity`'s event."),
        Field(
            "activity",
            Text(),
            "Times only: the first event of that activity (in `shipments` with `object`: the first that names "
            "the package).",
        ),
    )
    return SourceTable(_reading(timed), qualified=True, moments=moments)


# Documented once, as `<source>.`: the widest form, every moment included.
SOURCE = source_table((*VISIT_MOMENTS, "event"))


def source(journey_path: str, moments: tuple[str, ...] = (), constant: FieldType | None = None) -> Either:
    """A constant of the journey field at `journey_path` (checked by its rule), or a source."""
    return Either(constant or journey_field(journey_path), source_table(moments), shared="source")


_OCEL_VALUE = Mapping(
    qualified=True,
    fields=(
        Field("attribute", Text(), "The case object's attribute holding the order's amount.", required=True),
        Field("currency", Currency(), "The currency of every amount.", required=True),
    ),
)

OCEL = Mapping(
    qualified=True,
    fields=(
        Field("case_type", Text(), "The object type that is the case (one journey per object).", required=True),
        Field(
            "follow",
            ListOf(Text()),
            "Object-to-object qualifiers whose objects' events join the case (the order that `comprises` its items).",
        ),
        Field("customer_type", Text(), "An object of this type related to the case gives `customer.display_name`."),
        Field("resource_type", Text(), "Objects of this type that an event names are its resources."),
        Field("role_attribute", Text(), "The resources' attribute (as of the event's time) that is their role."),
        Field("value", _OCEL_VALUE, "The case object's attribute as `value.amount`, with its currency."),
    ),
)

CSV = Mapping(
    qualified=True,
    fields=(
        Field("case", Text(), "The column of the case id (the journey's `order`).", required=True),
        Field("activity", Text(), "The column of the activity.", required=True),
        Field(
            "timestamp",
            Text(),
            "The column of the event's time: ISO 8601 with a UTC offset, unless `timezone` is set.",
            required=True,
        ),
        Field("timezone", TimezoneName(), "The zone of times written without an offset."),
        Field("resource", Text(), "The column of the resource, mapped by `roles` when there is no role column."),
        Field("role", Text(), "The column of the role, mapped by `roles`."),
        Field("customer", Text(), "The column of `customer.display_name` (its first non-empty value)."),
        Field("event_id", Text(), "The column of the event id: the tie-break for equal times (else the line number)."),
        Field("delimiter", Delimiter(), "The character between cells.", default=","),
    ),
)

_STAGE_RULE = Mapping(
    qualified=True,
    fields=(
        Field(
            "owner",
            Either(Text(), source_table(())),
            "The department of a visit when no role gives one; or read from the log: `{attribute: department}`.",
        ),
        Field(
            "customer_in_view",
            Choice(CUSTOMER_IN_VIEW_LEVELS),
            "How clearly the customer is kept in view, written per visit.",
            required=True,
        ),
        Field(
            "ends",
            Choice(VISIT_ENDS),
            "When a visit ends: at the next visit's start, or at its own last event.",
            default=VISIT_ENDS[0],
        ),
        Field("due", source("stages.due", VISIT_MOMENTS), "When each visit is promised done (`due`)."),
    ),
)

STAGES = Mapping(
    qualified=True,
    fields=tuple(Field(key, _STAGE_RULE, f"How visits of the `{key}` stage are written.") for key in STAGE_KEYS),
    unknown_code=_UNKNOWN_STAGE,
    unknown_noun="stage",
)

_ACTIVITY_RULE = Mapping(
    qualified=True,
    fields=(
        Field(
            "stage",
            Choice(STAGE_KEYS, code=_UNKNOWN_STAGE, noun="stage"),
            "The catalogue stage its events belong to; it needs an entry under `stages`.",
            required=True,
        ),
        Field(
            "public",
            TemplateText(journey_field("stages.events.note")),
            "Its events become public events with this wording as their note, `{placeholders}` filled in.",
        ),
        Field("placed", Boolean(), "Its first event sets the journey's `placed`.", default=False),
    ),
)

STATUS = Mapping(
    qualified=True,
    fields=(
        Field("completed_by", ListOf(Text()), "Activities whose event makes the case `completed`."),
        Field("cancelled_by", ListOf(Text()), "Activities whose event makes the case `cancelled` (before completed)."),
        Field(
            "otherwise",
            Choice(OTHERWISE),
            "The status of a case neither completes nor cancels: completed when its last event is before the "
            "log's last event, or open.",
            default=OTHERWISE[0],
        ),
    ),
)

_WHEN = SourceTable(
    qualified=True,
    fields=(
        *_reading(),
        Field("equals", Text(), "The orders whose value equals this text get a page."),
        Field("in", ListOf(Text()), "The orders whose value is one of these texts get a page."),
    ),
)

_PUBLIC_RULE = Mapping(
    qualified=True,
    fields=(
        Field("when", _WHEN, "Which orders get a page: a value read from the log and what it must be.", required=True),
    ),
)

_CUSTOMER = Mapping(
    qualified=True,
    fields=(
        Field("display_name", source("customer.display_name"), "`customer.display_name`."),
        Field("segment", source("customer.segment"), "`customer.segment`."),
    ),
)

_VALUE = Mapping(
    qualified=True,
    fields=(
        Field("amount", source("value.amount"), "`value.amount`; with `currency`.", required=True),
        Field("currency", source("value.currency"), "`value.currency`; with `amount`.", required=True),
    ),
)

_PER_OBJECT = (
    Field("object", Text(), "One entry per related object of this type (OCEL); or `activity`."),
    Field("activity", Text(), "One entry per event of this activity, its attributes the event's; or `object`."),
)

_ITEMS = Mapping(
    qualified=True,
    fields=(
        *_PER_OBJECT,
        Field(
            "name",
            source("public.items.name"),
            "The item's `name`; items of one name are counted together.",
            required=True,
        ),
        Field("quantity", source("public.items.quantity"), "The item's `quantity`.", default=1),
    ),
)

_SHIPMENTS = Mapping(
    qualified=True,
    fields=(
        *_PER_OBJECT,
        Field("carrier", source("public.shipments.carrier"), "The shipment's `carrier`.", required=True),
        Field("tracking_number", source("public.shipments.tracking_number"), "The shipment's `tracking_number`."),
        Field(
            "tracking_url",
            source(
                "public.shipments.tracking_url",
                constant=WithPlaceholder(journey_field("public.shipments.tracking_url"), TRACKING_PLACEHOLDER),
            ),
            "The shipment's `tracking_url`; `{tracking_number}` is replaced by its number (percent-encoded).",
        ),
        Field(
            "shipped",
            source("public.shipments.shipped", ENTRY_MOMENTS),
            "The shipment's `shipped` (with `object`: required; a package not sent yet is not listed).",
        ),
        Field("delivered", source("public.shipments.delivered", ENTRY_MOMENTS), "The shipment's `delivered`."),
    ),
)

_PUBLIC = Mapping(
    qualified=True,
    fields=(
        Field("locale", source("public.locale"), "`public.locale` of the page."),
        Field("timezone", source("public.timezone"), "`public.timezone` of the page."),
        Field("health", source("public.health"), "`public.health`."),
        Field(
            "expected", source("public.expected", ORDER_MOMENTS), "`public.expected` (a date in the journey's zone)."
        ),
        Field("next_update", source("public.next_update", ORDER_MOMENTS), "`public.next_update`."),
        Field("items", _ITEMS, "`public.items`: one item per related object or per event."),
        Field("shipments", _SHIPMENTS, "`public.shipments`: one shipment per related object or per event."),
    ),
)

ORDER = Mapping(
    qualified=True,
    fields=(
        Field(
            "public_page",
            Either(Choice(PUBLIC_PAGES), _PUBLIC_RULE),
            "Which orders get a public page (and a token): `all`, `none`, or a rule `{when: ...}`; "
            "needed with `public`.",
            default=PUBLIC_PAGES[1],
        ),
        Field("customer", _CUSTOMER, "The journey's `customer`."),
        Field("value", _VALUE, "The journey's `value`: both keys or neither."),
        Field(
            "promised", source("promised", ORDER_MOMENTS), "The journey's `promised` (a date in the journey's zone)."
        ),
        Field("public", _PUBLIC, "The journey's `public`, written only for orders with a public page."),
    ),
)

TABLE = Mapping(
    qualified=True,
    fields=(
        Field("timezone", TimezoneName(), "The zone the timestamps are written in.", required=True),
        Field("title", Text(), "Each journey's title; `{case}` and `{customer}` are filled in.", default=DEFAULT_TITLE),
        Field("customer_default", Text(), "The display name when the log names no customer.", default=DEFAULT_CUSTOMER),
        Field("ocel", OCEL, "How an OCEL 2.0 log is read; needed by `import ocel`."),
        Field("csv", CSV, "The column names of a CSV or Parquet log; needed by `import csv` and `import parquet`."),
        Field("roles", MapOf(Text(), "role"), "Role (or CSV resource) to department: the owner of a visit."),
        Field("stages", STAGES, "Every stage an activity maps to, by catalogue key.", required=True),
        Field(
            "activities",
            MapOf(_ACTIVITY_RULE, "activity"),
            "Every activity of the log, by name, or list it under `ignore`.",
            required=True,
        ),
        Field("ignore", ListOf(Text()), "Activities to leave out."),
        Field("status", STATUS, "How a case's `status` is decided."),
        Field("order", ORDER, "Every other field of a journey, from the log or as constants."),
        Field(
            "folders",
            Choice(FOLDER_LAYOUTS),
            "Where new journeys go: `journeys/` itself, or its year and month folders (`journeys/2026/11/`).",
            default=FOLDER_LAYOUTS[0],
        ),
    ),
)
