"""Exact percentiles and the {n, median, p90, max} summary of ANALYTICS.md.

Linear interpolation between closest ranks: numpy's default method, Excel's
PERCENTILE.INC. Computed with Fractions, so a median of 1 s and 2 s is exactly 3/2 s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

HALF = Fraction(1, 2)
NINE_TENTHS = Fraction(9, 10)


def percentile(sorted_values: Sequence[Fraction | int], p: Fraction) -> Fraction | None:
    """The p-quantile (0 <= p <= 1) of values already sorted ascending; None when empty."""
    n = len(sorted_values)
    if n == 0:
        return None
    if not 0 <= p <= 1:
        raise ValueError(f"percentile rank {p} outside 0..1")
    rank = (n - 1) * Fraction(p)
    lower = rank.numerator // rank.denominator
    weight = rank - lower
    low_value = Fraction(sorted_values[lower])
    if weight == 0:
        return low_value
    return low_value + weight * (Fraction(sorted_values[lower + 1]) - low_value)


def sort_exactly(values: Iterable[Fraction | int]) -> list[Fraction | int]:
    """Values sorted ascending; Fractions by exact integer keys (comparing them pairwise is slow)."""
    items = list(values)
    if all(type(item) is int for item in items):
        return sorted(items)
    scale = lcm(*(item.denominator for item in items))
    return sorted(items, key=lambda item: item.numerator * (scale // item.denominator))


def median(values: Iterable[Fraction | int]) -> Fraction | None:
    return percentile(sort_exactly(values), HALF)


def mean(values: Iterable[Fraction | int]) -> Fraction | None:
    items = list(values)
    if not items:
        return None
    return Fraction(sum(items)) / len(items)


def rate(hits: int, n: int) -> Fraction | None:
    """hits / n as an exact fraction; None when n = 0 (no data)."""
    if n == 0:
        return None
    return Fraction(hits, n)


@dataclass(frozen=True)
class Rate:
    """A rate over n judged items (on time, due kept); rate None when n = 0."""

    n: int
    rate: Fraction | None


def judged_rate(judgements: Iterable[bool | None]) -> Rate:
    """The share of True among the judgements that are not None."""
    judged = [value for value in judgements if value is not None]
    return Rate(n=len(judged), rate=rate(sum(1 for value in judged if value), len(judged)))


@dataclass(frozen=True)
class Summary:
    """n, median, p90 and max of a set of durations; the three are None when n = 0."""

    n: int
    median: Fraction | None
    p90: Fraction | None
    max: Fraction | None


def summarize(values: Iterable[Fraction | int]) -> Summary:
    ordered = sort_exactly(values)
    if not ordered:
        return Summary(n=0, median=None, p90=None, max=None)
    return Summary(
        n=len(ordered),
        median=percentile(ordered, HALF),
        p90=percentile(ordered, NINE_TENTHS),
        max=Fraction(ordered[-1]),
    )
