"""Breakdowns across journeys: by customer segment, by month, and value at risk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, localcontext
from zoneinfo import ZoneInfo

from omcreport.analyze.journey import JourneyFigures
from omcreport.analyze.percentiles import Rate, Summary, judged_rate, summarize
from omcreport.model import Journey

NO_SEGMENT = "(none)"

# Sums of amounts must be exact: a wide context that raises rather than rounds.
_EXACT = Context(prec=1_000, traps=[Inexact])


@dataclass(frozen=True)
class Breakdown:
    """One segment or month: journeys, span and lead time summaries, on-time rate."""

    name: str
    journeys: int
    journey_span: Summary
    lead_time: Summary
    on_time: Rate


@dataclass(frozen=True)
class ValueAtRisk:
    currency: str
    count: int
    amount: Decimal


def _breakdown(name: str, members: list[JourneyFigures]) -> Breakdown:
    return Breakdown(
        name=name,
        journeys=len(members),
        journey_span=summarize(figures.span for figures in members),
        lead_time=summarize(figures.lead_time for figures in members if figures.lead_time is not None),
        on_time=judged_rate([figures.on_time for figures in members]),
    )


def by_segment(pairs: Sequence[tuple[Journey, JourneyFigures]]) -> tuple[Breakdown, ...]:
    """Per `customer.segment` (absent: `(none)`), in code point order."""
    groups: dict[str, list[JourneyFigures]] = {}
    for journey, figures in pairs:
        groups.setdefault(journey.customer.segment or NO_SEGMENT, []).append(figures)
    return tuple(_breakdown(name, groups[name]) for name in sorted(groups))


def by_month(pairs: Sequence[tuple[Journey, JourneyFigures]], site_timezone: str) -> tuple[Breakdown, ...]:
    """Per calendar month (site timezone) of the journey's first `started`, oldest first."""
    zone = ZoneInfo(site_timezone)
    groups: dict[str, list[JourneyFigures]] = {}
    for journey, figures in pairs:
        month = journey.visits[0].started.astimezone(zone).strftime("%Y-%m")
        groups.setdefault(month, []).append(figures)
    return tuple(_breakdown(name, groups[name]) for name in sorted(groups))


def value_at_risk(pairs: Sequence[tuple[Journey, JourneyFigures]]) -> tuple[ValueAtRisk, ...]:
    """Per currency: open journeys judged late that carry a value, and their exact sum."""
    counts: dict[str, int] = {}
    sums: dict[str, Decimal] = {}
    with localcontext(_EXACT):
        for journey, figures in pairs:
            if not figures.late_open or journey.value is None:
                continue
            currency = journey.value.currency
            counts[currency] = counts.get(currency, 0) + 1
            sums[currency] = sums.get(currency, Decimal(0)) + journey.value.amount
    return tuple(ValueAtRisk(currency, counts[currency], sums[currency]) for currency in sorted(counts))


def late_open_without_value(pairs: Sequence[tuple[Journey, JourneyFigures]]) -> int:
    """Open journeys judged late that carry no value (so value at risk cannot show them)."""
    return sum(1 for journey, figures in pairs if figures.late_open and journey.value is None)
