"""Percentiles by linear interpolation between closest ranks (PERCENTILE.INC), exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from omcreport.analyze import Summary, percentile, summarize


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], Summary(0, None, None, None)),
        # One value: every percentile is it.
        ([5], Summary(1, Fraction(5), Fraction(5), Fraction(5))),
        # Two: median rank 0.5 -> 10 + 0.5 * 10 = 15; p90 rank 0.9 -> 10 + 0.9 * 10 = 19.
        ([20, 10], Summary(2, Fraction(15), Fraction(19), Fraction(20))),
        # Four: median rank 1.5 -> 2.5; p90 rank 2.7 -> 3 + 0.7 * 1 = 3.7.
        ([4, 1, 3, 2], Summary(4, Fraction(5, 2), Fraction(37, 10), Fraction(4))),
        # Five: median rank 2 -> 3; p90 rank 3.6 -> 4 + 0.6 * 96 = 61.6.
        ([1, 2, 3, 4, 100], Summary(5, Fraction(3), Fraction(308, 5), Fraction(100))),
        # Zero is a value.
        ([0, 0, 0, 7], Summary(4, Fraction(0), Fraction(49, 10), Fraction(7))),  # p90: 0 + 0.7 * 7 = 4.9
        # Exact with fractional seconds: median of 1/3 and 1/2 is 5/12.
        ([Fraction(1, 3), Fraction(1, 2)], Summary(2, Fraction(5, 12), Fraction(29, 60), Fraction(1, 2))),
    ],
)
def test_summaries(values: list[int | Fraction], expected: Summary) -> None:
    assert summarize(Fraction(v) for v in values) == expected


def test_percentile_ends_and_bounds() -> None:
    values = [Fraction(v) for v in (1, 2, 3, 4)]
    assert percentile(values, Fraction(0)) == 1
    assert percentile(values, Fraction(1)) == 4
    assert percentile(values, Fraction(1, 4)) == Fraction(7, 4)  # rank 0.75 -> 1 + 0.75
    with pytest.raises(ValueError, match="outside"):
        percentile(values, Fraction(3, 2))
