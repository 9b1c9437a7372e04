"""One journey's figures (ANALYTICS.md "One journey"), each expectation worked by hand."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest
from analyze_builders import CATALOGUE, event, journey, t, visit

from omcreport.analyze import journey_figures, silence_gaps

H = 3_600
D = 86_400

# A completed journey with a revisit, a back-step, overlapping visits and four handoffs.
WINDING = journey(
    "SO-1",
    # v0 6 h; due 13:00 but ended 15:00: not kept. Public note: update at 03-01 09:00.
    visit("entry", "03-01 09:00", "03-01 15:00", owner="CS", civ="high", due="03-01 13:00", note="Got it"),
    # v1 20 h, overlaps v0 from 14:00 to 15:00; same owner: no handoff.
    visit("prioritization", "03-01 14:00", "03-02 10:00", owner="CS", civ="medium"),
    # v2 24 h; handoff CS -> WH waits 10:00 -> 12:00 = 2 h. Public event: update at 03-03 08:00.
    visit(
        "fulfillment",
        "03-02 12:00",
        "03-03 12:00",
        owner="WH",
        civ="low",
        events=(event("03-03 08:00", public=True), event("03-03 09:00")),
    ),
    # v3 1 h; handoff WH -> CS waits 03-03 12:00 -> 03-04 09:00 = 21 h; revisit; back-step (5 < 7).
    visit("prioritization", "03-04 09:00", "03-04 10:00", owner="CS", civ="none"),
    # v4 30 h; handoff CS -> WH waits 2 h; revisit, no back-step; ended exactly at due: kept.
    visit("fulfillment", "03-04 12:00", "03-05 18:00", owner="WH", due="03-05 18:00"),
    # v5 1 h; handoff WH -> FIN waits 03-05 18:00 -> 03-06 09:00 = 15 h. Note: update at 03-06 09:00.
    visit("billing", "03-06 09:00", "03-06 10:00", owner="FIN", note="Invoice sent"),
    promised=date(2026, 3, 6),
)
LATER = t("03-20 00:00")


def test_status_closed_span_lead_time_and_unattended_of_a_completed_journey() -> None:
    figures = journey_figures(WINDING, CATALOGUE, LATER)
    assert figures.status == "completed"  # no status written, no open visit
    assert figures.closed == t("03-06 10:00")  # the latest ended
    # Span 03-01 09:00 -> 03-06 10:00 = 5 d 1 h = 121 h (the clock is not used: completed).
    assert figures.span == 121 * H
    # Lead time: first entry started 03-01 09:00 -> last fulfillment ended 03-05 18:00 = 105 h.
    assert figures.lead_time == 105 * H
    # Union of visits: 25 h (v0 u v1) + 24 h + 1 h + 30 h + 1 h = 81 h; 121 - 81 = 40 h
    # (the gaps 2 h + 21 h + 2 h + 15 h).
    assert figures.unattended == 40 * H


def test_visit_times_time_in_stage_and_breaches() -> None:
    figures = journey_figures(WINDING, CATALOGUE, LATER)
    assert [v.time for v in figures.visits] == [6 * H, 20 * H, 24 * H, H, 30 * H, H]
    # Catalogue order; prioritization 20 + 1 = 21 h, fulfillment 24 + 30 = 54 h.
    assert [(s.stage, s.visits, s.time) for s in figures.stages] == [
        ("entry", 1, 6 * H),
        ("prioritization", 2, 21 * H),
        ("fulfillment", 2, 54 * H),
        ("billing", 1, H),
    ]
    assert figures.time_in_stage("pricing") == 0
    # entry 6 h > 4 h target; prioritization 21 h <= 1 d; fulfillment 54 h <= 5 d; billing 1 h <= 2 d.
    assert figures.breaches == ("entry",)


def test_handoffs_revisits_back_steps_and_path() -> None:
    figures = journey_figures(WINDING, CATALOGUE, LATER)
    assert [(h.from_owner, h.to_owner, h.from_position, h.to_position, h.wait) for h in figures.handoffs] == [
        ("CS", "WH", 1, 2, 2 * H),
        ("WH", "CS", 2, 3, 21 * H),
        ("CS", "WH", 3, 4, 2 * H),
        ("WH", "FIN", 4, 5, 15 * H),
    ]
    assert (figures.revisits, figures.back_steps) == (2, 1)
    assert [v.revisit for v in figures.visits] == [False, False, False, True, True, False]
    assert [v.back_step for v in figures.visits] == [False, False, False, True, False, False]
    assert figures.path == ("entry", "prioritization", "fulfillment", "prioritization", "fulfillment", "billing")


def test_customer_updates_silence_on_time_due_kept_and_customer_in_view() -> None:
    figures = journey_figures(WINDING, CATALOGUE, LATER)
    assert figures.customer_updates == (t("03-01 09:00"), t("03-03 08:00"), t("03-06 09:00"))
    # Moments 03-01 09:00, 03-01 09:00, 03-03 08:00, 03-06 09:00, 03-06 10:00:
    # gaps 0, 47 h, 73 h, 1 h; the longest is 73 h from 03-03 08:00 to 03-06 09:00.
    assert (figures.silence.seconds, figures.silence.start, figures.silence.end) == (
        73 * H,
        t("03-03 08:00"),
        t("03-06 09:00"),
    )
    assert silence_gaps(figures.start, figures.end, figures.customer_updates) == [
        (t("03-01 09:00"), t("03-01 09:00")),
        (t("03-01 09:00"), t("03-03 08:00")),
        (t("03-03 08:00"), t("03-06 09:00")),
        (t("03-06 09:00"), t("03-06 10:00")),
    ]
    assert figures.on_time is True  # last fulfillment ended 03-05 (UTC) <= promised 03-06
    assert [v.due_kept for v in figures.visits] == [False, None, None, None, True, None]
    # none 0, low 1, medium 2, high 3: entry 3; prioritization (2 + 0) / 2 = 1;
    # fulfillment (1 + 2) / 2 = 3/2; billing 2.
    assert [s.customer_in_view for s in figures.stages] == [3, 1, Fraction(3, 2), 2]
    assert [s.informed for s in figures.stages] == [True, False, True, True]


def test_an_open_visit_runs_to_now() -> None:
    now = t("03-10 12:00")
    j = journey(
        "SO-2",
        visit("entry", "03-09 22:00", "03-09 23:00", owner="CS"),
        visit("fulfillment", "03-10 00:00", owner="WH", due="03-10 06:00"),
    )
    figures = journey_figures(j, CATALOGUE, now)
    assert (figures.status, figures.closed, figures.end) == ("open", None, now)
    assert [v.time for v in figures.visits] == [H, 12 * H]  # the open one: 12:00 - 00:00
    assert figures.span == 14 * H  # 03-09 22:00 -> now
    assert figures.unattended == H  # 23:00 -> 00:00
    assert figures.lead_time is None  # the last fulfillment visit has not ended
    assert [v.due_kept for v in figures.visits] == [None, False]  # open and now after due
    # Not yet due: left out.
    assert journey_figures(j, CATALOGUE, t("03-10 05:00")).visits[1].due_kept is None
    # No customer update: the silence is the whole span.
    assert (figures.silence.seconds, figures.silence.start, figures.silence.end) == (14 * H, t("03-09 22:00"), now)


def test_a_waiting_order_is_still_on_the_clock() -> None:
    j = journey("SO-3", visit("entry", "03-01 09:00", "03-01 10:00"), status="open")
    figures = journey_figures(j, CATALOGUE, t("03-03 10:00"))
    assert (figures.status, figures.closed) == ("open", None)
    assert figures.span == 49 * H  # 03-01 09:00 -> now 03-03 10:00
    assert figures.unattended == 48 * H  # everything but the 1 h visit


def test_an_open_visit_overlaps_everything_after_it() -> None:
    j = journey(
        "SO-4",
        visit("entry", "03-01 09:00", owner="CS"),  # open
        visit("prioritization", "03-01 10:00", "03-01 11:00", owner="Planning"),
    )
    figures = journey_figures(j, CATALOGUE, t("03-01 12:00"))
    assert [(h.from_owner, h.to_owner, h.wait) for h in figures.handoffs] == [("CS", "Planning", 0)]
    assert figures.unattended == 0  # the open visit covers 09:00 -> now
    assert figures.span == 3 * H


def test_a_cancelled_journey_has_no_lead_time_and_is_never_judged_on_time() -> None:
    j = journey(
        "SO-5",
        visit("entry", "03-01 00:00", "03-01 02:00"),
        visit("fulfillment", "03-01 03:00", "03-02 00:00"),
        status="cancelled",
        closed="03-04 00:00",
        promised=date(2026, 3, 1),
    )
    figures = journey_figures(j, CATALOGUE, t("03-10 00:00"))
    assert (figures.status, figures.closed, figures.lead_time, figures.on_time) == (
        "cancelled",
        t("03-04 00:00"),
        None,
        None,
    )
    assert figures.span == 72 * H  # to closed as written, not to the last ended
    assert figures.unattended == 49 * H  # 72 h - 2 h - 21 h


def test_lead_time_starts_at_the_first_entry_visit_else_the_first_visit() -> None:
    quote = visit("pricing", "03-01 00:00", "03-02 00:00")
    ship = visit("fulfillment", "03-02 06:00", "03-03 06:00")
    # No entry: from the first visit, 03-01 00:00 -> 03-03 06:00 = 2 d 6 h.
    assert journey_figures(journey("SO-6", quote, ship), CATALOGUE, t("03-10 00:00")).lead_time == 2 * D + 6 * H
    # With entry at 03-02 00:00 (after pricing): from there, 1 d 6 h.
    entered = journey("SO-6", quote, visit("entry", "03-02 00:00", "03-02 01:00"), ship)
    assert journey_figures(entered, CATALOGUE, t("03-10 00:00")).lead_time == D + 6 * H


def test_silence_counts_only_updates_within_the_span_and_ties_keep_the_first_gap() -> None:
    # Two 2 h gaps (09:00 -> 11:00 update -> 13:00 end): the first one is reported.
    j = journey("SO-7", visit("entry", "03-01 09:00", "03-01 13:00", events=(event("03-01 11:00", public=True),)))
    silence = journey_figures(j, CATALOGUE, t("03-02 00:00")).silence
    assert (silence.seconds, silence.start, silence.end) == (2 * H, t("03-01 09:00"), t("03-01 11:00"))
    # A single instant journey: silence 0 at its start.
    instant = journey("SO-8", visit("entry", "03-01 09:00", "03-01 09:00"))
    assert journey_figures(instant, CATALOGUE, t("03-02 00:00")).silence.seconds == 0


@pytest.mark.parametrize(
    ("zone", "ended", "promised", "expected"),
    [
        # 2026-03-05T12:00Z is 03-06 01:00 in Auckland (UTC+13): after promised 03-05, late.
        ("Pacific/Auckland", "2026-03-05T12:00:00+00:00", date(2026, 3, 5), False),
        # The same moment in UTC is 03-05: on time.
        ("UTC", "2026-03-05T12:00:00+00:00", date(2026, 3, 5), True),
        # 2026-03-06T03:00Z is 03-05 22:00 in New York (UTC-5): on time for 03-05.
        ("America/New_York", "2026-03-06T03:00:00+00:00", date(2026, 3, 5), True),
        ("UTC", "2026-03-06T03:00:00+00:00", date(2026, 3, 5), False),
    ],
)
def test_on_time_compares_dates_in_the_journeys_timezone(zone: str, ended: str, promised: date, expected: bool) -> None:
    j = journey("SO-9", visit("fulfillment", "2026-03-01T00:00:00+00:00", ended), promised=promised, timezone=zone)
    assert journey_figures(j, CATALOGUE, t("03-20 00:00")).on_time is expected


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        # Open fulfillment, promised 03-05. Now 2026-03-05T23:30Z: 03-05 in UTC, not yet judged...
        ("UTC", "2026-03-05T23:30:00+00:00", None),
        # ...but 03-06 12:30 in Auckland: now's date is after promised, late.
        ("Pacific/Auckland", "2026-03-05T23:30:00+00:00", False),
        ("UTC", "2026-03-06T00:00:00+00:00", False),
    ],
)
def test_an_unfinished_fulfillment_is_late_once_nows_date_passes_the_promise(
    zone: str, now: str, expected: bool | None
) -> None:
    j = journey("SO-10", visit("fulfillment", "03-01 00:00"), promised=date(2026, 3, 5), timezone=zone)
    assert journey_figures(j, CATALOGUE, t(now)).on_time is expected


def test_a_completed_journey_without_fulfillment_is_judged_by_its_closed_date() -> None:
    late = journey("SO-11", visit("entry", "03-01 00:00", "03-07 00:00"), promised=date(2026, 3, 6))
    assert journey_figures(late, CATALOGUE, t("03-20 00:00")).on_time is False  # closed 03-07 > 03-06
    unjudged = journey("SO-12", visit("entry", "03-01 00:00", "03-06 23:00"), promised=date(2026, 3, 6))
    assert journey_figures(unjudged, CATALOGUE, t("03-20 00:00")).on_time is None  # closed 03-06, not after
    no_promise = journey("SO-13", visit("fulfillment", "03-01 00:00", "03-07 00:00"))
    assert journey_figures(no_promise, CATALOGUE, t("03-20 00:00")).on_time is None


def test_a_last_fulfillment_reopened_is_judged_by_the_last_visit() -> None:
    # First fulfillment ended in time, but the last one (after a back-step) is open and now is past the promise.
    j = journey(
        "SO-14",
        visit("fulfillment", "03-01 00:00", "03-02 00:00"),
        visit("prioritization", "03-02 01:00", "03-02 02:00"),
        visit("fulfillment", "03-02 03:00"),
        promised=date(2026, 3, 3),
    )
    figures = journey_figures(j, CATALOGUE, t("03-04 00:00"))
    assert (figures.on_time, figures.lead_time) == (False, None)


def test_sub_second_timestamps_stay_exact() -> None:
    j = journey("SO-15", visit("entry", "2026-03-01T00:00:00+00:00", "2026-03-01T00:00:00.5+00:00"))
    assert journey_figures(j, CATALOGUE, t("03-02 00:00")).visits[0].time == Fraction(1, 2)


def test_a_naive_now_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        journey_figures(WINDING, CATALOGUE, datetime(2026, 3, 20))
