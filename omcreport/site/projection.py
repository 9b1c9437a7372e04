"""The public projection of one order: the only thing a tracking page is rendered from.

Everything here is built from the fields FORMAT.md "Public and internal" calls public,
and only those. Templates, feeds, calendars and status.json receive these objects and
never a `Journey`, so an internal field (title, owner, people, notes, value, ...) cannot
be printed by mistake. Decisions of "What a customer's page shows" (the timeline
states, the next stage, orderStatus, promises already past) are made here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omcreport.analyze import customer_update_notes
from omcreport.model import Catalogue, Content, Journey, Localized, Notice, Site, Visit
from omcreport.richtext import public_html

# "skipped": a public stage before the current one that this order never visited (no quote
# was needed, say). FORMAT.md names only done / current / to come, but telling a customer
# that a step their order is already past is still "to come" would mislead them.
StepState = Literal["done", "current", "skipped", "upcoming"]

# The core of the timeline: pricing to billing (FORMAT.md "What a customer's page shows").
CORE_FIRST = "pricing"
CORE_LAST = "billing"

SCHEMA_ORG = "https://schema.org/"


@dataclass(frozen=True)
class PublicContact:
    email: str | None
    phone: str | None
    url: str | None


@dataclass(frozen=True)
class SiteInfo:
    """site.yaml without `departments` and `reports`."""

    name: str
    base_url: str
    locale: str
    timezone: str
    contact: PublicContact


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    note: Markup


@dataclass(frozen=True)
class PublicVisit:
    started: datetime
    ended: datetime | None
    due: datetime | None  # only while the visit is open and the promise is not yet past
    note: Markup | None
    events: tuple[PublicEvent, ...]


@dataclass(frozen=True)
class TimelineStep:
    key: str
    label: str
    description: Markup | None
    state: StepState
    is_next: bool
    visits: tuple[PublicVisit, ...]


@dataclass(frozen=True)
class CustomerUpdate:
    """One entry of the order's feed: a visit start with a public note, or a public event."""

    at: datetime
    stage_key: str
    stage_label: str
    note: Markup


@dataclass(frozen=True)
class PublicNotice:
    id: str
    title: str
    impact: str
    started: datetime
    resolved: datetime | None
    stage_keys: tuple[str, ...]
    stage_labels: tuple[str, ...]
    body: Markup


@dataclass(frozen=True)
class OrderProjection:
    site: SiteInfo
    token: str
    order: str
    display_name: str
    locale: str
    timezone: str
    status: str
    health: str
    health_note: Markup | None
    placed: datetime | None
    promised: date | None
    expected: date | None  # None when absent or already past
    next_update: datetime | None  # None when absent or already past
    closed: datetime | None  # only as written
    timeline: tuple[TimelineStep, ...]
    current: str | None
    next: str | None
    order_status: str  # schema.org OrderStatus name, e.g. "OrderInTransit"
    last_updated: datetime | None
    updates: tuple[CustomerUpdate, ...]
    notices: tuple[PublicNotice, ...]  # ongoing notices on the current stage
    delivery: date | None  # the day of order.ics: `expected`, else `promised`

    @property
    def path(self) -> str:
        return f"track/{self.token}/"

    @property
    def url(self) -> str:
        return self.site.base_url + self.path


def site_info(site: Site) -> SiteInfo:
    contact = PublicContact(email=site.contact.email, phone=site.contact.phone, url=site.contact.url)
    return SiteInfo(name=site.name, base_url=site.base_url, locale=site.locale, timezone=site.timezone, contact=contact)


@lru_cache(maxsize=4096)
def inline_markdown(text: str) -> Markup:
    return public_html(text, inline=True)


@lru_cache(maxsize=1024)
def block_markdown(text: str) -> Markup:
    return public_html(text)


def localized_text(text: Localized | None, locale: str) -> str | None:
    if text is None:
        return None
    value = text.get(locale)
    return value or None


@lru_cache(maxsize=256)
def stage_labels(catalogue: Catalogue, locale: str) -> dict[str, str]:
    """Customer label of every stage in one locale (the stage name where none is written)."""
    return {stage.key: localized_text(stage.customer_label, locale) or stage.name for stage in catalogue.stages}


def stage_label(catalogue: Catalogue, key: str, locale: str) -> str:
    return stage_labels(catalogue, locale)[key]


def stage_description(catalogue: Catalogue, key: str, locale: str) -> Markup | None:
    text = localized_text(catalogue[key].customer_description, locale)
    return block_markdown(text) if text else None


def public_notice(notice: Notice, catalogue: Catalogue, locale: str) -> PublicNotice:
    keys = tuple(key for key in catalogue.keys if key in notice.stages)
    return PublicNotice(
        id=notice.id,
        title=notice.title,
        impact=notice.impact,
        started=notice.started,
        resolved=notice.resolved,
        stage_keys=keys,
        stage_labels=tuple(stage_label(catalogue, key, locale) for key in keys),
        body=block_markdown(notice.body),
    )


def _raw_current_stage(journey: Journey) -> str | None:
    if journey.status != "open" or not journey.visits:
        return None
    open_visit = journey.open_visit
    if open_visit is not None:
        return open_visit.stage
    latest = max(enumerate(journey.visits), key=lambda pair: (pair[1].started, pair[0]))
    return latest[1].stage


