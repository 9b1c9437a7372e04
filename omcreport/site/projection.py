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
from omcreport.catalogue import DELIVERED_STEP, IN_TRANSIT
from omcreport.model import (
    Catalogue,
    Contact,
    Content,
    Item,
    Journey,
    Localized,
    Notice,
    Shipment,
    Site,
    locale_candidates,
)
from omcreport.order_state import Headline, order_state
from omcreport.richtext import public_html
from omcreport.site.brand import logo_path, stylesheet_path
from omcreport.site.public_fields import PublicValues, public_values
from omcreport.validate.journey import VISIT
from omcreport.vocabulary import DEFAULT_HEALTH, TRACK_FOLDER

StepState = Literal["done", "current", "upcoming"]

# The core of the progress bar: pricing to billing (FORMAT.md "What a customer's page shows").
CORE_FIRST = "pricing"
CORE_LAST = "billing"
# The Delivered step sits right after this stage.
DELIVERED_AFTER = "fulfillment"
DELIVERED_KEY = "delivered"

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
    logo: str | None = None  # site-relative path of the brand logo
    stylesheet: str | None = None  # site-relative path of the accent stylesheet


@dataclass(frozen=True)
class ProgressStep:
    key: str  # a stage key, or DELIVERED_KEY
    label: str  # worded for its state
    state: StepState
    is_next: bool


@dataclass(frozen=True)
class PublicAction:
    label: Markup
    url: str  # https: or mailto:


@dataclass(frozen=True)
class CustomerUpdate:
    """One entry of the order's feed: a visit start with a public note, or a public event."""

    at: datetime
    stage_key: str
    stage_label: str
    note: Markup


@dataclass(frozen=True)
class HealthChange:
    """The health as written and when it took effect (`health_since`): a feed entry."""

    health: str
    at: datetime
    note: Markup | None


@dataclass(frozen=True)
class PublicNotice:
    id: str
    title: str
    title_lang: str | None  # the title's language when it is not the page's (a fallback)
    body_lang: str | None
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
    health: str | None  # shown health (OrderState.health); None: no health banner
    health_from_lateness: bool  # on-track written, shown as delayed because the order is late
    health_note: Markup | None
    health_change: HealthChange | None
    headline: Headline
    late: bool
    late_since: datetime | None  # when the missed promise made the order late (a feed entry)
    delivered_at: datetime | None
    delivered_on: date | None
    placed: datetime | None
    promised: date | None  # as written: the headline may name it; a promise only while `promise_open`
    promise_open: bool  # open and not delivered: the promised date still stands as a promise
    expected: date | None  # None when absent, already past, or the order is no longer open
    next_update: datetime | None  # None when absent or already past
    overdue_update: datetime | None  # a passed next_update with no customer update since
    closed: datetime | None  # only as written
    progress: tuple[ProgressStep, ...]
    current: str | None
    next: str | None
    order_status: str  # schema.org OrderStatus name, e.g. "OrderInTransit"
    last_updated: datetime | None
    updates: tuple[CustomerUpdate, ...]  # earliest first
    notices: tuple[PublicNotice, ...]  # ongoing notices on the current stage
    delivery: date | None  # the day of order.ics: an open order's `expected`, else `promised`, still ahead
    items: tuple[Item, ...]  # every field of an item is public
    shipments: tuple[Shipment, ...]  # every field of a shipment is public; those shipped by now
    # Each visit to a public stage: its public fields (events only those marked public).
    visits: tuple[PublicValues, ...]
    action: PublicAction | None  # only while the health shown is action-needed
    contact: PublicContact  # site.yaml's contact block for this page's locale

    @property
    def current_label(self) -> str | None:
        return next((step.label for step in self.progress if step.state == "current"), None)

    @property
    def path(self) -> str:
        return TRACK_FOLDER.format(token=self.token)

    @property
    def url(self) -> str:
        return self.site.base_url + self.path


def public_contact(contact: Contact) -> PublicContact:
    return PublicContact(email=contact.email, phone=contact.phone, url=contact.url)


