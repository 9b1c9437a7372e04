"""journeys/*.yaml: the field table and the rules within one journey file.

`check_journey` is the per-file step (cacheable: it reads nothing but the file). The
rules that need site.yaml or other files live in omcreport.validate.crossfile.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omcreport import limits
from omcreport.catalogue import STAGE_KEYS
from omcreport.validate.context import FileContext
from omcreport.validate.fields import (
    Boolean,
    Choice,
    Count,
    Currency,
    Date,
    DecimalText,
    Email,
    Name,
    Text,
    Timestamp,
    Token,
    Url,
)
from omcreport.validate.regional import LocaleTag, TimezoneName
from omcreport.validate.structure import Field, ListOf, Mapping
from omcreport.vocabulary import CUSTOMER_IN_VIEW_LEVELS, DEFAULT_HEALTH, HEALTHS, JOURNEY_STATUSES
from omcreport.yamlio import YamlMap

STAGE = Choice(STAGE_KEYS, code="OMC221", noun="stage")
GAP_WARNING_SECONDS = 30 * 86_400

EVENT = Mapping(
    (
        Field("at", Timestamp(), "When the checkpoint happened; inside its visit's interval, in time order.", True),
        Field("note", Text("inline"), "What happened. Public only with `public: true`.", True),
        Field("public", Boolean(), "Show this event on the customer's page.", default=False),
    ),
    public=True,
)

VISIT = Mapping(
    (
        Field("stage", STAGE, "The catalogue key of the stage visited.", True, public=True),
        Field(
            "started",
            Timestamp(),
            "When the order arrived at this stage; visits are listed in this order.",
            True,
            public=True,
        ),
        Field(
            "ended",
            Timestamp(),
            "When it left the stage; absent = this visit is in progress (at most one).",
            public=True,
        ),
        Field("due", Timestamp(), "When this visit was promised done.", public=True),
        Field("owner", Text(), "The department holding the order (one of site.yaml's `departments`).", True),
        Field("people", ListOf(Text()), "Who was talked to."),
        Field(
            "customer_in_view",
            Choice(CUSTOMER_IN_VIEW_LEVELS),
            "How clearly this stage keeps the customer in sight.",
            True,
        ),
        Field("public_note", Text("inline"), "Public note for the customer at a public stage.", public=True),
        Field(
            "events",
            ListOf(EVENT, max_items=limits.MAX_EVENTS_PER_VISIT),
            "Checkpoints within the visit, in time order.",
            public=True,
        ),
        Field("notes", Text("block"), "Notes: what was seen."),
    )
)

ITEM = Mapping(
    (
        Field("name", Text(), "What was ordered, as the customer knows it.", True),
        Field("quantity", Count(), "How many.", default=1),
    ),
    public=True,
)

SHIPMENT = Mapping(
    (
        Field("carrier", Text(), "Who carries it.", True),
        Field("tracking_number", Text(), "The carrier's tracking number (quote it)."),
        Field("tracking_url", Url(schemes=("https",)), "The carrier's tracking page (https: only)."),
        Field("shipped", Timestamp(), "When it left; not before the journey's first started.", True),
        Field("delivered", Timestamp(), "When the carrier delivered it; not before shipped."),
    ),
    public=True,
)

ACTION = Mapping(
    (
        Field("label", Text("inline"), "What the customer is asked to do.", True),
        Field("url", Url(schemes=("https", "mailto")), "Where they do it (https: or mailto:).", True),
    ),
    public=True,
)

PUBLIC = Mapping(
    (
        Field("token", Token(), "The page's secret address part; unique ignoring case; never printed.", True),
        Field("locale", LocaleTag(), "Locale of the page; else site.yaml's."),
        Field("timezone", TimezoneName(), "Timezone of the page and of date comparisons; else site.yaml's."),
        Field("health", Choice(HEALTHS), "How the order stands for the customer.", default=DEFAULT_HEALTH),
        Field("expected", Date(), "The current delivery estimate."),
        Field("health_note", Text("inline"), "Why the health is what it is."),
        Field(
            "health_since",
            Timestamp(),
            "When the health as written took effect; the order's feed then has an entry for it "
            "(with health other than `on-track`).",
        ),
        Field("next_update", Timestamp(), "When the customer will hear more."),
        Field("action", ACTION, "What the customer is asked to do (with health action-needed)."),
        Field(
            "items",
            ListOf(ITEM, max_items=limits.MAX_ITEMS_PER_ORDER),
            "What was ordered, as the customer knows it.",
        ),
        Field(
            "shipments",
            ListOf(SHIPMENT, max_items=limits.MAX_SHIPMENTS_PER_ORDER),
            "Parcels or freight, in the order they left.",
        ),
    ),
    public=True,
)

CUSTOMER = Mapping(
    (
        Field("display_name", Text(), "The customer's name, shown on this order's own page only.", True, public=True),
        Field("segment", Text(), "Customer segment, for the by-segment figures."),
        Field(
            "email",
            Email(),
            "Where notifications of this order's changes go (listed in reports/changes.json); never on the site.",
        ),
    )
)

MONEY = Mapping(
    (
        Field("amount", DecimalText(), "The order value as a quoted decimal.", True),
        Field("currency", Currency(), "ISO 4217 currency code.", True),
    )
)

TABLE = Mapping(
    (
        Field(
            "order", Name(), "The order number; unique ignoring case; the file is named after it.", True, public=True
        ),
        Field("title", Text(), "What the order is.", True),
        Field("customer", CUSTOMER, "Who ordered.", True, public=True),
        Field("followed_by", Text(), "Who stapled themselves to this order (gets a journey PDF)."),
        Field(
            "status",
            Choice(JOURNEY_STATUSES),
            "Absent: `open` while a visit is open, else `completed`.",
            public=True,
            attribute="status_written",
        ),
        Field(
            "closed",
            Timestamp(),
            "When it was completed or cancelled; absent: the latest `ended`.",
            public=True,
            attribute="closed_written",
        ),
        Field("placed", Timestamp(), "When the customer placed the order.", public=True),
        Field("promised", Date(), "Delivery date promised to the customer.", public=True),
        Field("value", MONEY, "The order's value."),
        Field("public", PUBLIC, "The customer's status page; without it the order has no public page.", public=True),
        Field(
            "stages",
            ListOf(VISIT, min_items=1, max_items=limits.MAX_VISITS_PER_JOURNEY),
            "The visits to stages, in the order they started.",
            True,
            public=True,
            attribute="visits",
        ),
    )
)


# Positions the rules across files point at; the parse cache keeps only these.
def keeps_position(path: str) -> bool:
    return path in ("order", "promised", "public.token", "public.locale") or (
        path.startswith("stages.") and path.endswith(".owner")
    )


def moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def check_journey(root: YamlMap, ctx: FileContext) -> dict[str, Any]:
    record = TABLE.check(root, "", ctx)
    visits: list[dict[str, Any] | None] = record.get("stages", [])
    open_visits = _check_visits(visits, ctx)
    _check_event_total(visits, ctx)
    _check_status(record, root, open_visits, ctx)
    _check_public_promises(record, ctx)
    _check_shipments(record, ctx)
    return record


def _check_event_total(visits: list[dict[str, Any] | None], ctx: FileContext) -> None:
    total = 0
    for index, visit in enumerate(visits):
        total += len((visit or {}).get("events", []))
        if total > limits.MAX_EVENTS_PER_JOURNEY:
            ctx.report(
                ctx.at[f"stages.{index}"],
                "OMC222",
                f"the journey has more than {limits.MAX_EVENTS_PER_JOURNEY:,} events by this visit; "
                "a journey that long is a log imported wrongly, and its PDF would take minutes",
            )
            return


def _check_shipments(record: dict[str, Any], ctx: FileContext) -> None:
    public = record.get("public") or {}
    starts = [moment(visit.get("started")) for visit in record.get("stages", []) if visit]
    first = min((start for start in starts if start is not None), default=None)
    for index, shipment in enumerate(public.get("shipments", [])):
        if shipment is None:
            continue
        here = f"public.shipments.{index}"
        shipped, delivered = moment(shipment.get("shipped")), moment(shipment.get("delivered"))
        if shipped is not None and delivered is not None and delivered < shipped:
            line = ctx.at[f"{here}.shipped"][0]
            ctx.report(ctx.at[f"{here}.delivered"], "OMC321", f"delivered is before shipped (line {line})")
        if shipped is not None and first is not None and shipped < first:
            ctx.report(ctx.at[f"{here}.shipped"], "OMC321", "shipped is before the journey's first started")
    health_unreadable = "public.health" in ctx.at and "health" not in public
    if "action" in public and not health_unreadable and public.get("health", DEFAULT_HEALTH) != "action-needed":
        ctx.report(
            ctx.at["public.action"],
            "OMC410",
            "action is shown only while health is action-needed; set health: action-needed or remove it",
        )


def _check_visits(visits: list[dict[str, Any] | None], ctx: FileContext) -> list[int]:
    """Order and interval rules of visits and events; returns the indexes of open visits."""
    at = ctx.at
    open_visits: list[int] = []
    previous_started: tuple[datetime, int] | None = None
    previous_ended: datetime | None = None
    for index, visit in enumerate(visits):
        if visit is None:
            previous_ended = None
            continue
        here = f"stages.{index}"
        started, ended = moment(visit.get("started")), moment(visit.get("ended"))
        if f"{here}.ended" not in at:
            if open_visits:
                first_line = at[f"stages.{open_visits[0]}"][0]
                ctx.report(
                    at[here],
                    "OMC305",
                    f"a second visit without ended (the open one is at line {first_line}); only one may be in progress",
                )
            open_visits.append(index)
        if started is not None and ended is not None and ended < started:
            line = at[f"{here}.started"][0]
            ctx.report(at[f"{here}.ended"], "OMC301", f"ended is before started (line {line})")
        if started is not None and previous_started is not None and started < previous_started[0]:
            ctx.report(
                at[f"{here}.started"],
                "OMC304",
                f"this visit started before the previous visit started (line {previous_started[1]}); "
                "list visits in the order they started",
            )
        gap = (started - previous_ended).total_seconds() if started and previous_ended else 0.0
        if gap > GAP_WARNING_SECONDS:
            days = int(gap // 86_400)
            ctx.report(
                at[f"{here}.started"],
                "OMC403",
                f"{days} days from the previous visit's ended to this visit's started",
            )
        _check_events(visit, here, started, ended, ctx)
        if started is not None:
            previous_started = (started, at[f"{here}.started"][0])
        previous_ended = ended
    return open_visits


def _check_events(
    visit: dict[str, Any], here: str, started: datetime | None, ended: datetime | None, ctx: FileContext
) -> None:
    previous: tuple[datetime, int] | None = None
    for number, event in enumerate(visit.get("events", [])):
        if event is None:
            continue
        when = moment(event.get("at"))
        if when is None:
            continue
        position = ctx.at[f"{here}.events.{number}.at"]
        if started is not None and (when < started or (ended is not None and when > ended)):
            span = f"line {ctx.at[here + '.started'][0]}"
            if ended is not None:
                span += f" to line {ctx.at[here + '.ended'][0]}"
            ctx.report(position, "OMC302", f"this event lies outside its visit ({span})")
        if previous is not None and when < previous[0]:
            ctx.report(
                position,
                "OMC303",
                f"this event is before the previous event (line {previous[1]}); list events in time order",
            )
        previous = (when, position[0])


def _check_status(record: dict[str, Any], root: YamlMap, open_visits: list[int], ctx: FileContext) -> None:
    at = ctx.at
    if "status" in at and "status" not in record:
        return
    written = record.get("status")
    status = written or ("open" if open_visits else "completed")
    if written in ("completed", "cancelled"):
        for index in open_visits:
            ctx.report(
                at[f"stages.{index}"],
                "OMC306",
                f"the journey is {written} (line {at['status'][0]}) but this visit has no ended",
            )
    closed = moment(record.get("closed"))
    if closed is not None:
        if status == "open":
            why = "status: open" if written else "a visit is still open"
            ctx.report(at["closed"], "OMC308", f"closed is given but the journey is open ({why})")
        else:
            latest = _latest_moment(record)
            if latest is not None and closed < latest[0]:
                ctx.report(at["closed"], "OMC307", f"closed is before {latest[1]} (line {at[latest[2]][0]})")
    elif status != "open":
        ends = [moment(visit.get("ended")) for visit in record.get("stages", []) if visit and visit.get("ended")]
        placed = moment(record.get("placed"))
        if ends and placed is not None and placed > max(end for end in ends if end is not None):
            ctx.report(at["placed"], "OMC307", "placed is after the journey closed (its latest ended)")
    public = record.get("public") or {}
    if public.get("health") == "cancelled" and status != "cancelled":
        ctx.report(
            at["public.health"],
            "OMC309",
            f"health is cancelled but the journey's status is {status}; write status: cancelled",
        )
    visits = record.get("stages", [])
    readable = bool(visits) and all(visit is not None and "stage" in visit for visit in visits)
    if "status" not in at and not open_visits and readable:
        fulfilled = any(visit.get("stage") == "fulfillment" and visit.get("ended") for visit in visits)
        if not fulfilled:
            ctx.report(
                root.pairs[0][0],
                "OMC406",
                "no status, no open visit and no ended fulfillment visit: taken as completed; "
                "write status: open if the order is waiting",
            )


def _latest_moment(record: dict[str, Any]) -> tuple[datetime, str, str] | None:
    """The latest moment that happened: (time, what, dotted path of where it is written)."""
    moments: list[tuple[datetime, str, str]] = []
    placed = moment(record.get("placed"))
    if placed is not None:
        moments.append((placed, "placed", "placed"))
    for index, visit in enumerate(record.get("stages", [])):
        if visit is None:
            continue
        for key in ("started", "ended"):
            value = moment(visit.get(key))
            if value is not None:
                moments.append((value, f"a visit's {key}", f"stages.{index}.{key}"))
        for number, event in enumerate(visit.get("events", [])):
            value = moment(event.get("at")) if event else None
            if value is not None:
                moments.append((value, "an event", f"stages.{index}.events.{number}.at"))
    if not moments:
        return None
    return max(moments, key=lambda item: item[0])


def _check_public_promises(record: dict[str, Any], ctx: FileContext) -> None:
    public = record.get("public")
    if not public or record.get("status") == "cancelled":
        return
    expected, promised = public.get("expected"), record.get("promised")
    health = public.get("health", DEFAULT_HEALTH)
    if "public.health" in ctx.at and "health" not in public:
        return
    if health == DEFAULT_HEALTH and expected and promised and expected > promised:
        ctx.report(
            ctx.at["public.expected"],
            "OMC405",
            f"health is on-track but expected ({expected}) is after promised ({promised}); set health: delayed",
        )
