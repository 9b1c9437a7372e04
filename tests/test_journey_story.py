"""The journey report's story: sentences generated from one order's figures and facts,
in stage names, on hand-made journeys."""

from __future__ import annotations

from datetime import UTC, date, datetime

from omcreport.analyze import journey_figures
from omcreport.model import Journey
from omcreport.reports.journey_story import journey_story, spelled
from tests.analyze_builders import CATALOGUE, journey, visit

AS_OF = datetime(2026, 3, 20, 12, tzinfo=UTC)
STAGE_KEYS = [stage.key for stage in CATALOGUE.stages]


def story(j: Journey, as_of: datetime = AS_OF) -> str:
    text = " ".join(journey_story(j, journey_figures(j, CATALOGUE, as_of), CATALOGUE, as_of))
    # Stage names, never raw keys: with every name taken out, no key is left.
    rest = text.replace("From entry to delivery", "")  # the word, not the stage
    for stage in sorted(CATALOGUE.stages, key=lambda s: -len(s.name)):
        rest = rest.replace(stage.name, "")
    for key in STAGE_KEYS:
        assert key not in rest, (key, text)
    return text


def test_durations_are_spelled_from_the_printing_rules() -> None:
    assert spelled(88_200) == "1 day 1 hour"
    assert spelled(2 * 86_400 + 4 * 3600) == "2 days 4 hours"
    assert spelled(35 * 60) == "35 minutes"
    assert spelled(0) == "0 seconds"


def test_late_order_says_how_late_where_the_silence_fell_and_when_the_customer_heard() -> None:
    j = journey(
        "L1",
        visit("entry", "03-01 09:00", "03-01 10:00", note="Received"),
        visit("prioritization", "03-01 10:00", "03-02 10:00", owner="Credit", due="03-01 12:00"),
        visit("fulfillment", "03-02 10:00", "03-12 10:00", owner="Plant"),
        visit("billing", "03-12 10:00", "03-12 11:00", owner="Finance", note="Invoice sent"),
        promised=date(2026, 3, 9),
    )
    text = story(j)
    assert text.startswith("Promised 9 Mar, delivered 12 Mar: 3 days late.")
    assert "From entry to delivery took 11 days 1 hour, in 4 visits to 4 stages by 4 departments." in text
    # Entry's note at 1 Mar 09:00, billing's at 12 Mar 10:00: the silence is that gap,
    # and fulfillment covers most of it.
    assert "The longest silence, 11 days 1 hour, came while Fulfillment held it" in text
    # Prioritization was due 1 Mar 12:00; the next word came with billing's note.
    assert (
        "the customer heard 10 days 22 hours after the first missed due date (Order selection and prioritization, "
        "due 1 Mar)." in text
    )
    assert "Fulfillment ran furthest over its target: 10 days against 5 days." in text


def test_on_time_order_and_a_back_step() -> None:
    j = journey(
        "T1",
        visit("entry", "03-01 09:00", "03-01 10:00", note="Received"),
        visit("fulfillment", "03-01 10:00", "03-02 10:00", owner="Plant"),
        visit("prioritization", "03-02 10:00", "03-02 11:00", owner="Credit"),
        visit("fulfillment", "03-02 11:00", "03-03 10:00", owner="Plant", note="Shipped"),
        promised=date(2026, 3, 5),
    )
    text = story(j)
    assert text.startswith("Promised 5 Mar, delivered 3 Mar: 2 days early.")
    assert "It went back a step once: Fulfillment back to Order selection and prioritization." in text
    assert "missed due date" not in text


def test_open_order_says_where_it_sits_and_that_nobody_told_the_customer_since_a_missed_due() -> None:
    j = journey(
        "O1",
        visit("entry", "03-10 09:00", "03-10 10:00", note="Received"),
        visit("scheduling", "03-10 10:00", owner="Planning", due="03-12 10:00"),
        promised=date(2026, 3, 25),
    )
    text = story(j)
    assert text.startswith("Promised 25 Mar; not delivered yet, 5 days to go.")
    assert "It has been open 10 days 3 hours so far" in text
    assert "It now sits in Scheduling with Planning, for 10 days 2 hours so far." in text
    assert (
        "since the first missed due date (Scheduling, due 12 Mar) the customer has heard nothing, 8 days 2 hours on"
        in text
    )


def test_open_order_past_its_promise_is_late_on_the_as_of_day() -> None:
    j = journey(
        "O2",
        visit("entry", "03-10 09:00", "03-10 10:00"),
        visit("fulfillment", "03-11 09:00", owner="Plant"),
        promised=date(2026, 3, 15),
    )
    text = story(j)
    assert text.startswith("Promised 15 Mar and not delivered yet: 5 days late on 20 Mar.")
    assert "The customer never heard from us: 10 days 3 hours of silence, most of it while Fulfillment held it." in text


def test_cancelled_order_says_when_and_where() -> None:
    j = journey(
        "C1",
        visit("entry", "03-01 09:00", "03-01 10:00"),
        visit("prioritization", "03-01 10:00", "03-04 09:00", owner="Credit"),
        status="cancelled",
        closed="03-04 09:00",
        promised=date(2026, 3, 10),
    )
    text = story(j)
    assert text.startswith(
        "Cancelled on 4 Mar after 3 days, in Order selection and prioritization. It had been promised for 10 Mar."
    )
    assert "It made 2 visits to 2 stages by 2 departments." in text
    assert "delivered" not in text


def test_no_promise() -> None:
    j = journey(
        "N1",
        visit("entry", "03-01 09:00", "03-01 10:00", note="Received"),
        visit("fulfillment", "03-01 10:00", "03-02 10:00", owner="Plant"),
    )
    assert story(j).startswith("Delivered 2 Mar, with no delivery date promised.")
    direct = journey(
        "N3", visit("pricing", "03-01 09:00", "03-01 10:00"), visit("fulfillment", "03-01 10:00", "03-02 10:00")
    )
    assert "From the first visit to delivery took 1 day 1 hour" in story(direct)
    still = journey("N2", visit("entry", "03-01 09:00", "03-01 10:00"), visit("pricing", "03-01 10:00", owner="Eng"))
    assert story(still).startswith("Not delivered yet, and no delivery date was promised.")


def test_no_silence() -> None:
    # One instant: an entry visit that started and ended with its note.
    j = journey("S0", visit("entry", "03-01 09:00", "03-01 09:00", note="Received"), status="completed")
    text = story(j)
    assert "The customer was never left without news." in text
    assert "longest silence" not in text


def test_dates_of_another_year_carry_the_year() -> None:
    j = journey(
        "Y1",
        visit("entry", "2025-12-20T09:00:00+00:00", "2025-12-20T10:00:00+00:00"),
        visit("fulfillment", "2025-12-20T10:00:00+00:00", "2025-12-30T10:00:00+00:00", owner="Plant"),
        promised=date(2025, 12, 24),
    )
    assert story(j).startswith("Promised 24 Dec 2025, delivered 30 Dec 2025: 6 days late.")
