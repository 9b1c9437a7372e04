"""The findings report's appendix: every figure defined in words (after ANALYTICS.md),
so a reader can recompute any number by hand."""

from __future__ import annotations

from omcreport.analyze import Findings
from omcreport.analyze.figures import FIGURES, figure
from omcreport.wording import count_noun

# The statistics words: the body of the report says "typical" and "9 in 10 within", the
# appendix says what they mean.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "Typical (median)",
        "The middle value: half the orders took longer, half took less. Unlike an average, one very slow "
        "order does not move it.",
    ),
    (
        "9 in 10 within (p90, the 90th percentile)",
        "Nine orders in ten took at most this long; the slowest tenth took longer.",
    ),
    ("Longest (max)", "The largest value of all."),
    (
        "Across N orders (n)",
        "How many orders (or visits) a figure is computed over. A figure over few orders can swing a lot from one "
        "order to the next.",
    ),
    ("Average (mean)", "The sum of the values divided by their count; used only for the customer in view."),
    (
        "Points (percentage points)",
        "The difference between two percentages: from 60 % to 67 % is +7 points.",
    ),
)


def in_words(path: str) -> tuple[str, str]:
    """A figure's defined name and its plain-words definition, from the figure registry."""
    entry = figure(path)
    assert entry.in_words, f"{path} has no plain-words definition"
    return entry.name, entry.in_words


# The figures' own definitions live in the registry; the rest of the method is defined here,
# in the order the appendix reads. A figure with plain words not placed here follows them.
_PLACED: tuple[tuple[str, str], ...] = (
    (
        "Now (as-of)",
        "The build's reference time, printed in the footer of every page. Every open visit and "
        "open journey is measured up to it. Time is calendar time: no working hours, so a four-hour target "
        "breaches over a weekend.",
    ),
    (
        "Status and closed",
        "The status as written; absent, open while a visit is open, else completed. "
        "Closed is as written; absent for a completed or cancelled journey, the latest end of a visit.",
    ),
    ("Visit time", "Ended minus started; for an open visit, as-of minus started."),
    in_words("stages.*.time"),
    in_words("journey_span"),
    in_words("lead_time"),
    in_words("unattended"),
    in_words("handoffs"),
    (
        "Revisit and back-step",
        "A revisit is a visit to a stage an earlier visit already had; a back-step is "
        "a visit to a stage earlier in the catalogue than the previous visit's.",
    ),
    in_words("paths"),
    (
        "Customer update",
        "The start of each visit to a public stage that has a public note, and each public "
        "event of a visit to a public stage, whether or not the journey has a public page.",
    ),
    in_words("silence"),
    in_words("on_time"),
    in_words("due_kept"),
    (
        "Target breach",
        "A journey's time in a stage longer than the stage's target. Breach rate: journeys that "
        "breach, over the journeys that visit the stage.",
    ),
    (
        "Percentiles",
        "Linear interpolation between closest ranks (PERCENTILE.INC). The median is p50. Always "
        "given with n, the number of values; with n = 0 there is no value. Zero is a value.",
    ),
    in_words("stages"),
    in_words("bottleneck"),
    in_words("observations[].weight"),
    (
        "By segment and by month",
        "Journeys grouped by customer segment ((none) without one), and by the "
        "calendar month, in the organisation's timezone, of the first visit's start: journeys, span and lead "
        "time summaries, on-time rate.",
    ),
    in_words("value_at_risk"),
    ("Cancelled journeys", "Count in every figure except lead time and on time."),
    (
        "How durations are printed",
        "Units d, h, min and s. The largest unit the value reaches (s under one "
        "minute) and the next smaller one, rounded half-up to a whole next-smaller unit; the smaller unit is left "
        "out when it is 0. So 88,200 s prints 1 d 1 h, and 2,100 s prints 35 min.",
    ),
    (
        "How rates and levels are printed",
        "Rates as whole percent with n (83 % of 12). Customer in view with "
        "one decimal. All rounding is half-up on exact values. The data files delivered with the report carry "
        "the raw seconds, counts and fractions behind every printed figure.",
    ),
    in_words("silence_stages"),
    in_words("late_notice"),
    in_words("handoffs[].total_wait"),
    (
        "What to do",
        "The opening findings are chosen by rule, in order: the bottleneck; the handoff pair with the largest "
        "total wait; the stage holding the most journeys' longest silence; the on-time rate with the value at "
        "risk; the heaviest open observation not yet used. Each carries the recommendation and owner of the "
        "heaviest open or in-progress observation on its stage (for a handoff: owned by one of its two "
        "departments; for on time: on fulfillment).",
    ),
)

DEFINITIONS: tuple[tuple[str, str], ...] = (
    *_PLACED,
    *(in_words(entry.path) for entry in FIGURES if entry.in_words and in_words(entry.path) not in _PLACED),
)


def headline(path: str) -> str:
    return figure(path).headline_name


def counted_over(f: Findings, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each headline figure with its n: what it counts, and how many."""
    rows = [
        (headline("journeys"), "every journey", count_noun(f.journeys, "order")),
        (
            headline("lead_time"),
            "journeys whose fulfillment has ended, not cancelled",
            count_noun(f.lead_time.n, "order"),
        ),
        (headline("on_time"), "journeys with a promised date, judged", count_noun(f.on_time.n, "order")),
        (headline("due_kept"), "visits with a due time, judged", count_noun(f.due_kept.n, "visit")),
        (headline("silence"), "every journey", count_noun(f.silence.n, "order")),
        (headline("unattended"), "every journey", count_noun(f.unattended.n, "order")),
        (headline("journey_span"), "every journey", count_noun(f.journey_span.n, "order")),
    ]
    rows += [(f"Time in {names[s.stage]}", "journeys that visit the stage", count_noun(s.n, "order")) for s in f.stages]
    return rows
