"""Figures across journeys (ANALYTICS.md "Across journeys"), each worked out by hand.

The fixture, now = 03-20 00:00 UTC:
  A key  completed  entry 03-01 00-06 (CS, high, note) | fulfillment 03-02 00 -> 03-04 00 (WH, low, due 03-04 00)
         span 72 h, lead 72 h, unattended 18 h, silence 72 h, on time (03-04 <= promised 03-05)
  B key  open       entry 03-10 00-08 (CS, medium, due 04:00) | fulfillment 03-10 10:00 open (WH, none, due 03-25)
         span 240 h, lead -, unattended 2 h, silence 240 h, late (now 03-20 > promised 03-10), EUR 250.50
  C -    waiting    entry 03-15 00-02 (Sales, high, note) | prioritization 02-04 (CS, low) | entry 05-06 (Sales)
         span 120 h, lead -, unattended 115 h, silence 120 h, not judged (promised 03-30)
  D smb  cancelled  entry 03-01 00-01 (CS, low) | fulfillment 03-01 01:00 -> 03-02 01:00 (WH, medium, due 03-01 12:00)
         closed 03-03 00:00: span 48 h, lead -, unattended 23 h, silence 48 h, not judged (cancelled)
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from analyze_builders import CATALOGUE, content, journey, observation, t, visit

from omcreport.analyze import Summary, findings
from omcreport.model import Catalogue, Journey

H = 3_600
D = 86_400
NOW = t("03-20 00:00")

A = journey(
    "A",
    visit("entry", "03-01 00:00", "03-01 06:00", owner="CS", civ="high", note="Received"),
    visit("fulfillment", "03-02 00:00", "03-04 00:00", owner="WH", civ="low", due="03-04 00:00"),
    promised=date(2026, 3, 5),
    segment="key",
    value=("100", "EUR"),
)
B = journey(
    "B",
    visit("entry", "03-10 00:00", "03-10 08:00", owner="CS", civ="medium", due="03-10 04:00"),
    visit("fulfillment", "03-10 10:00", owner="WH", civ="none", due="03-25 00:00"),
    promised=date(2026, 3, 10),
    segment="key",
    value=("250.50", "EUR"),
)
C = journey(
    "C",
    visit("entry", "03-15 00:00", "03-15 02:00", owner="Sales", civ="high", note="Thanks"),
    visit("prioritization", "03-15 02:00", "03-15 04:00", owner="CS", civ="low"),
    visit("entry", "03-15 05:00", "03-15 06:00", owner="Sales", civ="medium"),
    status="open",
    promised=date(2026, 3, 30),
    value=("7", "USD"),
)
DROPPED = journey(
    "D",
    visit("entry", "03-01 00:00", "03-01 01:00", owner="CS", civ="low"),
    visit("fulfillment", "03-01 01:00", "03-02 01:00", owner="WH", civ="medium", due="03-01 12:00"),
    status="cancelled",
    closed="03-03 00:00",
    promised=date(2026, 3, 2),
    segment="smb",
    value=("999", "EUR"),
)
OBSERVATIONS = (
    observation("O-2", "billing", "high", "open", orders=("A", "B"), tags=("invoice", "clarity")),  # 4 x 2 = 8
    observation("O-1", "entry", "critical", "resolved", tags=("invoice",)),  # 8 x 1 (no orders: at least 1)
    observation("O-3", "entry", "medium", "in-progress", orders=("A", "B", "C"), tags=("speed",)),  # 2 x 3 = 6
    observation("O-4", "fulfillment", "low", "open", tags=("Speed",)),  # 1
    observation("O-5", "fulfillment", "medium", "wont-fix", orders=("D",)),  # 2
)
FOUR = content(A, B, C, DROPPED, observations=OBSERVATIONS)


def test_headline_summaries_over_all_journeys() -> None:
    f = findings(FOUR, NOW)
    assert f.journeys == 4
    assert f.lead_time == Summary(1, 72 * H, 72 * H, 72 * H)  # only A has one
    # Spans 48, 72, 120, 240 h: median (72 + 120) / 2 = 96 h; p90 rank 2.7: 120 + 0.7 * 120 = 204 h.
    assert f.journey_span == Summary(4, 96 * H, 204 * H, 240 * H)
    # Unattended 2, 18, 23, 115 h: median 20.5 h; p90 23 + 0.7 * 92 = 87.4 h.
    assert f.unattended == Summary(4, Fraction(41, 2) * H, Fraction(874, 10) * H, 115 * H)
    # No update inside a gap longer than the span's: silences equal spans here.
    assert f.silence == Summary(4, 96 * H, 204 * H, 240 * H)
    # On time: A yes, B no; C not yet judged; D cancelled -> 1 of 2.
    assert (f.on_time.n, f.on_time.rate) == (2, Fraction(1, 2))
    # Due: A's fulfillment kept (ended at due), B's entry not, D's fulfillment not; B's open
    # fulfillment is not yet due -> 1 of 3.
    assert (f.due_kept.n, f.due_kept.rate) == (3, Fraction(1, 3))


def test_per_stage_figures() -> None:
    f = findings(FOUR, NOW)
    entry = f.stage("entry")
    # Time in entry: A 6, B 8, C 2 + 1 = 3, D 1 h -> sorted 1 3 6 8: median 4.5 h, p90 6 + 0.7 * 2 = 7.4 h.
    assert (entry.n, entry.visits) == (4, 5)
    assert entry.time == Summary(4, Fraction(9, 2) * H, Fraction(74, 10) * H, 8 * H)
    assert entry.breach_rate == Fraction(2, 4)  # A 6 h and B 8 h exceed 4 h
    assert entry.revisit_rate == Fraction(1, 4)  # C
    # Customer in view per journey: A 3, B 2, C (3 + 2) / 2 = 2.5, D 1 -> 8.5 / 4 = 17/8.
    assert entry.customer_in_view == Fraction(17, 8)
    assert entry.informed_rate == Fraction(2, 4)  # A and C have a public note

    fulfillment = f.stage("fulfillment")
    # A 48 h, B open 03-10 10:00 -> now = 230 h, D 24 h -> median 48 h; p90 rank 1.8: 48 + 0.8 * 182 = 193.6 h.
    assert fulfillment.time == Summary(3, 48 * H, Fraction(1936, 10) * H, 230 * H)
    assert (fulfillment.breach_rate, fulfillment.revisit_rate) == (Fraction(1, 3), 0)  # B over 5 d
    assert (fulfillment.customer_in_view, fulfillment.informed_rate) == (1, 0)  # (1 + 0 + 2) / 3

    prioritization = f.stage("prioritization")
    assert (prioritization.n, prioritization.time.median, prioritization.breach_rate) == (1, 2 * H, 0)

    # A stage nobody visited: n 0 and every figure null; all ten stages listed in catalogue order.
    pricing = f.stage("pricing")
    assert (pricing.n, pricing.visits, pricing.time.median, pricing.breach_rate) == (0, 0, None, None)
    assert (pricing.revisit_rate, pricing.customer_in_view, pricing.informed_rate) == (None, None, None)
    assert [s.stage for s in f.stages] == list(CATALOGUE.keys)
    # planning is not public: no informed rate; postsales has no target: no breach rate.
    assert f.stage("planning").informed_rate is None


def test_handoffs_paths_and_bottleneck() -> None:
    f = findings(FOUR, NOW)
    # CS -> WH: A waits 18 h, B 2 h, D 0 -> median 2 h. C: Sales -> CS at 02:00 sharp (0),
    # CS -> Sales 04:00 -> 05:00 (1 h). Ties on count by from: "CS" < "Sales".
    assert [(h.from_owner, h.to_owner, h.count, h.wait_median) for h in f.handoffs] == [
        ("CS", "WH", 3, 2 * H),
        ("CS", "Sales", 1, H),
        ("Sales", "CS", 1, 0),
    ]
    assert [(p.path, p.count, p.share) for p in f.paths] == [
        (("entry", "fulfillment"), 3, Fraction(3, 4)),
        (("entry", "prioritization", "entry"), 1, Fraction(1, 4)),
    ]
    # Stages with a target and n >= 3: entry 4.5 h / 4 h = 1.125, fulfillment 48 h / 120 h = 0.4.
    assert f.bottleneck == "entry"


def test_observation_weights_and_rankings() -> None:
    f = findings(FOUR, NOW)
    # Heaviest first, ties by id: O-1 and O-2 weigh 8.
    assert [(o.id, o.weight) for o in f.observations] == [("O-1", 8), ("O-2", 8), ("O-3", 6), ("O-5", 2), ("O-4", 1)]
    # Open and in-progress only: billing 8 (O-2), entry 6 (O-3; O-1 resolved), fulfillment 1 (O-4; O-5 wont-fix).
    assert [(r.name, r.weight) for r in f.observations_by_stage] == [("billing", 8), ("entry", 6), ("fulfillment", 1)]
    # Tags: clarity 8 and invoice 8 tie (code point order), speed 6, Speed 1 (tags are case-sensitive).
    assert [(r.name, r.weight) for r in f.observations_by_tag] == [
        ("clarity", 8),
        ("invoice", 8),
        ("speed", 6),
        ("Speed", 1),
    ]


def test_stage_ranking_ties_go_in_catalogue_order_not_alphabetical() -> None:
    tied = (observation("X", "billing", "medium"), observation("Y", "entry", "medium"))
    f = findings(content(observations=tied), NOW)
    assert [(r.name, r.weight) for r in f.observations_by_stage] == [("entry", 2), ("billing", 2)]


def test_segments_months_and_value_at_risk() -> None:
    f = findings(FOUR, NOW)
    # "(none)" < "key" < "smb" in code point order.
    assert [(s.name, s.journeys) for s in f.segments] == [("(none)", 1), ("key", 2), ("smb", 1)]
    key = f.segments[1]
    # key: spans 72 and 240 h -> median 156 h, p90 72 + 0.9 * 168 = 223.2 h; lead A only; on time 1 of 2.
    assert key.journey_span == Summary(2, 156 * H, Fraction(2232, 10) * H, 240 * H)
    assert key.lead_time == Summary(1, 72 * H, 72 * H, 72 * H)
    assert (key.on_time.n, key.on_time.rate) == (2, Fraction(1, 2))
    none = f.segments[0]
    assert (none.lead_time.n, none.lead_time.median, none.on_time.n, none.on_time.rate) == (0, None, 0, None)
    assert [(m.name, m.journeys) for m in f.months] == [("2026-03", 4)]
    # Only B is open and judged late: EUR 250.50. A is completed, D cancelled, C not judged.
    assert [(v.currency, v.count, v.amount) for v in f.value_at_risk] == [("EUR", 1, Decimal("250.50"))]
    assert f.late_open_without_value == 0
    assert [j.order for j in f.per_journey] == ["A", "B", "C", "D"]


def test_months_use_the_site_timezone_of_the_first_started() -> None:
    journeys = (
        journey("M1", visit("entry", "2026-02-28T23:30:00+00:00", "2026-03-01T00:00:00+00:00")),  # Berlin 03-01 00:30
        journey("M2", visit("entry", "2026-02-28T22:30:00+00:00", "2026-02-28T23:00:00+00:00")),  # Berlin 02-28 23:30
        journey("M3", visit("entry", "2026-03-31T22:30:00+00:00", "2026-03-31T23:00:00+00:00")),  # CEST: 04-01 00:30
    )
    f = findings(content(*journeys, timezone="Europe/Berlin"), t("04-05 00:00"))
    assert [(m.name, m.journeys) for m in f.months] == [("2026-02", 1), ("2026-03", 1), ("2026-04", 1)]
    # The 30 min spans: each month's median is 1800 s.
    assert [m.journey_span.median for m in f.months] == [1800, 1800, 1800]


def test_value_at_risk_sums_exactly_per_currency_and_never_across() -> None:
    def late(order: str, value: tuple[str, str] | None) -> Journey:
        return journey(order, visit("fulfillment", "03-01 00:00"), promised=date(2026, 3, 2), value=value)

    journeys = (
        late("V1", ("12345678901234567890.123456789", "EUR")),
        late("V2", ("0.000000001", "EUR")),  # the exact sum needs 30 digits: more than Decimal's default 28
        late("V3", ("5.5", "USD")),
        late("V4", ("0.10", "CHF")),
        late("V5", None),
        journey("V6", visit("fulfillment", "03-01 00:00"), promised=date(2026, 3, 30), value=("1", "EUR")),  # not late
    )
    f = findings(content(*journeys), NOW)
    assert [(v.currency, v.count, str(v.amount)) for v in f.value_at_risk] == [
        ("CHF", 1, "0.10"),
        ("EUR", 2, "12345678901234567890.123456790"),
        ("USD", 1, "5.5"),
    ]
    assert f.late_open_without_value == 1


def test_bottleneck_compares_exact_ratios_and_breaks_ties_in_catalogue_order() -> None:
    def two_stages(order: str, entry_seconds: int, prioritization_seconds: int) -> Journey:
        return journey(
            order,
            visit("entry", "03-01 00:00", _after("03-01 00:00", entry_seconds)),
            visit("prioritization", "03-02 00:00", _after("03-02 00:00", prioritization_seconds)),
        )

    # entry 4, 5, 6 h: median 5 h, 5 / 4 = 1.25. prioritization 30 h each: 30 / 24 = 1.25 -> tie -> entry.
    tie = [two_stages(f"T{h}", h * H, 30 * H) for h in (4, 5, 6)]
    assert findings(content(*tie), NOW).bottleneck == "entry"
    # One second more in prioritization: 108001 / 86400 > 1.25 -> prioritization.
    ahead = [two_stages(f"T{h}", h * H, 30 * H + 1) for h in (4, 5, 6)]
    assert findings(content(*ahead), NOW).bottleneck == "prioritization"
    # entry 4 h, 5 h + 1 s, 6 h: median 18001 s; 18001 / 14400 > 108000 / 86400 = 1.25 -> entry.
    barely = [two_stages(f"T{s}", s, 30 * H) for s in (4 * H, 5 * H + 1, 6 * H)]
    assert findings(content(*barely), NOW).bottleneck == "entry"


def test_bottleneck_needs_a_target_and_three_journeys() -> None:
    # billing: 2 journeys at 100 d (ratio 50) is ignored; postsales has no target; entry n 3 at 1 h qualifies.
    journeys = [journey(f"E{i}", visit("entry", "03-01 00:00", "03-01 01:00")) for i in range(3)]
    journeys += [journey(f"B{i}", visit("billing", "2025-11-01T00:00:00+00:00", "03-01 00:00")) for i in range(2)]
    journeys += [journey(f"P{i}", visit("postsales", "2025-11-01T00:00:00+00:00", "03-01 00:00")) for i in range(3)]
    assert findings(content(*journeys), NOW).bottleneck == "entry"
    assert findings(content(*journeys[3:]), NOW).bottleneck is None
    # A stage whose target is removed in stages.yaml no longer qualifies.
    no_entry_target = Catalogue(
        stages=tuple(dataclasses.replace(s, target=None) if s.key == "entry" else s for s in CATALOGUE.stages)
    )
    assert findings(content(*journeys, catalogue=no_entry_target), NOW).bottleneck is None


def test_zero_journeys_give_n_zero_and_nulls() -> None:
    f = findings(content(), NOW)
    assert f.journeys == 0
    for summary in (f.lead_time, f.journey_span, f.unattended, f.silence):
        assert summary == Summary(0, None, None, None)
    assert (f.on_time.n, f.on_time.rate, f.due_kept.n, f.due_kept.rate) == (0, None, 0, None)
    assert f.bottleneck is None
    assert len(f.stages) == 10 and all(s.n == 0 and s.revisit_rate is None for s in f.stages)
    assert (f.handoffs, f.paths, f.per_journey, f.segments, f.months, f.value_at_risk) == ((), (), (), (), (), ())


def test_one_journey_is_every_percentile() -> None:
    f = findings(content(A), NOW)
    assert f.journey_span == Summary(1, 72 * H, 72 * H, 72 * H)
    assert f.unattended == Summary(1, 18 * H, 18 * H, 18 * H)
    assert [(p.path, p.share) for p in f.paths] == [(("entry", "fulfillment"), 1)]
    assert f.bottleneck is None  # n 1 < 3


def _after(start: str, seconds: int) -> str:
    return (t(start) + timedelta(seconds=seconds)).isoformat()
