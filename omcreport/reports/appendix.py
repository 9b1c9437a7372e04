"""The findings report's appendix: every figure defined in words (after ANALYTICS.md),
so a reader can recompute any number by hand."""

from __future__ import annotations

from omcreport.wording import count_noun
from omcreport.analyze import Findings
from omcreport.reports import formatting as fmt

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

DEFINITIONS: tuple[tuple[str, str], ...] = (
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
    ("Time in stage", "The sum of a journey's visit times for that stage, open visits included."),
    (
        "Journey span",
        "From the earliest start to closed (completed or cancelled), or to as-of (open: an "
        "order waiting between departments is still on the clock).",
    ),
    (
        "Order lead time",
        "From the first order entry visit's start (else the first visit's) to the end of the "
        "last fulfillment visit, when that visit has ended and the journey is not cancelled.",
    ),
    (
        "Unattended time",
        "The part of the journey span covered by no visit: the span minus the union of the "
        "visit intervals (open visits up to as-of).",
    ),
    (
        "Handoff and wait",
        "Two consecutive visits in list order whose owners differ. The wait is the next "
        "visit's start minus this visit's end when positive, else 0 (they overlapped; an open visit overlaps "
        "everything after it). Per pair of departments: the count and the median wait.",
    ),
    (
        "Revisit and back-step",
        "A revisit is a visit to a stage an earlier visit already had; a back-step is "
        "a visit to a stage earlier in the catalogue than the previous visit's.",
    ),
    (
        "Stage path",
        "The stage keys of the visits in order, consecutive repeats merged: the journey's variant. "
        "Counted with its share of all journeys.",
    ),
    (
        "Customer update",
        "The start of each visit to a public stage that has a public note, and each public "
        "event of a visit to a public stage, whether or not the journey has a public page.",
    ),
    (
        "Silence",
        "The longest gap between consecutive moments of the list: the first visit's start, every "
        "customer update within the span, the span's end. A journey without updates is silent for its whole span.",
    ),
    (
        "On time",
        "A journey that is not cancelled and has a promised date, judged by dates in its timezone: on "
        "time when its last fulfillment visit ended on or before the promised date; late when it ended after, or "
        "when it has not ended and today's date (for a completed journey, the date it closed) is after the "
        "promise; otherwise not yet judged and left out.",
    ),
    (
        "Due kept",
        "A visit with a due time that ended at or before it. Not kept: ended after it, or still open "
        "past it. Open and not yet due: left out.",
    ),
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
    (
        "Per stage",
        "Over the n journeys that visit the stage: time in stage summary; visits; breach rate; "
        "revisit rate (journeys visiting it more than once); customer in view (none 0, low 1, medium 2, high 3: "
        "the mean over each journey's visits, then the mean over journeys); informed rate (journeys with a visit "
        "to it that informed the customer; public stages only).",
    ),
    (
        "Bottleneck",
        "Among stages with a target and n of at least 3, the one with the largest median time in "
        "stage divided by its target (ties: the earlier stage). None when no stage qualifies.",
    ),
    (
        "Observation weight",
        "Severity (low 1, medium 2, high 4, critical 8) times the number of orders the "
        "observation names, at least 1. Stages and tags are ranked by the summed weight of their open and "
        "in-progress observations.",
    ),
    (
        "By segment and by month",
        "Journeys grouped by customer segment ((none) without one), and by the "
        "calendar month, in the organisation's timezone, of the first visit's start: journeys, span and lead "
        "time summaries, on-time rate.",
    ),
    (
        "Value at risk",
        "Per currency, the count and exact sum of the value of open journeys judged late. "
        "Never converted, never added across currencies.",
    ),
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
        "one decimal. All rounding is half-up on exact values. The data files delivered with the report carry the raw seconds, counts and "
        "fractions behind every printed figure.",
    ),
    (
        "Silence stage",
        "For a journey's longest silence, the stage whose visits cover most of it (ties: the earlier stage); "
        "none when no visit covers any of it. The report lists each such stage with its journeys and their "
        "median silence.",
    ),
    (
        "Wait after a missed promise (late-notice lag)",
        "For each visit that missed its promised finish (due), the time from that due to the next customer "
        "update; with none yet, up to the end of the journey span (now while open), counted as still waiting.",
    ),
    (
        "Total wait of a handoff pair",
        "The sum of the waits of every handoff between the two departments: the time lost between them. "
        "Pairs are ranked and shaded by it.",
    ),
    (
        "What to do",
        "The opening findings are chosen by rule, in order: the bottleneck; the handoff pair with the largest "
        "total wait; the stage holding the most journeys' longest silence; the on-time rate with the value at "
        "risk; the heaviest open observation not yet used. Each carries the recommendation and owner of the "
        "heaviest open or in-progress observation on its stage (for a handoff: owned by one of its two "
        "departments; for on time: on fulfillment).",
    ),
)


def counted_over(f: Findings, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each headline figure with its n: what it counts, and how many."""
    rows = [
        ("Orders in the cycle", "every journey", count_noun(f.journeys, "order")),
        ("Order lead time", "journeys whose fulfillment has ended, not cancelled", count_noun(f.lead_time.n, "order")),
        ("Delivered on time", "journeys with a promised date, judged", count_noun(f.on_time.n, "order")),
        ("Promised finishes kept", "visits with a due time, judged", count_noun(f.due_kept.n, "visit")),
        ("Customer silence", "every journey", count_noun(f.silence.n, "order")),
        ("Unattended time", "every journey", count_noun(f.unattended.n, "order")),
        ("Journey span", "every journey", count_noun(f.journey_span.n, "order")),
    ]
    rows += [
        (f"Time in {names[s.stage]}", "journeys that visit the stage", count_noun(s.n, "order")) for s in f.stages
    ]
    return rows
