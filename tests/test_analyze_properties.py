"""Properties that every input must keep: the definitions cross-checked against each other."""

from __future__ import annotations

import re
from datetime import timedelta
from fractions import Fraction

from analyze_builders import CATALOGUE, journey, t, visit
from hypothesis import given, settings
from hypothesis import strategies as st

from omcreport.analyze import format_duration, journey_figures, summarize
from omcreport.analyze.percentiles import percentile, sort_exactly

UNIT_SECONDS = {"d": 86_400, "h": 3_600, "min": 60, "s": 1}
NEXT_SMALLER = {"d": "h", "h": "min", "min": "s", "s": "s"}

durations = st.fractions(min_value=0, max_value=400 * 86_400, max_denominator=1_000_000)


@given(durations)
def test_printed_duration_is_within_half_a_printed_unit(seconds: Fraction) -> None:
    printed = format_duration(seconds)
    parts = re.fullmatch(r"(\d+) (d|h|min|s)(?: (\d+) (h|min|s))?", printed)
    assert parts is not None, printed
    unit = parts.group(2)
    value = int(parts.group(1)) * UNIT_SECONDS[unit]
    if parts.group(3) is not None:
        assert parts.group(4) == NEXT_SMALLER[unit]
        minor = int(parts.group(3))
        assert 0 < minor * UNIT_SECONDS[parts.group(4)] < UNIT_SECONDS[unit]  # V never 0, never a whole U
        value += minor * UNIT_SECONDS[parts.group(4)]
    precision = UNIT_SECONDS[NEXT_SMALLER[unit]]
    # Rounded half-up to a whole V: the exact value lies in [printed - V/2, printed + V/2).
    assert value - Fraction(precision, 2) <= seconds < value + Fraction(precision, 2)
    assert int(parts.group(1)) >= 1 or unit == "s"  # U is a unit the value reaches


@given(st.lists(durations, max_size=40), st.fractions(min_value=0, max_value=1, max_denominator=100))
def test_percentile_matches_the_closest_ranks_formula(values: list[Fraction], p: Fraction) -> None:
    ordered = sort_exactly(values)
    assert ordered == sorted(values)
    result = percentile(ordered, p)
    if not values:
        assert result is None
        return
    assert result is not None and ordered[0] <= result <= ordered[-1]
    # numpy's "linear": h = (n - 1) p; x[floor h] + (h - floor h)(x[ceil h] - x[floor h]).
    h = (len(values) - 1) * p
    low, high = int(h), min(int(h) + 1, len(values) - 1)
    assert result == ordered[low] + (h - low) * (ordered[high] - ordered[low])
    summary = summarize(values)
    assert summary.median is not None and summary.p90 is not None and summary.max is not None
    assert summary.median <= summary.p90 <= summary.max == max(values)


visit_shapes = st.lists(
    st.tuples(
        st.sampled_from(CATALOGUE.keys),
        st.integers(min_value=0, max_value=72 * 60),  # minutes after the previous start
        st.integers(min_value=0, max_value=96 * 60),  # length in minutes
        st.sampled_from(["CS", "WH", "FIN"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150)
@given(visit_shapes, st.booleans(), st.integers(min_value=0, max_value=500 * 60))
def test_one_journeys_figures_agree_with_each_other(
    shapes: list[tuple[str, int, int, str]], last_open: bool, minutes_after: int
) -> None:
    started = t("03-01 00:00")
    visits = []
    latest_end = started
    for position, (stage, gap, length, owner) in enumerate(shapes):
        started += timedelta(minutes=gap)
        ended = started + timedelta(minutes=length)
        is_open = last_open and position == len(shapes) - 1
        visits.append(visit(stage, started.isoformat(), None if is_open else ended.isoformat(), owner=owner))
        latest_end = max(latest_end, started if is_open else ended)
    now = latest_end + timedelta(minutes=minutes_after)
    figures = journey_figures(journey("P", *visits), CATALOGUE, now)

    assert 0 <= figures.unattended <= figures.span
    assert 0 <= figures.silence.seconds <= figures.span
    assert figures.start <= figures.silence.start <= figures.silence.end <= figures.end
    assert sum(s.time for s in figures.stages) == sum(v.time for v in figures.visits)
    assert sum(s.visits for s in figures.stages) == len(figures.visits)
    assert figures.revisits == len(figures.visits) - len(figures.stages)
    assert all(h.wait >= 0 for h in figures.handoffs)
    assert len(figures.path) <= len(figures.visits)
    assert all(a != b for a, b in zip(figures.path, figures.path[1:], strict=False))
    if figures.status == "completed":
        assert figures.end == figures.closed == max(v.ended for v in visits if v.ended is not None)
    else:
        assert figures.end == now
