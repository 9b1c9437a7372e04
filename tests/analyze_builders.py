"""Small builders of model objects for the analyze tests: terse, explicit, no YAML."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from omcreport.catalogue import built_in_catalogue
from omcreport.model import (
    Catalogue,
    Content,
    Customer,
    Event,
    Journey,
    Localized,
    Money,
    Notice,
    Observation,
    PublicInfo,
    Site,
    Visit,
)

CATALOGUE = built_in_catalogue()


def t(text: str) -> datetime:
    """`t("03-10 09:00")` is 2026-03-10T09:00Z; a full ISO string is taken as written."""
    if len(text) == len("03-10 09:00"):
        return datetime.fromisoformat(f"2026-{text}:00+00:00")
    return datetime.fromisoformat(text)


def visit(
    stage: str,
    started: str,
    ended: str | None = None,
    *,
    owner: str = "Sales",
    civ: str = "medium",
    due: str | None = None,
    note: str | None = None,
    events: tuple[Event, ...] = (),
) -> Visit:
    return Visit(
        stage=stage,
        started=t(started),
        ended=t(ended) if ended is not None else None,
        owner=owner,
        customer_in_view=civ,
        due=t(due) if due is not None else None,
        public_note=note,
        events=events,
    )


def event(at: str, *, public: bool = False) -> Event:
    return Event(at=t(at), note="checkpoint", public=public)


def journey(
    order: str,
    *visits: Visit,
    status: str | None = None,
    closed: str | None = None,
    promised: date | None = None,
    timezone: str = "UTC",
    segment: str | None = None,
    value: tuple[str, str] | None = None,
    public: bool = False,
) -> Journey:
    return Journey(
        order=order,
        title=f"Order {order}",
        customer=Customer(display_name="Customer", segment=segment),
        visits=tuple(visits),
        locale="en",
        timezone=timezone,
        status_written=status,
        closed_written=t(closed) if closed is not None else None,
        promised=promised,
        value=Money(amount=Decimal(value[0]), currency=value[1]) if value is not None else None,
        public=PublicInfo(token="t" * 22 + order) if public else None,
    )


def notice(
    notice_id: str,
    stages: tuple[str, ...],
    *,
    impact: str = "major",
    started: str = "03-01 00:00",
    resolved: str | None = None,
) -> Notice:
    return Notice(
        id=notice_id,
        title=Localized.of(notice_id),
        stages=stages,
        impact=impact,
        started=t(started),
        body=Localized.of(""),
        resolved=t(resolved) if resolved is not None else None,
    )


def observation(
    obs_id: str,
    stage: str,
    severity: str,
    status: str = "open",
    orders: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Observation:
    return Observation(
        id=obs_id,
        title=obs_id,
        stage=stage,
        observed=date(2026, 3, 1),
        source="other",
        severity=severity,
        body="",
        status=status,
        orders=orders,
        tags=tags,
    )


def content(
    *journeys: Journey,
    notices: tuple[Notice, ...] = (),
    observations: tuple[Observation, ...] = (),
    timezone: str = "UTC",
    catalogue: Catalogue = CATALOGUE,
) -> Content:
    return Content(
        site=Site(name="Test", base_url="https://example.com/", timezone=timezone),
        catalogue=catalogue,
        journeys=tuple(sorted(journeys, key=lambda j: j.order)),
        observations=observations,
        notices=notices,
    )
