"""How the reports print moments, dates, durations, rates and money.

Durations and rates follow ANALYTICS.md "Printing" through `omcreport.analyze`; this
module adds the calendar side. Month names are English and fixed here (not the C
library's locale), so a report never depends on the machine's settings.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from omcreport.analyze import format_duration, format_rate, round_half_up
from omcreport.analyze.periods import Period

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DASH = "–"


# Enumerated values of observations as words (FORMAT.md keeps them as YAML keys).
WORDS: dict[str, str] = {
    "csr-interview": "CSR interview",
    "ride-along": "ride-along",
    "customer-feedback": "customer feedback",
    "data-review": "data review",
    "in-progress": "in progress",
    "wont-fix": "won't fix",
}


def words(value: str) -> str:
    return WORDS.get(value, value)


def day(value: date | None) -> str:
    if value is None:
        return DASH
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime | None, zone: ZoneInfo) -> str:
    """`10 Mar 2026 09:12` in `zone` (the zone is named once per report, not per time)."""
    if value is None:
        return DASH
    local = value.astimezone(zone)
    return f"{day(local.date())} {local:%H:%M}"


def month(key: str) -> str:
    """`2026-03` as `March 2026`."""
    year, number = key.split("-")
    return f"{MONTHS_LONG[int(number) - 1]} {year}"


def duration(seconds: Fraction | int | None) -> str:
    return DASH if seconds is None else format_duration(seconds)


def rate(value: Fraction | None, n: int) -> str:
    return format_rate(value, n)


def percent(share: Fraction | int) -> str:
    """A share from 0 to 1 as a whole percent, half-up on the exact value: `38 %`."""
    return f"{round_half_up(Fraction(share) * 100)} %"


def money(amount: Decimal, currency: str) -> str:
    """`12,400.00 EUR`: the exact decimal with thousands separators, never rounded."""
    text = f"{abs(amount):f}"
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}"
    return f"{'-' if amount.is_signed() else ''}{grouped}{'.' + fraction if fraction else ''} {currency}"


def as_of_text(as_of: datetime, zone: ZoneInfo) -> str:
    return f"{moment(as_of, zone)} ({zone.key})"


def period(value: Period) -> str:
    """`November 2026`, `Q4 2026`, `1 Nov 2026 to 14 Nov 2026` (the last day included)."""
    if value.kind == "month":
        return month(f"{value.first:%Y-%m}")
    if value.kind == "quarter":
        return f"Q{(value.first.month - 1) // 3 + 1} {value.first.year}"
    return f"{day(value.first)} to {day(date.fromordinal(value.until.toordinal() - 1))}"