def _shown_current(journey: Journey, catalogue: Catalogue) -> str | None:
    raw = _raw_current_stage(journey)
    if raw is None:
        return None
    at_or_before = [s for s in catalogue.stages if s.public and s.index <= catalogue.index(raw)]
    return at_or_before[-1].key if at_or_before else None


def _timeline_keys(journey: Journey, catalogue: Catalogue, current: str | None) -> list[str]:
    visited = {visit.stage for visit in journey.visits}
    first, last = catalogue.index(CORE_FIRST), catalogue.index(CORE_LAST)
    keys = []
    for stage in catalogue.stages:
        if not stage.public:
            continue
        if journey.status != "open":
            if stage.key in visited:
                keys.append(stage.key)
        elif first <= stage.index <= last or stage.key in visited or stage.key == current:
            keys.append(stage.key)
    return keys


def _next_stage(journey: Journey, catalogue: Catalogue, current: str | None) -> str | None:
    if journey.status != "open":
        return None
    visited = {visit.stage for visit in journey.visits}
    after = catalogue.index(current) if current is not None else 0
    first, last = catalogue.index(CORE_FIRST), catalogue.index(CORE_LAST)
    for stage in catalogue.stages:
        if stage.public and first <= stage.index <= last and stage.index > after and stage.key not in visited:
            return stage.key
    return None


def _public_visit(visit: Visit, as_of: datetime) -> PublicVisit:
    due = visit.due if visit.is_open and visit.due is not None and visit.due >= as_of else None
    return PublicVisit(
        started=visit.started,
        ended=visit.ended,
        due=due,
        note=inline_markdown(visit.public_note) if visit.public_note else None,
        events=tuple(
            PublicEvent(at=event.at, note=inline_markdown(event.note)) for event in visit.events if event.public
        ),
    )


def _step_state(key: str, visited: set[str], current: str | None, catalogue: Catalogue) -> StepState:
    if key == current:
        return "current"
    if key in visited:
        return "done"
    if current is not None and catalogue.index(key) < catalogue.index(current):
        return "skipped"
    return "upcoming"


def _order_status(journey: Journey, current: str | None) -> str:
    if journey.status == "cancelled":
        return "OrderCancelled"
    if journey.health == "problem":
        return "OrderProblem"
    by_current = {"returns": "OrderReturned", "billing": "OrderPaymentDue", "fulfillment": "OrderInTransit"}
    if current in by_current:
        return by_current[current]
    fulfilled = any(v.stage == "fulfillment" and v.ended is not None for v in journey.visits)
    if fulfilled or journey.status == "completed":
        return "OrderDelivered"
    return "OrderProcessing"


def _customer_updates(journey: Journey, catalogue: Catalogue, labels: dict[str, str]) -> tuple[CustomerUpdate, ...]:
    return tuple(
        CustomerUpdate(update.at, update.stage, labels[update.stage], inline_markdown(update.note))
        for update in customer_update_notes(journey, catalogue)
    )


def project_order(journey: Journey, content: Content, as_of: datetime, site: SiteInfo | None = None) -> OrderProjection:
    """The public view of one journey that has `public`; `as_of` decides which promises are past."""
    public = journey.public
    if public is None:
        raise ValueError(f"order {journey.order} has no public page")
    catalogue = content.catalogue
    locale = journey.locale
    today = as_of.astimezone(ZoneInfo(journey.timezone)).date()
    labels = stage_labels(catalogue, locale)  # hashing the catalogue once per order, not per stage
    current = _shown_current(journey, catalogue)
    visited = {visit.stage for visit in journey.visits}
    following = _next_stage(journey, catalogue, current)
    steps = tuple(
        TimelineStep(
            key=key,
            label=labels[key],
            description=stage_description(catalogue, key, locale),
            state=_step_state(key, visited, current, catalogue),
            is_next=key == following,
            visits=tuple(_public_visit(v, as_of) for v in journey.visits if v.stage == key),
        )
        for key in _timeline_keys(journey, catalogue, current)
    )
    notices = tuple(
        public_notice(notice, catalogue, locale)
        for notice in sorted(content.notices, key=lambda n: (n.started, n.id))
        if notice.ongoing and current is not None and current in notice.stages and notice.started <= as_of
    )
    expected = public.expected if public.expected is not None and public.expected >= today else None
    next_update = public.next_update if public.next_update is not None and public.next_update >= as_of else None
    health = journey.health or "on-track"
    updates = _customer_updates(journey, catalogue, labels)
    return OrderProjection(
        site=site or site_info(content.site),
        token=public.token,
        order=journey.order,
        display_name=journey.customer.display_name,
        locale=locale,
        timezone=journey.timezone,
        status=journey.status,
        health=health,
        health_note=inline_markdown(public.health_note) if public.health_note else None,
        placed=journey.placed,
        promised=journey.promised,
        expected=expected,
        next_update=next_update,
        closed=journey.closed_written if journey.status != "open" else None,
        timeline=steps,
        current=current,
        next=following,
        order_status=_order_status(journey, current),
        last_updated=updates[-1].at if updates else None,
        updates=updates,
        notices=notices,
        delivery=public.expected if public.expected is not None else journey.promised,
    )
