"""status.json documents (versioned; see docs/status-json.md) and the schema.org JSON-LD
of a tracking page, as plain dicts built from projections only."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from omcreport.order_state import Headline
from omcreport.output_names import CALENDAR, FEED
from omcreport.site.projection import SCHEMA_ORG, OrderProjection, PublicNotice
from omcreport.site.public_fields import plain_text, public_document, public_values
from omcreport.validate.journey import ITEM, SHIPMENT, VISIT
from omcreport.vocabulary import NOTICE_FOLDER

ORDER_SCHEMA = "omcreport/status/v2"
SITE_SCHEMA = "omcreport/site-status/v1"


def iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def dumps(document: dict[str, Any]) -> bytes:
    # Compact, so that the C encoder does the work (indenting falls back to pure Python).
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def notice_document(notice: PublicNotice, base_url: str) -> dict[str, Any]:
    return {
        "id": notice.id,
        "title": notice.title,
        "impact": notice.impact,
        "started": iso(notice.started),
        "resolved": iso(notice.resolved),
        "ongoing": notice.resolved is None,
        "stages": list(notice.stage_keys),
        "body_html": str(notice.body),
        "url": base_url + NOTICE_FOLDER.format(id=notice.id),
    }


def headline_document(headline: Headline) -> dict[str, Any]:
    return {
        "kind": headline.kind,
        "date": iso(headline.day),
        "promised": iso(headline.promised),
        "estimate": iso(headline.estimate),
        "next_update": iso(headline.next_update),
        "stage": headline.stage,
    }


def order_status_document(p: OrderProjection, *, has_calendar: bool) -> dict[str, Any]:
    return {
        "schema": ORDER_SCHEMA,
        "order": p.order,
        "customer": p.display_name,
        "locale": p.locale,
        "timezone": p.timezone,
        "status": p.status,
        "headline": headline_document(p.headline),
        "health": p.health,
        "health_note": plain_text(p.health_note),
        "health_note_html": str(p.health_note) if p.health_note is not None else None,
        "late": p.late,
        "late_since": iso(p.late_since),
        "delivered": p.delivered_at is not None,
        "delivered_at": iso(p.delivered_at),
        "delivered_on": iso(p.delivered_on),
        "order_status": SCHEMA_ORG + p.order_status,
        "placed": iso(p.placed),
        "promised": iso(p.promised),
        "promise_open": p.promise_open,
        "expected": iso(p.expected),
        "next_update": iso(p.next_update),
        "overdue_update": iso(p.overdue_update),
        "closed": iso(p.closed),
        "last_updated": iso(p.last_updated),
        "current_stage": p.current,
        "next_stage": p.next,
        "progress": [
            {"step": step.key, "label": step.label, "state": step.state, "next": step.is_next} for step in p.progress
        ],
        "updates": [
            {
                "at": iso(update.at),
                "stage": update.stage_key,
                "label": update.stage_label,
                "note": plain_text(update.note),
                "note_html": str(update.note),
            }
            for update in reversed(p.updates)
        ],
        "items": [public_document(ITEM, public_values(ITEM, item)) for item in p.items],
        "shipments": [public_document(SHIPMENT, public_values(SHIPMENT, shipment)) for shipment in p.shipments],
        "visits": [public_document(VISIT, visit) for visit in p.visits],
        "action": (
            {"label": plain_text(p.action.label), "label_html": str(p.action.label), "url": p.action.url}
            if p.action is not None
            else None
        ),
        "notices": [notice_document(notice, p.site.base_url) for notice in p.notices],
        "links": {
            "page": p.url,
            "feed": p.url + FEED,
            "calendar": p.url + CALENDAR if has_calendar else None,
        },
    }


def order_json_ld(p: OrderProjection) -> Markup:
    """schema.org Order, embedded as data; `<`, `>` and `&` are escaped so no text can
    close the script element."""
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Order",
        "orderNumber": p.order,
        "orderStatus": SCHEMA_ORG + p.order_status,
        "url": p.url,
        "customer": {"@type": "Organization", "name": p.display_name},
        "seller": {"@type": "Organization", "name": p.site.name},
    }
    if p.placed is not None:
        document["orderDate"] = p.placed.isoformat()
    deliveries: list[dict[str, Any]] = []
    for shipment in p.shipments:
        parcel: dict[str, Any] = {
            "@type": "ParcelDelivery",
            "provider": {"@type": "Organization", "name": shipment.carrier},
        }
        if shipment.tracking_number is not None:
            parcel["trackingNumber"] = shipment.tracking_number
        if shipment.tracking_url is not None:
            parcel["trackingUrl"] = shipment.tracking_url
        if shipment.delivered is None and p.delivery is not None:
            parcel["expectedArrivalUntil"] = p.delivery.isoformat()  # only while ahead (p.delivery)
        deliveries.append(parcel)
    if not deliveries and p.delivery is not None:
        deliveries.append({"@type": "ParcelDelivery", "expectedArrivalUntil": p.delivery.isoformat()})
    if deliveries:
        document["orderDelivery"] = deliveries[0] if len(deliveries) == 1 else deliveries
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
