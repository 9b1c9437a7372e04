"""Bounds on values, chosen far beyond any real order, so that every value `check`
accepts can be computed with, printed and rendered without overflow or runaway work.
docs/reference/rules.md says why each bound is where it is."""

from __future__ import annotations

from datetime import datetime

# Any moment (a timestamp, a date, as-of): a year from 2 to 9998 keeps every moment a
# day away from the ends of Python's calendar (years 1 and 9999), so converting it to
# any timezone, or adding a day to it, never leaves the calendar.
FIRST_YEAR = 2
LAST_YEAR = 9998


def year_in_range(moment: datetime) -> bool:
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def years_words() -> str:
    return f"a year from {FIRST_YEAR} to {LAST_YEAR}"
