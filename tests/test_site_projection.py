"""The public projection decides what a customer's page shows (FORMAT.md)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from omcreport.catalogue import built_in_catalogue
from omcreport.model import Content, Customer, Event, Journey, Localized, Notice, PublicInfo, Site, Visit
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
    return {step.key: step.state + ("+next" if step.is_next else "") for step in p.progress}


def test_open_order_in_fulfillment_marks_done_current_and_next() -> None:
    p = project(visit("entry", 1, 1), visit("prioritization", 2, 3), visit("fulfillment", 4))
    # pricing and scheduling were never visited and the order is past them: left out.
    assert states(p) == {
        "entry": "done",
        "prioritization": "done",
        "fulfillment": "current",
        "delivered": "upcoming",
        "billing": "upcoming+next",
    }
    assert (p.current, p.next, p.order_status) == ("fulfillment", "billing", "OrderProcessing")
    labels = {step.key: step.label for step in p.progress}
    assert (labels["entry"], labels["fulfillment"], labels["delivered"], labels["billing"]) == (
        "Order received",
        "Being prepared",
        "Delivery",
        "Invoice",
    )


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
    assert states(p) == {"entry": "done", "fulfillment": "done", "delivered": "done", "billing": "done"}
    assert (p.current, p.next, p.order_status) == (None, None, "OrderDelivered")
    assert (p.delivered_on, p.headline.kind, p.headline.day, p.health) == (
        date(2026, 4, 4),
        "delivered",
        date(2026, 4, 4),
        None,
    )


def test_cancelled_order_is_cancelled_whatever_health_says() -> None:
    p = project(
        visit("entry", 1, 2),
        status_written="cancelled",
        closed_written=at(3),
        public=PublicInfo(token="c" * 22, health="problem"),
    )
    assert (p.health, p.order_status, p.closed) == ("cancelled", "OrderCancelled", at(3))
    assert (p.headline.kind, p.headline.day, p.delivery, p.promise_open) == ("cancelled", date(2026, 4, 3), None, False)
    assert "delivered" not in states(p)
    assert p.last_updated == at(3)  # never earlier than the cancellation


def test_derived_closed_is_never_shown() -> None:
    p = project(visit("entry", 1, 2))
    assert p.status == "completed"
    assert p.closed is None


@pytest.mark.parametrize(
    ("current", "health", "expected"),
    [
        ("returns", "on-track", "OrderReturned"),
        ("billing", "on-track", "OrderPaymentDue"),
        ("fulfillment", "on-track", "OrderProcessing"),
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


def test_tracking_page_shows_ongoing_notices_on_its_current_stage_only() -> None:
    def notice(notice_id: str, stage: str, resolved: datetime | None = None) -> Notice:
        return Notice(
            id=notice_id,
            title=Localized.of(notice_id),
            stages=(stage,),
            impact="minor",
            started=at(1),
            body=Localized.of("b"),
            resolved=resolved,
        )

    notices = (notice("n-on", "fulfillment"), notice("n-other", "billing"), notice("n-done", "fulfillment", at(2)))
    p = project(visit("fulfillment", 3), notices=notices)
    assert [n.id for n in p.notices] == ["n-on"]


def test_a_later_visit_to_an_earlier_stage_undoes_delivered_until_fulfillment_ends_again() -> None:
    redelivery = project(
        visit("entry", 1, 1), visit("fulfillment", 2, 3), visit("prioritization", 4, 5), visit("fulfillment", 6)
    )
    assert redelivery.delivered_at is None
    assert states(redelivery)["delivered"] == "upcoming"
    done = project(
        visit("entry", 1, 1), visit("fulfillment", 2, 3), visit("prioritization", 4, 5), visit("fulfillment", 6, 7)
    )
    assert done.delivered_at == at(7)


def test_written_on_track_on_a_late_open_order_is_shown_as_delayed_and_the_headline_says_late() -> None:
    p = project(visit("entry", 1, 1), visit("prioritization", 2), promised=date(2026, 4, 8))
    assert (p.late, p.health, p.health_from_lateness) == (True, "delayed", True)
    assert (p.headline.kind, p.headline.promised) == ("late", date(2026, 4, 8))
    assert p.delivery is None  # the promise is past: no calendar date


def test_estimate_after_the_promise_is_late_even_before_the_promised_day() -> None:
    public = PublicInfo(token="f" * 22, expected=date(2026, 4, 20), health="delayed")
    p = project(visit("entry", 1, 1), visit("scheduling", 2), promised=date(2026, 4, 14), public=public)
    assert (p.late, p.health, p.health_from_lateness) == (True, "delayed", False)
    assert (p.headline.kind, p.headline.estimate) == ("late", date(2026, 4, 20))
    assert p.delivery == date(2026, 4, 20)


def test_open_order_on_time_arrives_by_its_estimate_else_its_promise() -> None:
    promised = project(visit("entry", 1, 1), visit("scheduling", 2), promised=date(2026, 4, 14))
    assert (promised.headline.kind, promised.headline.day, promised.health) == (
        "arriving",
        date(2026, 4, 14),
        "on-track",
    )
    no_date = project(visit("entry", 1, 1), visit("scheduling", 2))
    assert (no_date.headline.kind, no_date.headline.stage) == ("stage", "scheduling")
    assert no_date.current_label == "Scheduling your order"


def test_delivered_late_headline_names_the_promise_and_no_banner_is_shown() -> None:
    p = project(visit("entry", 1, 1), visit("fulfillment", 2, 9), promised=date(2026, 4, 6))
    assert (p.headline.kind, p.headline.day, p.headline.promised) == ("delivered", date(2026, 4, 9), date(2026, 4, 6))
    assert (p.late, p.health, p.promise_open, p.delivery) == (True, None, False, None)


def test_after_delivery_a_current_returns_visit_heads_the_page_and_action_needed_stays() -> None:
    public = PublicInfo(token="g" * 22, health="action-needed")
    p = project(visit("entry", 1, 1), visit("fulfillment", 2, 3), visit("returns", 5), public=public)
    assert (p.headline.kind, p.headline.stage, p.headline.day) == ("after-delivery", "returns", date(2026, 4, 3))
    assert p.health == "action-needed"
    assert states(p)["returns"] == "current"


def test_a_passed_next_update_with_no_update_since_is_overdue() -> None:
    public = PublicInfo(token="h" * 22, next_update=at(8))
    overdue = project(visit("entry", 1, 1, public_note="hi"), visit("scheduling", 2), public=public)
    assert (overdue.overdue_update, overdue.next_update) == (at(8), None)
    events = (Event(at=at(9), note="news", public=True),)
    answered = project(visit("entry", 1, 1), visit("scheduling", 2, events=events), public=public)
    assert answered.overdue_update is None


def test_a_completed_order_never_delivered_has_no_delivery_step_to_come() -> None:
    p = project(visit("pricing", 1, 2), status_written="completed", closed_written=at(2))
    assert states(p) == {"pricing": "done"}
    assert (p.headline.kind, p.delivered_at) == ("complete", None)
