"""ANALYTICS.md "Printing": durations, rates and customer in view, with hand-worked cases."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from omcreport.analyze import format_duration, format_mean_level, format_rate

DAY, HOUR, MINUTE = 86_400, 3_600, 60


@pytest.mark.parametrize(
    ("seconds", "printed"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (Fraction(1, 2), "1 s"),  # 0.5 s: half-up to 1 s
        (Fraction(49, 100), "0 s"),
        (Fraction(119, 2), "1 min"),  # 59.5 s -> 60 s carries into min; V = 0 s left out
        (Fraction(1189, 20), "59 s"),  # 59.45 s -> 59 s
        (60, "1 min"),
        (90, "1 min 30 s"),
        (35 * MINUTE, "35 min"),
        (3570, "59 min 30 s"),
        (Fraction(7199, 2), "1 h"),  # 3599.5 s = 59 min 59.5 s -> 60 min 0 s carries: 1 h
        (HOUR, "1 h"),
        (HOUR + 29, "1 h"),  # 60.48 min -> 60 min
        (HOUR + 30, "1 h 1 min"),  # 60.5 min -> 61 min half-up
        (5400, "1 h 30 min"),
        (Fraction(172799, 2), "1 d"),  # 86399.5 s = 23 h 1439.99.. min -> 1440 min = 24 h carries: 1 d
        (DAY - 31, "23 h 59 min"),  # 86369 s = 1439.48 min -> 1439 min
        (DAY - 30, "1 d"),  # 86370 s = 1439.5 min -> 1440 min = 24 h: 1 d 0 h
        (88_200, "1 d 1 h"),  # 1 d 0.5 h -> half-up 25 h
        (88_199, "1 d"),  # 1 d 0.4997 h -> 24 h
        (2 * DAY + 4 * HOUR, "2 d 4 h"),
        (2 * DAY + 23 * HOUR + 30 * MINUTE, "3 d"),  # 71.5 h -> 72 h = 3 d 0 h
        (400 * DAY + 5 * HOUR, "400 d 5 h"),
        (Decimal("3600.0"), "1 h"),
        (1.5, "2 s"),
    ],
)
def test_format_duration(seconds: object, printed: str) -> None:
    assert format_duration(seconds) == printed  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "n", "printed"),
    [
        (Fraction(10, 12), 12, "83 % of 12"),  # 83.33 %
        (Fraction(1, 8), 8, "13 % of 8"),  # 12.5 % half-up -> 13
        (Fraction(1, 3), 3, "33 % of 3"),
        (Fraction(2, 3), 3, "67 % of 3"),  # 66.67 %
        (Fraction(0), 4, "0 % of 4"),
        (Fraction(1), 1, "100 % of 1"),
        (Fraction(1, 200), 200, "1 % of 200"),  # 0.5 % half-up -> 1
        (None, 0, "no data"),
    ],
)
def test_format_rate(rate: Fraction | None, n: int, printed: str) -> None:
    assert format_rate(rate, n) == printed


@pytest.mark.parametrize(
    ("mean", "printed"),
    [
        (Fraction(5, 4), "1.3"),  # 1.25 half-up
        (Fraction(1, 4), "0.3"),
        (Fraction(7, 3), "2.3"),  # 2.333
        (Fraction(3), "3.0"),
        (Fraction(0), "0.0"),
        (None, "no data"),
    ],
)
def test_format_mean_level(mean: Fraction | None, printed: str) -> None:
    assert format_mean_level(mean) == printed
