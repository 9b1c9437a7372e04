"""How figures are printed (ANALYTICS.md "Printing"), for English.

The unit words and the rate wording live in `EN` alone, so a localised variant can pass
its own `Wording` later without touching the rounding rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Number = int | float | Fraction | Decimal

DAY = 86_400
HOUR = 3_600
MINUTE = 60

# Largest first; each unit's size in seconds.
_UNIT_SIZES: tuple[int, ...] = (DAY, HOUR, MINUTE, 1)


@dataclass(frozen=True)
class Wording:
    """The words of printed figures in one language."""

    units: tuple[str, str, str, str]  # day, hour, minute, second
    rate: str  # with {percent} and {n}
    no_data: str
    decimal_point: str


EN = Wording(units=("d", "h", "min", "s"), rate="{percent} % of {n}", no_data="no data", decimal_point=".")


def _exact(value: Number) -> Fraction:
    return Fraction(value)  # exact for int, Fraction, Decimal and float alike


def round_half_up(value: Fraction) -> int:
    """The nearest integer; halves go up (away from zero for positives, toward +inf)."""
    return int((value + Fraction(1, 2)).__floor__())


def _unit_position(seconds: Fraction) -> int:
    """Index in _UNIT_SIZES of the largest unit the value reaches (seconds under 1 min)."""
    for position, size in enumerate(_UNIT_SIZES[:-1]):
        if seconds >= size:
            return position
    return len(_UNIT_SIZES) - 1


def format_duration(seconds: Number, wording: Wording = EN) -> str:
    """`2 d 4 h`, `35 min`, `1 h`, `45 s`: the largest unit reached and the next smaller.

    The value is rounded half-up to a whole next-smaller unit; if that carries into a
    larger unit, the units are chosen again for the rounded value.
    """
    value = _exact(seconds)
    sign = ""
    if value < 0:
        sign, value = "-", -value
    position = _unit_position(value)
    while True:
        smaller = min(position + 1, len(_UNIT_SIZES) - 1)
        rounded = round_half_up(value / _UNIT_SIZES[smaller]) * _UNIT_SIZES[smaller]
        new_position = _unit_position(Fraction(rounded))
        if new_position == position:
            break
        value, position = Fraction(rounded), new_position
    if position == len(_UNIT_SIZES) - 1:
        return f"{sign}{rounded} {wording.units[position]}"
    major, minor = divmod(rounded, _UNIT_SIZES[position])
    text = f"{sign}{major} {wording.units[position]}"
    if minor:
        text += f" {minor // _UNIT_SIZES[position + 1]} {wording.units[position + 1]}"
    return text


def format_rate(rate: Number | None, n: int, wording: Wording = EN) -> str:
    """`83 % of 12`: whole percent, half-up on the exact rate, always with n."""
    if rate is None:
        return wording.no_data
    percent = round_half_up(_exact(rate) * 100)
    return wording.rate.format(percent=percent, n=n)


def format_mean_level(mean: Number | None, wording: Wording = EN) -> str:
    """Customer in view (0 none .. 3 high): one decimal, half-up; `no data` when None."""
    if mean is None:
        return wording.no_data
    tenths = round_half_up(_exact(mean) * 10)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}{wording.decimal_point}{tenth}"
