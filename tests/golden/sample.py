"""A small site built from model objects: every kind of page, both interface languages,
each health, open, waiting, completed and cancelled orders, ongoing and resolved notices."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from omcreport.catalogue import built_in_catalogue
from omcreport.model import (
    Catalogue,
    Contact,
    Content,
    Customer,
    Event,
    Journey,
    Localized,
    Notice,
    PublicInfo,
    ReportsConfig,
    Site,
    Visit,
)

AS_OF = datetime.fromisoformat("2026-04-10T12:00:00+00:00")


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _catalogue() -> Catalogue:
    stages = []
    for stage in built_in_catalogue().stages:
        if stage.key == "fulfillment":
            description = Localized(
                by_locale=(("de", "Wir packen und versenden Ihre Bestellung."), ("en", "We pack and ship your order."))
            )
            stage = replace(stage, customer_description=description)
        stages.append(stage)
    return Catalogue(stages=tuple(stages))


SITE = Site(
    name="Calder Pumps",
    base_url="https://track.example.com/",
    locale="en-GB",
    timezone="Europe/London",
    contact=Contact(email="orders@example.com", phone="+44 20 7946 0000", url="https://example.com/help"),
    departments=("Customer Service", "Warehouse", "Finance"),
    reports=ReportsConfig(paper="A4", author="Office of the COO"),
)


def _visit(stage: str, started: str, ended: str | None = None, **extra: object) -> Visit:
    return Visit(
        stage=stage,
        started=t(started),
        ended=t(ended) if ended else None,
        owner=str(extra.pop("owner", "Customer Service")),
        customer_in_view=str(extra.pop("civ", "high")),
        **extra,  # type: ignore[arg-type]
    )


def _journey(order: str, visits: tuple[Visit, ...], **extra: object) -> Journey:
    public = extra.pop("public", None)
    locale = public.locale if isinstance(public, PublicInfo) and public.locale else SITE.locale
    zone = public.timezone if isinstance(public, PublicInfo) and public.timezone else SITE.timezone
    return Journey(
        order=order,
        title=str(extra.pop("title", f"Pump order {order}")),
        customer=Customer(display_name=str(extra.pop("name", "Acme Mills")), segment="key-account"),
        visits=visits,
        locale=locale,
        timezone=zone,
        public=public,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def _health_padding() -> tuple[Journey, ...]:
    """Five private orders through entry and prioritization, so the overview has bands."""
    found = []
    for day in range(1, 6):
        found.append(
            _journey(
                f"SO-09{day:02d}",
                (
                    _visit("entry", f"2026-04-0{day}T09:00:00+01:00", f"2026-04-0{day}T11:00:00+01:00"),
                    _visit("prioritization", f"2026-04-0{day}T11:00:00+01:00", f"2026-04-0{day + 1}T16:00:00+01:00"),
                ),
                status_written="open",
            )
        )
    return tuple(found)


def sample_content() -> Content:
    journeys = (
        _journey(
            "SO-1042",
            (
                _visit(
                    "entry",
                    "2026-04-01T09:12:00+01:00",
                    "2026-04-01T11:40:00+01:00",
                    public_note="We have your order and have checked the details.",
                    events=(Event(at=t("2026-04-01T09:30:00+01:00"), note="Credit check passed", public=False),),
                ),
                _visit("prioritization", "2026-04-01T11:40:00+01:00", "2026-04-02T10:00:00+01:00"),
                _visit(
                    "fulfillment",
                    "2026-04-03T08:00:00+01:00",
                    owner="Warehouse",
                    public_note="Your pump is being **packed** in Leeds.",
                    due=t("2026-04-12T17:00:00+01:00"),
                    events=(
                        Event(
                            at=t("2026-04-06T10:00:00+01:00"),
                            note="Waiting for a seal kit from our supplier.",
                            public=True,
                        ),
                    ),
                ),
            ),
            placed=t("2026-04-01T09:12:00+01:00"),
            promised=date(2026, 4, 8),
            public=PublicInfo(
                token="3q2-7wVwTnC1mZ8dR0a9Zg",
                health="delayed",
                expected=date(2026, 4, 14),
                health_note="A part is late from our supplier; we will update you by *Monday*.",
                next_update=t("2026-04-13T17:00:00+01:00"),
            ),
        ),
        _journey(
            "SO-1057",
            (
                _visit(
                    "entry", "2026-03-20T10:00:00+01:00", "2026-03-20T12:00:00+01:00", public_note="Bestellung geprüft."
                ),
                _visit("prioritization", "2026-03-20T12:00:00+01:00", "2026-03-21T09:00:00+01:00"),
                _visit("scheduling", "2026-03-21T09:00:00+01:00", "2026-03-23T09:00:00+01:00"),
                _visit(
                    "fulfillment", "2026-03-23T09:00:00+01:00", "2026-03-26T15:00:00+01:00", public_note="Zugestellt."
                ),
                _visit("billing", "2026-03-26T15:00:00+01:00", "2026-03-27T10:00:00+01:00", owner="Finance"),
            ),
            name="Müller Antriebe GmbH",
            placed=t("2026-03-20T10:00:00+01:00"),
            promised=date(2026, 3, 27),
            public=PublicInfo(token="Xk4_mPq9RsT2uVw8YzA1bC", locale="de-DE", timezone="Europe/Berlin"),
        ),
        _journey(
            "SO-1060",
            (_visit("entry", "2026-04-02T09:00:00+01:00", "2026-04-02T10:00:00+01:00"),),
            name="Brook & Sons",
            status_written="cancelled",
            closed_written=t("2026-04-04T16:00:00+01:00"),
            promised=date(2026, 4, 20),
            public=PublicInfo(token="cAnCeLlEd0000000000000", health="on-track"),
        ),
        _journey(
            "SO-1071",
            (
                _visit("entry", "2026-04-07T08:00:00+01:00", "2026-04-07T09:00:00+01:00"),
                _visit(
                    "prioritization",
                    "2026-04-07T09:00:00+01:00",
                    "2026-04-08T09:00:00+01:00",
                    public_note="Wir brauchen Ihre Freigabe der Zeichnung.",
                ),
            ),
            name="Kessel AG",
            status_written="open",
            public=PublicInfo(
                token="WaItInG_betweenDepts_01",
                locale="de-DE",
                timezone="Europe/Berlin",
                health="action-needed",
                next_update=t("2026-04-09T12:00:00+02:00"),
            ),
        ),
        _journey(
            "SO-1080",
            (_visit("entry", "2026-04-09T08:00:00+01:00"),),
            name="Private Order Ltd",
        ),
        *_health_padding(),
    )
    notices = (
        Notice(
            id="2026-04-leeds-delays",
            title=Localized.of("Shipping delays from our Leeds warehouse"),
            stages=("fulfillment",),
            impact="major",
            started=t("2026-04-03T08:00:00+01:00"),
            body=Localized.of("A conveyor fault slowed dispatch. We expect to catch up by **Monday**."),
        ),
        Notice(
            id="2026-03-invoice-run",
            title=Localized.of("Invoices sent late"),
            stages=("billing",),
            impact="minor",
            started=t("2026-03-25T08:00:00+01:00"),
            resolved=t("2026-03-26T12:00:00+01:00"),
            body=Localized.of("Our invoice run was delayed by a day."),
        ),
    )
    return Content(
        site=SITE,
        catalogue=_catalogue(),
        journeys=tuple(sorted(journeys, key=lambda j: j.order)),
        notices=notices,
    )
