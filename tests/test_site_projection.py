"""The public projection decides what a customer's page shows (FORMAT.md)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from omcreport.catalogue import built_in_catalogue
from omcreport.model import Content, Customer, Event, Journey, Notice, PublicInfo, Site, Visit
from omcreport.site.projection import OrderProjection, project_order

AS_OF = datetime.fromisoformat("2026-04-10T12:00:00+00:00")
CATALOGUE = built_in_catalogue()


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 4, day, hour, tzinfo=AS_OF.tzinfo)


def visit(stage: str, start: int, end: int | None = None, **extra: object) -> Visit:
    return Visit(
        stage=stage,
        started=at(start),
        ended=at(end) if end is not None else None,
        owner="Dept",
        customer_in_view="low",
        **extra,  # type: ignore[arg-type]
    )


def project(*visits: Visit, notices: tuple[Notice, ...] = (), **extra: object) -> OrderProjection:
    public = extra.pop("public", PublicInfo(token="a" * 22))
    journey = Journey(
        order="SO-1",
        title="internal",
        customer=Customer(display_name="Acme"),
        visits=visits,
        locale="en",
        timezone="UTC",
        public=public,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
    site = Site(name="Shop", base_url="https://t.example/")
    return project_order(journey, Content(site=site, catalogue=CATALOGUE, journeys=(journey,), notices=notices), AS_OF)


def states(p: OrderProjection) -> dict[str, str]:
    return {step.key: step.state + ("+next" if step.is_next else "") for step in p.timeline}


def test_open_order_in_fulfillment_marks_done_current_and_next() -> None:
    p = project(visit("entry", 1, 1), visit("prioritization", 2, 3), visit("fulfillment", 4))
    assert states(p) == {
        "pricing": "skipped",  # never visited, and the order is past it
        "entry": "done",
        "prioritization": "done",
        "scheduling": "skipped",
        "fulfillment": "current",
        "billing": "upcoming+next",
    }
    assert (p.current, p.next, p.order_status) == ("fulfillment", "billing", "OrderInTransit")


def test_waiting_between_departments_is_current_at_the_latest_started_visit() -> None:
    p = project(visit("entry", 1, 2), visit("prioritization", 2, 3), status_written="open")
    assert p.current == "prioritization"
    assert p.next == "scheduling"
    assert p.order_status == "OrderProcessing"


def test_non_public_current_stage_is_shown_at_the_nearest_public_one_before_it() -> None:
    catalogue = dataclasses.replace(
        CATALOGUE,
        stages=tuple(dataclasses.replace(s, public=False) if s.key == "scheduling" else s for s in CATALOGUE.stages),
    )
    journey = Journey(
        order="SO-2",
        title="t",
        customer=Customer(display_name="A"),
        visits=(visit("entry", 1, 2), visit("prioritization", 2, 3), visit("scheduling", 3)),
        locale="en",
        timezone="UTC",
        public=PublicInfo(token="b" * 22),
    )
    site = Site(name="Shop", base_url="https://t.example/")
    p = project_order(journey, Content(site=site, catalogue=catalogue, journeys=(journey,)), AS_OF)
    assert p.current == "prioritization"
    assert "scheduling" not in states(p)
    assert p.next == "fulfillment"


def test_no_public_stage_before_the_current_one_means_none_is_current() -> None:
    p = project(visit("planning", 1))
    assert p.current is None
    assert "current" not in states(p).values()
    assert p.next == "pricing"


def test_completed_order_shows_only_visited_public_stages_all_done() -> None:
    p = project(visit("planning", 1, 1), visit("entry", 1, 2), visit("fulfillment", 3, 4), visit("billing", 4, 5))
    assert states(p) == {"entry": "done", "fulfillment": "done", "billing": "done"}
    assert (p.current, p.next, p.order_status) == (None, None, "OrderDelivered")


def test_cancelled_order_is_cancelled_whatever_health_says() -> None:
    p = project(
        visit("entry", 1, 2),
        status_written="cancelled",
        closed_written=at(3),
        public=PublicInfo(token="c" * 22, health="problem"),
    )
    assert (p.health, p.order_status, p.closed) == ("cancelled", "OrderCancelled", at(3))


def test_derived_closed_is_never_shown() -> None:
    p = project(visit("entry", 1, 2))
    assert p.status == "completed"
    assert p.closed is None


@pytest.mark.parametrize(
    ("current", "health", "expected"),
    [
        ("returns", "on-track", "OrderReturned"),
        ("billing", "on-track", "OrderPaymentDue"),
        ("billing", "problem", "OrderProblem"),
        ("prioritization", "on-track", "OrderProcessing"),
    ],
)
def test_order_status_follows_the_first_rule_that_holds(current: str, health: str, expected: str) -> None:
    p = project(visit("entry", 1, 2), visit(current, 3), public=PublicInfo(token="d" * 22, health=health))
    assert p.order_status == expected


def test_returns_and_postsales_join_the_timeline_once_visited() -> None:
    p = project(visit("fulfillment", 1, 2), visit("returns", 3))
    assert list(states(p))[-1] == "returns"
    assert "postsales" not in states(p)


def test_promises_already_past_are_not_shown() -> None:
    past = PublicInfo(token="e" * 22, expected=date(2026, 4, 9), next_update=at(10, 11))
    future = PublicInfo(token="e" * 22, expected=date(2026, 4, 10), next_update=at(10, 13))
    assert (project(visit("entry", 1), public=past).expected, project(visit("entry", 1), public=past).next_update) == (
        None,
        None,
    )
    shown = project(visit("entry", 1), public=future)
    assert (shown.expected, shown.next_update) == (date(2026, 4, 10), at(10, 13))
    assert shown.delivery == date(2026, 4, 10)


def test_last_updated_is_the_latest_customer_update_and_internal_events_are_dropped() -> None:
    events = (
        Event(at=at(5), note="public one", public=True),
        Event(at=at(6), note="internal one", public=False),
    )
    p = project(visit("entry", 1, 2, public_note="hello"), visit("fulfillment", 3, events=events))
    assert p.last_updated == at(5)
    assert [str(u.note) for u in p.updates] == ["hello", "public one"]
    fulfillment = next(step for step in p.timeline if step.key == "fulfillment")
    assert [str(e.note) for e in fulfillment.visits[0].events] == ["public one"]


def test_tracking_page_shows_ongoing_notices_on_its_current_stage_only() -> None:
    def notice(notice_id: str, stage: str, resolved: datetime | None = None) -> Notice:
        return Notice(
            id=notice_id, title=notice_id, stages=(stage,), impact="minor", started=at(1), body="b", resolved=resolved
        )

    notices = (notice("n-on", "fulfillment"), notice("n-other", "billing"), notice("n-done", "fulfillment", at(2)))
    p = project(visit("fulfillment", 3), notices=notices)
    assert [n.id for n in p.notices] == ["n-on"]
