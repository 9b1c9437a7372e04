"""Rendering of each output file from a projection: HTML pages, status.json, feeds and
the delivery calendar. Pure functions from projections to bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from markupsafe import escape

from omcreport.analyze import EN, Wording, format_duration
from omcreport.output_names import FEED
from omcreport.site import documents
from omcreport.site.atom import FeedEntry, atom_feed, tag_uri
from omcreport.site.calendar import delivery_calendar
from omcreport.site.i18n import Formatter, catalogue_language, html_lang, translations
from omcreport.site.overview import OverviewProjection
from omcreport.site.projection import OrderProjection, PublicNotice, SiteInfo
from omcreport.site.render import page_chrome, template
from omcreport.vocabulary import NOTICE_FOLDER

EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)

WORDINGS: dict[str, Wording] = {
    "en": EN,
    "de": Wording(units=("d", "h", "min", "s"), rate="{percent} % von {n}", no_data="keine Daten", decimal_point=","),
}


def _gettext(locale: str) -> Any:
    return translations(catalogue_language(locale)).gettext


def _render(locale: str, name: str, **context: Any) -> bytes:
    return template(locale, name).render(lang=html_lang(locale), **context).encode("utf-8")


def order_page(p: OrderProjection, *, preview: bool) -> bytes:
    return _render(
        p.locale,
        "track.html",
        chrome=page_chrome(root="../../", noindex=True, preview=preview),
        site=p.site,
        p=p,
        fmt=Formatter(p.locale, p.timezone),
        jsonld=documents.order_json_ld(p),
        contact=p.contact,
        has_calendar=p.delivery is not None,
    )


def order_status_json(p: OrderProjection) -> bytes:
    return documents.dumps(documents.order_status_document(p, has_calendar=p.delivery is not None))


def order_feed(p: OrderProjection) -> bytes:
    _ = _gettext(p.locale)
    fmt = Formatter(p.locale, p.timezone)
    seen: dict[str, int] = {}
    entries = []
    for update in p.updates:
        specific = f"{p.path}{update.at.isoformat()}"
        seen[specific] = seen.get(specific, 0) + 1
        if seen[specific] > 1:
            specific += f"#{seen[specific]}"
        entries.append(
            FeedEntry(
                id=tag_uri(p.site.base_url, update.at, specific),
                title=f"{update.stage_label}: {fmt.datetime(update.at)}",
                updated=update.at,
                link=p.url,
                content_html=str(update.note),
            )
        )
    for number, shipment in enumerate(p.shipments, start=1):
        tracking = f" ({shipment.tracking_number})" if shipment.tracking_number else ""
        moments = [("shipped", shipment.shipped, _("Shipped with %(carrier)s") % {"carrier": shipment.carrier})]
        if shipment.delivered is not None:
            moments.append(
                ("delivered", shipment.delivered, _("Delivered by %(carrier)s") % {"carrier": shipment.carrier})
            )
        for kind, moment, title in moments:
            entries.append(
                FeedEntry(
                    id=tag_uri(p.site.base_url, moment, f"{p.path}shipment-{number}/{kind}"),
                    title=f"{title}{tracking}: {fmt.datetime(moment)}",
                    updated=moment,
                    link=shipment.tracking_url or p.url,
                    content_html=str(escape(title + tracking)),
                )
            )
    if p.health_change is not None:
        change = p.health_change
        health_title = str(template(p.locale, "_health.html").module.health_title(change.health))  # type: ignore[attr-defined]
        entries.append(
            FeedEntry(
                id=tag_uri(p.site.base_url, change.at, f"{p.path}health/{change.health}"),
                title=f"{health_title}: {fmt.datetime(change.at)}",
                updated=change.at,
                link=p.url,
                content_html=str(change.note) if change.note is not None else str(escape(health_title)),
            )
        )
    if p.late_since is not None and p.promised is not None:
        title = _("Late: we promised %(date)s") % {"date": fmt.weekday_date(p.promised)}
        entries.append(
            FeedEntry(
                id=tag_uri(p.site.base_url, p.late_since, f"{p.path}late"),
                title=title,
                updated=p.late_since,
                link=p.url,
                content_html=str(escape(title)),
            )
        )
    entries.reverse()
    entries.sort(key=lambda entry: entry.updated, reverse=True)  # newest first; stable, so ties stay reversed
    updated = p.last_updated or p.placed or EMPTY_FEED_UPDATED
    return atom_feed(
        feed_id=tag_uri(p.site.base_url, p.placed or EMPTY_FEED_UPDATED, p.path),
        title=_("Order %(order)s") % {"order": p.order} + f" · {p.site.name}",
        self_url=p.url + FEED,
        page_url=p.url,
        updated=updated,
        lang=html_lang(p.locale),
        author=p.site.name,
        entries=entries,
    )


def order_calendar(p: OrderProjection) -> bytes | None:
    if p.delivery is None:
        return None
    _ = _gettext(p.locale)
    return delivery_calendar(
        token=p.token,
        base_url=p.site.base_url,
        day=p.delivery,
        summary=_("Delivery of order %(order)s") % {"order": p.order} + f" ({p.site.name})",
        description=_("Track your order: %(url)s") % {"url": p.url},
        url=p.url,
        revised=p.last_updated or p.placed or EMPTY_FEED_UPDATED,
        sequence=len(p.updates),
    )


def overview_page(o: OverviewProjection, *, preview: bool) -> bytes:
    wording = WORDINGS.get(catalogue_language(o.site.locale), EN)
    return _render(
        o.site.locale,
        "index.html",
        chrome=page_chrome(root="", noindex=False, preview=preview),
        site=o.site,
        o=o,
        fmt=Formatter(o.site.locale, o.site.timezone),
        duration=lambda seconds: format_duration(seconds, wording).replace(" ", "\u00a0"),
    )


def notice_page(notice: PublicNotice, site: SiteInfo, *, preview: bool) -> bytes:
    return _render(
        site.locale,
        "notice.html",
        chrome=page_chrome(root="../../", noindex=False, preview=preview),
        site=site,
        notice=notice,
        fmt=Formatter(site.locale, site.timezone),
    )


def track_index_page(site: SiteInfo, *, preview: bool) -> bytes:
    return _render(
        site.locale,
        "track_index.html",
        chrome=page_chrome(root="../", noindex=True, preview=preview),
        site=site,
    )


def site_status_json(o: OverviewProjection) -> bytes:
    document = {
        "schema": documents.SITE_SCHEMA,
        "name": o.site.name,
        "url": o.site.base_url,
        "stages": [
            {
                "stage": stage.key,
                "label": stage.label,
                "state": stage.state,
                "median_seconds": stage.median_seconds,
                "notices": list(stage.notices),
            }
            for stage in o.stages
        ],
        "ongoing": [n.id for n in o.ongoing],
        "recent": [n.id for n in o.recent],
        "notices": [documents.notice_document(n, o.site.base_url) for n in o.notices],
    }
    return documents.dumps(document)


def site_feed(o: OverviewProjection) -> bytes:
    _ = _gettext(o.site.locale)
    entries = [
        FeedEntry(
            id=tag_uri(o.site.base_url, n.started, NOTICE_FOLDER.format(id=n.id)),
            title=n.title,
            updated=n.resolved or n.started,
            published=n.started,
            link=o.site.base_url + NOTICE_FOLDER.format(id=n.id),
            content_html=str(n.body),
        )
        for n in o.notices
    ]
    updated = max((entry.updated for entry in entries), default=EMPTY_FEED_UPDATED)
    return atom_feed(
        feed_id=o.site.base_url + FEED,
        title=_("Notices from %(name)s") % {"name": o.site.name},
        self_url=o.site.base_url + FEED,
        page_url=o.site.base_url,
        updated=updated,
        lang=html_lang(o.site.locale),
        author=o.site.name,
        entries=entries,
    )