def site_info(site: Site) -> SiteInfo:
    return SiteInfo(
        name=site.name,
        base_url=site.base_url,
        locale=site.locale,
        timezone=site.timezone,
        contact=public_contact(site.contact),
        logo=logo_path(site.brand),
        stylesheet=stylesheet_path(site.brand),
    )


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


def _other_language(tag: str | None, locale: str) -> str | None:
    """`tag` when its language is not the page's: the text then carries its own `lang`."""
    if tag is None:
        return None
    return tag if locale_candidates(tag)[1] != locale_candidates(locale)[1] else None


def public_notice(notice: Notice, catalogue: Catalogue, locale: str) -> PublicNotice:
    keys = tuple(key for key in catalogue.keys if key in notice.stages)
    title, title_tag = notice.title.resolve(locale)
    body, body_tag = notice.body.resolve(locale)
    return PublicNotice(
        id=notice.id,
        title=title,
        title_lang=_other_language(title_tag, locale),
        body_lang=_other_language(body_tag, locale),
        impact=notice.impact,
        started=notice.started,
        resolved=notice.resolved,
        stage_keys=keys,
        stage_labels=tuple(stage_label(catalogue, key, locale) for key in keys),
        body=block_markdown(body),
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


def _progress_keys(journey: Journey, catalogue: Catalogue, current: str | None, delivered: bool) -> list[str]:
    """The bar's steps: the public core stages that apply, Delivered right after
    fulfillment, then the after-delivery stages once visited (in the order first visited)."""
    visited = {visit.stage for visit in journey.visits}
    first, last = catalogue.index(CORE_FIRST), catalogue.index(CORE_LAST)
    current_index = catalogue.index(current) if current is not None else 0
    keys: list[str] = []
    for stage in catalogue.stages:
        if not stage.public or not first <= stage.index <= last:
            continue
        # A stage the order never visited is left out once the order is past it (or closed).
        if stage.key in visited or (journey.status == "open" and stage.index > current_index):
            keys.append(stage.key)
        if stage.key == DELIVERED_AFTER:
            keys.append(DELIVERED_KEY)
    if DELIVERED_KEY not in keys:
        keys.append(DELIVERED_KEY)
    if journey.status != "open" and not delivered:
        keys.remove(DELIVERED_KEY)  # a closed order that was never delivered will not be
    after: list[str] = []
    for visit in journey.visits:
        if catalogue.index(visit.stage) > last and catalogue.is_public(visit.stage) and visit.stage not in after:
            after.append(visit.stage)
    return keys + after


def _step_state(key: str, journey: Journey, catalogue: Catalogue, current: str | None, delivered: bool) -> StepState:
    if key == DELIVERED_KEY:
        return "done" if delivered else "upcoming"
    if key == current:
        return "current"
    visited = any(visit.stage == key for visit in journey.visits)
    if not visited:
        return "upcoming"
    # A core stage after the current one is to come again (the order went back a step).
    core_after_current = (
        journey.status == "open"
        and current is not None
        and catalogue.index(key) <= catalogue.index(CORE_LAST)
        and catalogue.index(key) > catalogue.index(current)
    )
    return "upcoming" if core_after_current else "done"


def _step_label(key: str, state: StepState, catalogue: Catalogue, locale: str, *, in_transit: bool) -> str:
    if key == DELIVERED_KEY:
        wording = DELIVERED_STEP["done" if state == "done" else "upcoming"]
        return wording.get(locale)
    if key == DELIVERED_AFTER and state == "current" and in_transit:
        return IN_TRANSIT.get(locale)
    return catalogue[key].state_label(state, locale) or catalogue[key].name


def _order_status(journey: Journey, current: str | None, delivered: bool, in_transit: bool) -> str:
    """schema.org's OrderStatus: the first of FORMAT.md's list that holds."""
    if journey.status == "cancelled":
        return "OrderCancelled"
    if journey.health == "problem":
        return "OrderProblem"
    if current == "returns":
        return "OrderReturned"
    if delivered:
        return "OrderDelivered"
    if current == "billing":
        return "OrderPaymentDue"
    if in_transit:
        return "OrderInTransit"
    if journey.status == "completed":
        return "OrderDelivered"
    return "OrderProcessing"


def _customer_updates(journey: Journey, catalogue: Catalogue, labels: dict[str, str]) -> tuple[CustomerUpdate, ...]:
    return tuple(
        CustomerUpdate(update.at, update.stage, labels[update.stage], inline_markdown(update.note))
        for update in customer_update_notes(journey, catalogue)
    )


def _health_change(journey: Journey) -> HealthChange | None:
    public = journey.public
    health = journey.health
    if public is None or public.health_since is None or health is None or health == DEFAULT_HEALTH:
        return None
    note = inline_markdown(public.health_note) if public.health_note else None
    return HealthChange(health, public.health_since, note)


def _last_updated(
    journey: Journey,
    catalogue: Catalogue,
    updates: tuple[CustomerUpdate, ...],
    shipments: tuple[Shipment, ...],
    health_change: HealthChange | None,
) -> datetime | None:
    """The latest customer update, public `ended`, `shipped`, `delivered` or health
    change shown; on a cancelled page no earlier than a written `closed`."""
    moments = [update.at for update in updates]
    if health_change is not None:
        moments.append(health_change.at)
    moments += [v.ended for v in journey.visits if v.ended is not None and catalogue.is_public(v.stage)]
    for shipment in shipments:
        moments.append(shipment.shipped)
        if shipment.delivered is not None:
            moments.append(shipment.delivered)
    if journey.status == "cancelled" and journey.closed_written is not None:
        moments.append(journey.closed_written)
    return max(moments) if moments else None


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
    following = _next_stage(journey, catalogue, current)
    updates = _customer_updates(journey, catalogue, labels)
    state = order_state(journey, catalogue, as_of, current=current, updates=[update.at for update in updates])
    delivered = state.delivered_at is not None
    shipments = tuple(shipment for shipment in public.shipments if shipment.shipped <= as_of)
    in_transit = current == DELIVERED_AFTER and bool(shipments)
    steps = []
    for key in _progress_keys(journey, catalogue, current, delivered):
        step_state = _step_state(key, journey, catalogue, current, delivered)
        label = _step_label(key, step_state, catalogue, locale, in_transit=in_transit)
        steps.append(ProgressStep(key, label, step_state, key == following))
    notices = tuple(
        public_notice(notice, catalogue, locale)
        for notice in sorted(content.notices, key=lambda n: (n.started, n.id))
        if notice.ongoing and current is not None and current in notice.stages and notice.started <= as_of
    )
    promise_open = journey.status == "open" and not delivered
    health_change = _health_change(journey)
    expected = public.expected if promise_open and public.expected is not None and public.expected >= today else None
    next_update = public.next_update if public.next_update is not None and public.next_update >= as_of else None
    promised_ahead = journey.promised if journey.promised is not None and journey.promised >= today else None
    return OrderProjection(
        site=site or site_info(content.site),
        token=public.token,
        order=journey.order,
        display_name=journey.customer.display_name,
        locale=locale,
        timezone=journey.timezone,
        status=journey.status,
        health=state.health,
        health_from_lateness=state.health_from_lateness,
        health_note=inline_markdown(public.health_note) if public.health_note and state.health else None,
        health_change=health_change,
        headline=state.headline,
        late=state.late,
        late_since=state.late_since,
        delivered_at=state.delivered_at,
        delivered_on=state.delivered_on,
        placed=journey.placed,
        promised=journey.promised,
        promise_open=promise_open,
        expected=expected,
        next_update=next_update if journey.status == "open" else None,
        overdue_update=state.overdue_update,
        closed=journey.closed_written if journey.status != "open" else None,
        progress=tuple(steps),
        current=current,
        next=following,
        order_status=_order_status(journey, current, delivered, in_transit),
        last_updated=_last_updated(journey, catalogue, updates, shipments, health_change),
        updates=updates,
        notices=notices,
        delivery=(expected or promised_ahead) if promise_open else None,
        contact=public_contact(content.site.contact_for(locale)),
        items=public.items,
        shipments=shipments,
        visits=tuple(
            public_values(VISIT, visit, keep={"events": lambda event: event.public})
            for visit in journey.visits
            if catalogue.is_public(visit.stage)
        ),
        action=(
            PublicAction(inline_markdown(public.action.label), public.action.url)
            if public.action is not None and state.health == "action-needed"
            else None
        ),
    )
