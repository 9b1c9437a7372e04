"""Checked records (without any error) into the frozen model of omcreport.model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from omcreport.catalogue import built_in_catalogue
from omcreport.model import (
    Action,
    Brand,
    Catalogue,
    Contact,
    Content,
    Customer,
    Event,
    Item,
    Journey,
    Localized,
    Logo,
    Money,
    Notice,
    Observation,
    PublicInfo,
    ReportsConfig,
    Shipment,
    Site,
    SourceRef,
    Visit,
    locale_candidates,
)
from omcreport.validate.per_file import CheckedFile
from omcreport.vocabulary import DEFAULT_HEALTH, STEP_STATES


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _source(checked: CheckedFile, key: str) -> SourceRef:
    line, col = checked.at.get(key, (1, 1))
    return SourceRef(checked.path, line, col)


def _contact(block: dict[str, Any]) -> Contact:
    return Contact(email=block.get("email"), phone=block.get("phone"), url=block.get("url"))


def _site_contact(blocks: dict[str, dict[str, Any]], locale: str) -> Contact:
    """The site locale's block of a per-locale contact (tag, then language, then en, then the first)."""
    table = {tag.lower(): block for tag, block in blocks.items()}
    for candidate in (*locale_candidates(locale), "en"):
        if candidate in table:
            return _contact(table[candidate])
    return _contact(next(iter(blocks.values()), {}))


def build_site(record: dict[str, Any], logo: Logo | None = None) -> Site:
    # {"": block} when written as one block, else {locale tag: block}
    blocks: dict[str, dict[str, Any]] = record.get("contact", {})
    locale = record.get("locale", "en")
    per_locale = tuple((tag, _contact(block)) for tag, block in sorted(blocks.items()) if tag)
    reports = record.get("reports", {})
    departments = record.get("departments")
    return Site(
        name=record["name"],
        base_url=record["base_url"],
        locale=locale,
        timezone=record.get("timezone", "UTC"),
        contact=_site_contact(blocks, locale),
        contacts=per_locale,
        brand=Brand(logo=logo, accent=(record.get("brand") or {}).get("accent")),
        departments=tuple(departments) if departments is not None else None,
        reports=ReportsConfig(paper=reports.get("paper", "A4"), author=reports.get("author")),
        retention_seconds=record.get("retention"),
    )


def build_catalogue(overrides: dict[str, Any]) -> Catalogue:
    stages = []
    for stage in built_in_catalogue().stages:
        override = overrides.get(stage.key, {})
        changes: dict[str, Any] = {key: override[key] for key in ("name", "public", "target") if key in override}
        for key in ("customer_label", "customer_description"):
            if key in override:
                changes[key] = Localized.of(override[key])
        if "customer_label" in override:
            changes["state_labels"] = ()  # the team's own label reads in every state
        if "customer_labels" in override:
            written = tuple((state, Localized.of(text)) for state, text in override["customer_labels"].items())
            by_state = dict(changes.get("state_labels", stage.state_labels)) | dict(written)
            changes["state_labels"] = tuple((state, by_state[state]) for state in STEP_STATES if state in by_state)
        stages.append(replace(stage, **changes))
    return Catalogue(stages=tuple(stages))


def _visit(record: dict[str, Any]) -> Visit:
    return Visit(
        stage=record["stage"],
        started=datetime.fromisoformat(record["started"]),
        owner=record["owner"],
        customer_in_view=record["customer_in_view"],
        ended=_time(record.get("ended")),
        due=_time(record.get("due")),
        people=tuple(record.get("people", ())),
        public_note=record.get("public_note"),
        events=tuple(
            Event(at=datetime.fromisoformat(event["at"]), note=event["note"], public=event.get("public", False))
            for event in record.get("events", ())
        ),
        notes=record.get("notes"),
    )


def _shipment(record: dict[str, Any]) -> Shipment:
    return Shipment(
        carrier=record["carrier"],
        shipped=datetime.fromisoformat(record["shipped"]),
        tracking_number=record.get("tracking_number"),
        tracking_url=record.get("tracking_url"),
        delivered=_time(record.get("delivered")),
    )


def build_journey(checked: CheckedFile, site: Site) -> Journey:
    record = checked.record or {}
    public = record.get("public")
    value = record.get("value")
    return Journey(
        order=record["order"],
        title=record["title"],
        customer=Customer(
            display_name=record["customer"]["display_name"],
            segment=record["customer"].get("segment"),
            email=record["customer"].get("email"),
        ),
        visits=tuple(_visit(visit) for visit in record["stages"]),
        locale=(public or {}).get("locale") or site.locale,
        timezone=(public or {}).get("timezone") or site.timezone,
        followed_by=record.get("followed_by"),
        status_written=record.get("status"),
        closed_written=_time(record.get("closed")),
        placed=_time(record.get("placed")),
        promised=_day(record.get("promised")),
        value=Money(amount=Decimal(value["amount"]), currency=value["currency"]) if value else None,
        public=PublicInfo(
            token=public["token"],
            locale=public.get("locale"),
            timezone=public.get("timezone"),
            health=public.get("health", DEFAULT_HEALTH),
            expected=_day(public.get("expected")),
            health_note=public.get("health_note"),
            health_since=_time(public.get("health_since")),
            next_update=_time(public.get("next_update")),
            action=Action(label=public["action"]["label"], url=public["action"]["url"]) if "action" in public else None,
            items=tuple(Item(name=item["name"], quantity=item.get("quantity", 1)) for item in public.get("items", [])),
            shipments=tuple(_shipment(shipment) for shipment in public.get("shipments", [])),
        )
        if public is not None
        else None,
        source=_source(checked, "order"),
    )


def build_observation(checked: CheckedFile, canonical_orders: dict[str, str]) -> Observation:
    record = checked.record or {}
    return Observation(
        id=record["id"],
        title=record["title"],
        stage=record["stage"],
        observed=date.fromisoformat(record["observed"]),
        source=record["source"],
        severity=record["severity"],
        body=record["body"],
        status=record["status"],
        orders=tuple(canonical_orders[order.lower()] for order in record.get("orders", ())),
        tags=tuple(record.get("tags", ())),
        recommendation=record.get("recommendation"),
        owner=record.get("owner"),
        source_ref=_source(checked, "id"),
    )


def build_notice(checked: CheckedFile) -> Notice:
    record = checked.record or {}
    return Notice(
        id=record["id"],
        title=Localized.of(record["title"]),
        stages=tuple(record["stages"]),
        impact=record["impact"],
        started=datetime.fromisoformat(record["started"]),
        body=Localized.of(record["body"]),
        resolved=_time(record.get("resolved")),
        source=_source(checked, "id"),
    )


def build_content(
    site: CheckedFile,
    stages: CheckedFile | None,
    journeys: list[CheckedFile],
    observations: list[CheckedFile],
    notices: list[CheckedFile],
    *,
    logo: Logo | None = None,
) -> Content:
    """The model of a content folder whose files all passed; journeys sorted by order,
    observations and notices by id (code point order)."""
    built_site = build_site(site.record or {}, logo)
    catalogue = build_catalogue(stages.record or {} if stages is not None else {})
    built_journeys = sorted((build_journey(item, built_site) for item in journeys), key=lambda j: j.order)
    canonical = {journey.order.lower(): journey.order for journey in built_journeys}
    return Content(
        site=built_site,
        catalogue=catalogue,
        journeys=tuple(built_journeys),
        observations=tuple(sorted((build_observation(item, canonical) for item in observations), key=lambda o: o.id)),
        notices=tuple(sorted((build_notice(item) for item in notices), key=lambda n: n.id)),
    )
