"""Bounds on values, chosen far beyond any real order, so that every value `check`
accepts can be computed with, printed and rendered without overflow or runaway work.
docs/reference/rules.md says why each bound is where it is."""

from __future__ import annotations

from datetime import date, datetime

# Any moment (a timestamp, a date, as-of): a year from 2 to 9998 keeps every moment a
# day away from the ends of Python's calendar (years 1 and 9999), so converting it to
# any timezone, or adding a day to it, never leaves the calendar.
FIRST_YEAR = 2
LAST_YEAR = 9998


# An amount: at most 30 significant digits, more than any order value in any currency
# (the world's GDP in Indonesian rupiah has 20), and within what the figures' decimal
# arithmetic carries exactly.
MAX_AMOUNT_DIGITS = 30
# A duration (a stage target): at most 100 years of 365.25 days.
MAX_DURATION_SECONDS = 36_525 * 86_400
# A journey of more visits, or a visit of more events, is a log imported wrongly, not an
# order: the longest real journeys in the shared OCEL log have 13 events in all.
MAX_VISITS_PER_JOURNEY = 500
MAX_EVENTS_PER_VISIT = 500
# And at most 1,000 events in all: a journey PDF of 500 visits with 7,500 events took 67 s
# and 1.1 GB; with 1,000 it stays under half a minute.
MAX_EVENTS_PER_JOURNEY = 1_000
# What one page lists: items ordered, and the shipments they left in.
MAX_ITEMS_PER_ORDER = 200
MAX_SHIPMENTS_PER_ORDER = 50
MAX_QUANTITY = 1_000_000


def year_in_range(moment: datetime | date) -> bool:
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def years_words() -> str:
    return f"a year from {FIRST_YEAR} to {LAST_YEAR}"


# What an import reads from one event log. The shared OCEL log (2,000 orders, 21,008
# events) is 12.5 MB of JSON, gzipped 15 times smaller; a year of 5,000 orders a month
# is about 600,000 events, 100,000 orders about a million. Past these a log is an attack
# or an export gone wrong, and reading it would exhaust memory.
MAX_LOG_BYTES = 1 << 30  # the log's bytes, after decompression
# A gzip log inflating past this many times its own size is refused once past the
# floor: real logs inflate 10 to 20 times, a "gzip bomb" of repeated bytes 1,000 times.
MAX_GZIP_INFLATION = 100
GZIP_INFLATION_FLOOR = 32 << 20
MAX_LOG_EVENTS = 5_000_000
MAX_LOG_OBJECTS = 5_000_000


def gzip_budget(compressed_bytes: int) -> int:
    """How many bytes a gzip log of this size may decompress to."""
    return min(MAX_LOG_BYTES, max(GZIP_INFLATION_FLOOR, MAX_GZIP_INFLATION * compressed_bytes))


def byte_words(count: int) -> str:
    """A byte count as people read it: 32 MiB, 1 GiB, 81.7 MiB."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


# Markdown: Python-Markdown's inline patterns take time that grows faster than the text
# with every `[` that may open a link (3,000 of them: 2 s; a 20,000-character note of
# them: most of a minute), and WeasyPrint's layout with every level of nesting. A real
# note has a few links and two or three levels of lists or quotes.
MAX_MARKDOWN_BRACKETS = 200
MAX_MARKDOWN_NESTING = 20


def markdown_refusal(text: str) -> str | None:
    """Why this Markdown would be too costly to render, as a message fragment; None when fine."""
    brackets = text.count("[")
    if brackets > MAX_MARKDOWN_BRACKETS:
        return f"has {brackets:,} '[' characters; Markdown with at most {MAX_MARKDOWN_BRACKETS} renders in bounded time"
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        quotes = len(stripped) - len(stripped.lstrip("> \t").lstrip())
        depth = max(stripped[:quotes].count(">"), (len(line) - len(stripped)) // 2)
        if depth > MAX_MARKDOWN_NESTING:
            return f"nests {depth} levels deep; at most {MAX_MARKDOWN_NESTING} levels render in bounded time"
    depth = deepest = 0
    for char in text:
        if char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]" and depth:
            depth -= 1
    if deepest > MAX_MARKDOWN_NESTING:
        return f"nests brackets {deepest} levels deep; at most {MAX_MARKDOWN_NESTING} render in bounded time"
    return None
