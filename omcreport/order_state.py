"""Where one order stands, as its customer's page says it (FORMAT.md "What a customer's
page shows"): delivered or not, late or not, the health shown and the headline.

Every verdict here is taken from the same definitions the reports use (ANALYTICS.md's
on-time, through `omcreport.analyze`), so a page can never call an order on track that
the findings report calls late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from omcreport.analyze import last_visit_of, on_time
from omcreport.model import Catalogue, Journey
from omcreport.vocabulary import DEFAULT_HEALTH

# Stages after the core of the cycle: once visited, the page is about them, not the delivery.
AFTER_DELIVERY_STAGES = ("returns", "postsales")

# Written health an open order keeps on its page after delivery: each asks something of
# the customer or explains a wait. "on-track" and "delayed" are about the delivery itself.
HEALTH_AFTER_DELIVERY = frozenset({"action-needed", "problem", "on-hold"})

HeadlineKind = Literal["cancelled", "after-delivery", "delivered", "complete", "late", "arriving", "stage", "received"]


@dataclass(frozen=True)
class Headline:
    """The page's `h1`, as the facts it states; the template words them per locale."""

    kind: HeadlineKind
    day: date | None = None  # cancelled (closed, written), delivered, after-delivery, arriving
    promised: date | None = None  # late, and delivered after the promise
    estimate: date | None = None  # late: the new estimate, when still ahead
    next_update: datetime | None = None  # late without an estimate: when we will say more
    stage: str | None = None  # after-delivery and stage: the stage key


@dataclass(frozen=True)
class OrderState:
    delivered_at: datetime | None  # the moment that judges on-time; None while not delivered
    delivered_on: date | None  # that moment's day in the order's timezone
    late: bool
    late_since: datetime | None  # the start of the day after the missed promise, once passed
    health: str | None  # shown health; None: no health banner
    health_from_lateness: bool  # written (or default) on-track shown as delayed because late
    overdue_update: datetime | None  # a passed next_update with no customer update since
    headline: Headline


def delivery_moment(journey: Journey, catalogue: Catalogue) -> datetime | None:
    """The `ended` of the last fulfillment visit, unless the order is cancelled or a visit
    to an earlier stage started after it (a re-delivery is pending)."""
    if journey.status == "cancelled":
        return None
    last = last_visit_of(journey, "fulfillment")
    if last is None or last.ended is None:
        return None
    fulfillment = catalogue.index("fulfillment")
    for visit in journey.visits:
        if catalogue.index(visit.stage) < fulfillment and visit.started > last.ended:
            return None
    return last.ended


def is_late(journey: Journey, as_of: datetime) -> bool:
    """ANALYTICS.md's on-time says late, or (still open) the estimate lies after the promise."""
    if on_time(journey, as_of) is False:
        return True
    public = journey.public
    expected = public.expected if public is not None else None
    return (
        journey.status == "open"
        and expected is not None
        and journey.promised is not None
        and expected > journey.promised
    )


def overdue_update(journey: Journey, as_of: datetime, updates: list[datetime]) -> datetime | None:
    """`next_update` when it has passed on an open order with no customer update at or after it."""
    public = journey.public
    promised_update = public.next_update if public is not None else None
    if journey.status != "open" or promised_update is None or promised_update >= as_of:
        return None
    if any(moment >= promised_update for moment in updates):
        return None
    return promised_update


def order_state(
    journey: Journey, catalogue: Catalogue, as_of: datetime, *, current: str | None, updates: list[datetime]
) -> OrderState:
    zone = ZoneInfo(journey.timezone)
    delivered_at = delivery_moment(journey, catalogue)
    delivered_on = delivered_at.astimezone(zone).date() if delivered_at is not None else None
    late = is_late(journey, as_of)
    late_since = None
    if late and journey.promised is not None:
        day_after = datetime.combine(journey.promised + timedelta(days=1), time(0), zone)
        late_since = day_after if day_after <= as_of else None
    written = journey.health or DEFAULT_HEALTH
    health: str | None
    if journey.status == "cancelled":
        health = "cancelled"
    elif journey.status == "completed":
        health = None
    elif delivered_at is not None:
        health = written if written in HEALTH_AFTER_DELIVERY else None
    else:
        health = "delayed" if written == DEFAULT_HEALTH and late else written
    from_lateness = health == "delayed" and written == DEFAULT_HEALTH
    headline = _headline(journey, as_of, current, delivered_on, late)
    return OrderState(
        delivered_at=delivered_at,
        delivered_on=delivered_on,
        late=late,
        late_since=late_since,
        health=health,
        health_from_lateness=from_lateness,
        overdue_update=overdue_update(journey, as_of, updates),
        headline=headline,
    )


def _headline(
    journey: Journey, as_of: datetime, current: str | None, delivered_on: date | None, late: bool
) -> Headline:
    zone = ZoneInfo(journey.timezone)
    promised = journey.promised
    if journey.status == "cancelled":
        closed = journey.closed_written
        return Headline("cancelled", day=closed.astimezone(zone).date() if closed is not None else None)
    if current in AFTER_DELIVERY_STAGES:
        return Headline("after-delivery", day=delivered_on, stage=current)
    if delivered_on is not None:
        after_promise = promised if promised is not None and delivered_on > promised else None
        return Headline("delivered", day=delivered_on, promised=after_promise)
    if journey.status == "completed":
        return Headline("complete")
    today = as_of.astimezone(zone).date()
    public = journey.public
    expected = public.expected if public is not None else None
    ahead = expected if expected is not None and expected >= today else None
    if journey.status == "open" and late and promised is not None:
        next_update = public.next_update if public is not None else None
        upcoming_update = next_update if next_update is not None and next_update >= as_of else None
        return Headline("late", promised=promised, estimate=ahead, next_update=upcoming_update)
    if journey.status == "open":
        arriving = ahead or (promised if promised is not None and promised >= today else None)
        if arriving is not None:
            return Headline("arriving", day=arriving)
        if current is not None:
            return Headline("stage", stage=current)
    return Headline("received")
