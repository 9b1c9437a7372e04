"""Exact durations between moments, and the length of a union of intervals.

Durations are exact seconds: an `int` when whole (the common case, and fast), else a
`Fraction` (sub-second timestamps, interpolated percentiles), so that sums, means and
percentiles stay exact (ANALYTICS.md: "All rounding is half-up on exact values").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from fractions import Fraction

Seconds = int | Fraction

_MICROSECONDS = 1_000_000


def seconds_of(delta: timedelta) -> Seconds:
    """A timedelta as exact seconds (microseconds kept)."""
    whole = delta.days * 86_400 + delta.seconds
    if not delta.microseconds:
        return whole
    return Fraction(whole * _MICROSECONDS + delta.microseconds, _MICROSECONDS)


def seconds_between(start: datetime, end: datetime) -> Seconds:
    """`end - start` in exact seconds (negative when end precedes start)."""
    return seconds_of(end - start)


def union_length(intervals: Iterable[tuple[datetime, datetime]]) -> timedelta:
    """Total length of the union of closed intervals; empty or reversed ones count 0."""
    total = timedelta(0)
    current_start: datetime | None = None
    current_end: datetime | None = None
    for start, end in sorted(interval for interval in intervals if interval[1] > interval[0]):
        if current_start is None or current_end is None:
            current_start, current_end = start, end
        elif start > current_end:
            total += current_end - current_start
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += current_end - current_start
    return total


def union_seconds(intervals: Iterable[tuple[datetime, datetime]]) -> Seconds:
    """`union_length` in exact seconds."""
    return seconds_of(union_length(intervals))


def clip(start: datetime, end: datetime, lower: datetime, upper: datetime) -> tuple[datetime, datetime]:
    """The interval [start, end] cut to [lower, upper] (possibly empty: end <= start)."""
    return max(start, lower), min(end, upper)


def require_aware(as_of: datetime) -> None:
    """Content times carry offsets; a naive now cannot be compared with them."""
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise ValueError(f"as_of must carry a UTC offset, got {as_of.isoformat()}")
