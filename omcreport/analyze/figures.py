"""Every key of findings.json, declared once: its path, its label, its unit and its definition.

json_out writes findings.json key by key from `FIGURES`; its JSON Schema
(`findings_schema.py`) and the key list of docs/figures.md are generated from it; the
report templates (`label("...")`), the headline cards, the appendix's plain-words
definitions, `omcreport stats` and journeys.csv's figure columns read their words from it.
tests/test_figure_registry.py checks that it and the figures dataclasses agree.

A path names a key as findings.json nests it: `stages.*.breach_rate` is the breach rate
under every stage key, `handoffs[].count` the count of every item of the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SCHEMA_ID = "omcreport/findings/v1"


class Unit(StrEnum):
    """What a key holds; the value is how docs/figures.md names it."""

    SCHEMA_ID = "constant"
    MOMENT = "ISO 8601 time"
    COUNT = "count"
    SECONDS = "seconds"
    SUMMARY = "summary of seconds"
    RATE = "fraction from 0 to 1"
    JUDGED_RATE = "rate over n judged"
    LEVEL = "mean level from 0 to 3"
    MONEY = "decimal string"
    CURRENCY = "currency code"
    MONTH = "YYYY-MM"
    FLAG = "true or false"
    TEXT = "text"
    TEXTS = "list of texts"
    STAGE = "stage key"
    STAGE_OR_START = "stage key or start"
    STAGE_OR_END = "stage key or end"
    STAGES = "list of stage keys"
    SECONDS_BY_STAGE = "seconds per stage key"
    JOURNEY_STATUS = "journey status"
    SEVERITY = "severity"
    OBSERVATION_STATUS = "observation status"
    # Containers: their keys are figures of their own.
    PER_STAGE = "object, a key per stage"
    LIST = "list"
    RECORD = "object"
    FINDINGS = "findings"  # the findings again, for the previous period

    @property
    def is_container(self) -> bool:
        return self in (Unit.PER_STAGE, Unit.LIST, Unit.RECORD, Unit.FINDINGS)


@dataclass(frozen=True)
class Figure:
    """One key of findings.json; `path` is unique."""

    path: str
    label: str  # as tables and `omcreport stats` head it
    unit: Unit
    definition: str  # one paragraph, Markdown: the contract (docs/figures.md, the schema)
    term: str = ""  # the defined name, where it differs from the label
    headline: str = ""  # the findings PDF's plain words for it, where they differ from the term
    in_words: str = ""  # the findings PDF appendix's definition, for a reader without the format
    contract: bool = True  # one of the keys findings.json promises (else an extra for reports)
    nullable: bool = False  # null when there is no data
    at_least: int = 0  # the smallest count, or the fewest items of a list
    source: str = ""  # where json_out reads it: an attribute path on the figures object (default: the key)
    counted: bool = False  # the number of items of the source, not the source itself
    written_by_reports: bool = False  # not a figure of the Findings: the reports writer adds it
    column: str = ""  # its journeys.csv column, where not the key (with _s for seconds)

    @property
    def csv_column(self) -> str:
        return self.column or (f"{self.key}_s" if self.unit is Unit.SECONDS else self.key)

    @property
    def attribute(self) -> str:
        return self.source or self.key

    @property
    def name(self) -> str:
        """The defined name: what docs/figures.md and the appendix call it."""
        return self.term or self.label

    @property
    def headline_name(self) -> str:
        return self.headline or self.name

    @property
    def key(self) -> str:
        return self.path.rsplit(".", 1)[-1].removesuffix("[]")

    @property
    def parent(self) -> str:
        return self.path.rsplit(".", 1)[0] if "." in self.path else ""


# Short names for the table below, which would otherwise be mostly these two words.
F = Figure
U = Unit

FIGURES: tuple[Figure, ...] = (
    F("schema", "Schema", U.SCHEMA_ID, f"The version of this format: always `{SCHEMA_ID}`."),
    F(
        "as_of",
        "As of",
        U.MOMENT,
        "Now: the build's reference time (`--as-of`, else `SOURCE_DATE_EPOCH`, else the clock).",
    ),
    F(
        "journeys",
        "Journeys",
        U.COUNT,
        "The number of journeys (orders) the figures are computed over.",
        headline="Orders in the cycle",
    ),
    F(
        "lead_time",
        "Lead time",
        U.SUMMARY,
        "Order lead time over the journeys that have it: from the first `entry` visit's `started` (else the first "
        "visit's) to the `ended` of the last `fulfillment` visit, when that visit has ended and the journey is not "
        "cancelled.",
        term="Order lead time",
        in_words="From the first order entry visit's start (else the first visit's) to the end of the "
        "last fulfillment visit, when that visit has ended and the journey is not cancelled.",
    ),
    F(
        "journey_span",
        "Journey span",
        U.SUMMARY,
        "Journey span over all journeys: earliest `started` to `closed` (completed or cancelled), or to now "
        "(open: an order waiting between departments is still on the clock).",
        in_words="From the earliest start to closed (completed or cancelled), or to as-of (open: an "
        "order waiting between departments is still on the clock).",
    ),
    F(
        "unattended",
        "Unattended",
        U.SUMMARY,
        "Unattended time over all journeys: the part of the journey span covered by no visit (the span minus the "
        "union of the visit intervals, open visits up to now).",
        term="Unattended time",
        in_words="The part of the journey span covered by no visit: the span minus the union of the "
        "visit intervals (open visits up to as-of).",
    ),
    F(
        "silence",
        "Silence",
        U.SUMMARY,
        "Silence over all journeys: the longest gap between consecutive moments of the list: the first visit's "
        "`started`, every customer update within the span, the span's end.",
        headline="Customer silence",
        in_words="The longest gap between consecutive moments of the list: the first visit's start, every "
        "customer update within the span, the span's end. A journey without updates is silent for its whole span.",
    ),
    F(
        "on_time",
        "On time",
        U.JUDGED_RATE,
        "The on-time rate over the journeys judged: a journey that is not cancelled and has `promised` is on time "
        "when its last `fulfillment` visit ended on or before `promised` (dates in its timezone), late when it ended "
        "after, or has not ended and now's date is after `promised`; otherwise not yet judged (left out).",
        headline="Delivered on time",
        in_words="A journey that is not cancelled and has a promised date, judged by dates in its timezone: on "
        "time when its last fulfillment visit ended on or before the promised date; late when it ended after, or "
        "when it has not ended and today's date (for a completed journey, the date it closed) is after the "
        "promise; otherwise not yet judged and left out.",
    ),
    F(
        "due_kept",
        "Due kept",
        U.JUDGED_RATE,
        "The due-kept rate over the visits judged: a visit with `due` that ended at or before `due`. Not kept: one "
        "that ended after `due`, or is still open with now after `due`. Open and not yet due: left out.",
        headline="Promised finishes kept",
        in_words="A visit with a due time that ended at or before it. Not kept: ended after it, or still open "
        "past it. Open and not yet due: left out.",
    ),
    F(
        "bottleneck",
        "Bottleneck",
        U.STAGE,
        "Among stages that have a target and n ≥ 3, the one with the largest median time in stage divided by its "
        "target (ties: earlier in the catalogue); null when none qualifies.",
        nullable=True,
        in_words="Among stages with a target and n of at least 3, the one with the largest median time in "
        "stage divided by its target (ties: the earlier stage). None when no stage qualifies.",
    ),
    F(
        "stages",
        "Stages",
        U.PER_STAGE,
        "Per stage, over the journeys that visit it (n); every stage of the catalogue.",
        term="Per stage",
        in_words=(
            "Over the n journeys that visit the stage: time in stage summary; visits; breach rate; "
            "revisit rate (journeys visiting it more than once); customer in view (none 0, low 1, medium 2, high 3: "
            "the mean over each journey's visits, then the mean over journeys); informed rate (journeys with a visit "
            "to it that informed the customer; public stages only)."
        ),
    ),
    F("stages.*.n", "Orders", U.COUNT, "The journeys that visit the stage."),
    F("stages.*.visits", "Visits", U.COUNT, "The count of visits to the stage."),
    F(
        "stages.*.time",
        "Time in stage",
        U.SUMMARY,
        "Time in stage: per journey, the sum of its visit times there.",
        in_words="The sum of a journey's visit times for that stage, open visits included.",
    ),
    F(
        "stages.*.breach_rate",
        "Over target",
        U.RATE,
        "The share of the journeys whose time in the stage is longer than its target; null without a target.",
        term="Breach rate",
        nullable=True,
    ),
    F(
        "stages.*.revisit_rate",
        "Came back",
        U.RATE,
        "The share of the journeys that visit the stage more than once.",
        term="Revisit rate",
        nullable=True,
    ),
    F(
        "stages.*.customer_in_view",
        "In view (0–3)",
        U.LEVEL,
        "Customer in view (none 0, low 1, medium 2, high 3): per journey the mean over its visits to the stage, "
        "then the mean over journeys.",
        term="Customer in view",
        nullable=True,
    ),
    F(
        "stages.*.informed_rate",
        "Customer told",
        U.RATE,
        "The share of the journeys with at least one visit to the stage that informs the customer; null for a "
        "non-public stage.",
        term="Informed rate",
        nullable=True,
    ),
    F("stages.*.target", "Target", U.SECONDS, "The stage's target in seconds.", contract=False, nullable=True),
    F("stages.*.public", "Public", U.FLAG, "Whether the customer sees the stage.", contract=False),
    F("stages.*.breaches", "Journeys over target", U.COUNT, "Journeys over the target.", contract=False),
    F("stages.*.revisits", "Revisits", U.COUNT, "Journeys visiting the stage more than once.", contract=False),
    F(
        "stages.*.informed",
        "Informed",
        U.COUNT,
        "Journeys with a visit to the stage that informs the customer.",
        contract=False,
    ),
    F(
        "handoffs",
        "Handoffs",
        U.LIST,
        "Per ordered pair of owners; most frequent first, ties by from, then to.",
        term="Handoff and wait",
        in_words=(
            "Two consecutive visits in list order whose owners differ. The wait is the next "
            "visit's start minus this visit's end when positive, else 0 (they overlapped; an open visit overlaps "
            "everything after it). Per pair of departments: the count and the median wait."
        ),
    ),
    F("handoffs[].from", "From", U.TEXT, "The owner handing the order on.", source="from_owner"),
    F("handoffs[].to", "To", U.TEXT, "The owner taking it.", source="to_owner"),
    F("handoffs[].count", "Handoffs", U.COUNT, "The number of handoffs from one to the other.", at_least=1),
    F(
        "handoffs[].wait_median",
        "Median wait",
        U.SECONDS,
        "The median wait: `next.started - this.ended` when positive, else 0.",
    ),
    F("handoffs[].wait", "Wait", U.SUMMARY, "The summary of the waits.", contract=False),
    F(
        "handoffs[].total_wait",
        "Total wait",
        U.SECONDS,
        "Handoff total wait: the sum of the waits; the findings report ranks and shades pairs by it.",
        term="Total wait of a handoff pair",
        in_words="The sum of the waits of every handoff between the two departments: the time lost between them. "
        "Pairs are ranked and shaded by it.",
    ),
    F(
        "paths",
        "Stage paths",
        U.LIST,
        "Each distinct stage path (the stage keys of the visits in order, consecutive repeats merged); most "
        "frequent first, ties by the path joined with ` > `.",
        term="Stage path",
        in_words=(
            "The stage keys of the visits in order, consecutive repeats merged: the journey's variant. "
            "Counted with its share of all journeys."
        ),
    ),
    F("paths[].path", "Path", U.STAGES, "The stage keys of the path.", at_least=1),
    F("paths[].count", "Orders", U.COUNT, "The journeys taking this path.", at_least=1),
    F("paths[].share", "Share", U.RATE, "Their share of all journeys."),
    F(
        "observations",
        "Observations",
        U.LIST,
        "Every observation whatever its status, heaviest first, ties by id.",
    ),
    F("observations[].id", "Id", U.TEXT, "The observation's id."),
    F("observations[].stage", "Stage", U.STAGE, "The stage it concerns."),
    F("observations[].severity", "Severity", U.SEVERITY, "Its severity."),
    F("observations[].status", "Status", U.OBSERVATION_STATUS, "Its status."),
    F(
        "observations[].weight",
        "Weight",
        U.COUNT,
        "Observation weight: severity low 1, medium 2, high 4, critical 8, times the number of orders it names "
        "(at least 1).",
        at_least=1,
        term="Observation weight",
        in_words="Severity (low 1, medium 2, high 4, critical 8) times the number of orders the "
        "observation names, at least 1. Stages and tags are ranked by the summed weight of their open and "
        "in-progress observations.",
    ),
    F("observations[].tags", "Tags", U.TEXTS, "Its tags, in code point order.", contract=False),
    F(
        "observations_by_stage",
        "By stage",
        U.LIST,
        "Stages by the summed weight of their open and in-progress observations, heaviest first.",
        contract=False,
    ),
    F("observations_by_stage[].stage", "Stage", U.STAGE, "The stage.", source="name"),
    F("observations_by_stage[].weight", "Weight", U.COUNT, "The summed weight.", at_least=1),
    F("observations_by_stage[].observations", "Observations", U.TEXTS, "Their ids, heaviest first."),
    F(
        "observations_by_tag",
        "By tag",
        U.LIST,
        "Tags by the summed weight of their open and in-progress observations, heaviest first.",
        contract=False,
    ),
    F("observations_by_tag[].tag", "Tag", U.TEXT, "The tag.", source="name"),
    F("observations_by_tag[].weight", "Weight", U.COUNT, "The summed weight.", at_least=1),
    F("observations_by_tag[].observations", "Observations", U.TEXTS, "Their ids, heaviest first."),
    F("per_journey", "Journeys", U.LIST, "Every journey's figures, by order (code point order)."),
    F("per_journey[].order", "Order", U.TEXT, "The order."),
    F(
        "per_journey[].status",
        "Status",
        U.JOURNEY_STATUS,
        "`status` as written; absent, `open` when a visit is open, else `completed`.",
    ),
    F("per_journey[].span", "Span", U.SECONDS, "Its journey span.", term="Journey span"),
    F("per_journey[].lead_time", "Lead time", U.SECONDS, "Its order lead time; null when it has none.", nullable=True),
    F("per_journey[].unattended", "Unattended", U.SECONDS, "Its unattended time."),
    F(
        "per_journey[].silence",
        "Silence",
        U.SECONDS,
        "Its silence: the longest gap without a customer update.",
        source="silence.seconds",
    ),
    F(
        "per_journey[].on_time",
        "On time",
        U.FLAG,
        "True on time, false late, null when cancelled, without `promised` or not yet judged.",
        nullable=True,
    ),
    F("per_journey[].start", "Started", U.MOMENT, "The earliest `started`.", contract=False, column="started"),
    F("per_journey[].end", "Ended", U.MOMENT, "The span's end: `closed`, or now while open.", contract=False),
    F(
        "per_journey[].closed",
        "Closed",
        U.MOMENT,
        "`closed` as written, else the latest `ended`; null while open.",
        contract=False,
        nullable=True,
    ),
    F(
        "per_journey[].silence_start",
        "Silence from",
        U.MOMENT,
        "Where its silence starts.",
        contract=False,
        source="silence.start",
    ),
    F(
        "per_journey[].silence_end",
        "Silence until",
        U.MOMENT,
        "Where its silence ends.",
        contract=False,
        source="silence.end",
    ),
    F("per_journey[].visits", "Visits", U.COUNT, "Its visits.", contract=False, at_least=1, counted=True),
    F("per_journey[].handoffs", "Handoffs", U.COUNT, "Its handoffs.", contract=False, counted=True),
    F(
        "per_journey[].revisits",
        "Revisits",
        U.COUNT,
        "Its visits to a stage an earlier visit already had.",
        contract=False,
    ),
    F(
        "per_journey[].back_steps",
        "Back-steps",
        U.COUNT,
        "Its visits to a stage earlier in the catalogue than the previous visit's.",
        contract=False,
    ),
    F(
        "per_journey[].customer_updates",
        "Customer updates",
        U.COUNT,
        "Its customer updates.",
        contract=False,
        counted=True,
    ),
    F("per_journey[].path", "Path", U.STAGES, "Its stage path.", contract=False),
    F(
        "per_journey[].time_in_stage",
        "Time in stage",
        U.SECONDS_BY_STAGE,
        "Its time in each stage it visited.",
        contract=False,
        source="stages",
        column="time_in_{stage}_s",
    ),
    F(
        "per_journey[].breaches",
        "Over target",
        U.STAGES,
        "The stages whose target it breached, catalogue order.",
        contract=False,
        column="over_target",
    ),
    F("segments", "By segment", U.LIST, "Per `customer.segment` (absent: `(none)`), in code point order."),
    F("segments[].segment", "Segment", U.TEXT, "The segment.", source="name"),
    F("segments[].journeys", "Orders", U.COUNT, "Its journeys."),
    F("segments[].journey_span", "Journey span", U.SUMMARY, "Their journey span."),
    F("segments[].lead_time", "Order lead time", U.SUMMARY, "Their order lead time."),
    F("segments[].on_time", "On time", U.JUDGED_RATE, "Their on-time rate."),
    F(
        "months",
        "By month",
        U.LIST,
        "Per calendar month, in site.yaml's timezone, of the journey's first `started`, oldest first.",
    ),
    F("months[].month", "Month", U.MONTH, "The month.", source="name"),
    F("months[].journeys", "Orders", U.COUNT, "Its journeys."),
    F("months[].journey_span", "Journey span", U.SUMMARY, "Their journey span."),
    F("months[].lead_time", "Order lead time", U.SUMMARY, "Their order lead time."),
    F("months[].on_time", "On time", U.JUDGED_RATE, "Their on-time rate."),
    F(
        "value_at_risk",
        "Value at risk",
        U.LIST,
        "Per currency, the count and exact decimal sum of `value.amount` over the open journeys judged late; never "
        "converted, never added across currencies. By currency, in code point order.",
        in_words="Per currency, the count and exact sum of the value of open journeys judged late. "
        "Never converted, never added across currencies.",
    ),
    F("value_at_risk[].currency", "Currency", U.CURRENCY, "The currency."),
    F(
        "value_at_risk[].count",
        "Late open orders",
        U.COUNT,
        "The open journeys judged late with a value in it.",
        at_least=1,
    ),
    F("value_at_risk[].amount", "Value", U.MONEY, "The exact sum of their `value.amount`."),
    F(
        "late_open_without_value",
        "Late open without value",
        U.COUNT,
        "Open journeys judged late that carry no value (so value at risk cannot show them).",
        contract=False,
    ),
    F(
        "silence_stages",
        "Silence stages",
        U.LIST,
        "Silence stage: for a journey's silence gap, the stage whose visits cover most of the gap (ties: earlier in "
        "the catalogue); `null` when no visit covers any of it. Each stage that is some journey's silence stage, "
        "catalogue order, `null` last.",
        term="Silence stage",
        in_words="For a journey's longest silence, the stage whose visits cover most of it (ties: the earlier "
        "stage); none when no visit covers any of it. The report lists each such stage with its journeys and their "
        "median silence.",
    ),
    F("silence_stages[].stage", "Stage", U.STAGE, "The stage; null: the order sat unattended.", nullable=True),
    F("silence_stages[].journeys", "Orders", U.COUNT, "The journeys whose silence stage it is.", at_least=1),
    F("silence_stages[].median", "Median silence", U.SECONDS, "The median of their silences."),
    F(
        "late_notice",
        "Late-notice lag",
        U.PER_STAGE,
        "Late-notice lag: for each visit whose due was not kept, the time from its `due` to the first customer "
        "update of the journey at or after that `due`; with none, up to the journey span's end (now while it is "
        "open), and the lag is open. Every stage of the catalogue.",
        term="Wait after a missed promise (late-notice lag)",
        in_words="For each visit that missed its promised finish (due), the time from that due to the next "
        "customer update; with none yet, up to the end of the journey span (now while open), counted as still "
        "waiting.",
    ),
    F("late_notice.*.n", "Missed", U.COUNT, "The visits of the stage whose due was not kept.", source="lags.n"),
    F(
        "late_notice.*.median",
        "Median wait",
        U.SECONDS,
        "The median lag, open lags included.",
        nullable=True,
        source="lags.median",
    ),
    F("late_notice.*.p90", "p90 wait", U.SECONDS, "The p90 lag, open lags included.", nullable=True, source="lags.p90"),
    F("late_notice.*.open", "Still waiting", U.COUNT, "The lags with no customer update yet."),
    F(
        "stage_map",
        "Stage map",
        U.LIST,
        "The directly-follows counts of stage paths (each two consecutive stages of a journey's path, plus "
        "`start > first` and `last > end` for every journey), with the median wait on each edge; most frequent "
        "first, ties by from, then to (catalogue order).",
    ),
    F("stage_map[].from", "From", U.STAGE_OR_START, "The stage stepped from, or `start`.", source="from_stage"),
    F("stage_map[].to", "To", U.STAGE_OR_END, "The stage stepped to, or `end`.", source="to_stage"),
    F("stage_map[].count", "Orders", U.COUNT, "How often the step was taken.", at_least=1),
    F(
        "stage_map[].wait_median",
        "Median wait",
        U.SECONDS,
        "The median wait on the edge: the handoff wait from the last visit of one run of a stage to the first of "
        "the next, 0 within one owner, 0 on the start and end edges.",
    ),
    F(
        "period",
        "Period",
        U.RECORD,
        "With `--period` only: the period the findings cover, and the previous one's findings.",
        contract=False,
        written_by_reports=True,
    ),
    F("period.from", "From", U.MOMENT, "The period's first moment, in site.yaml's timezone."),
    F("period.until", "Until", U.MOMENT, "The moment after its last (exclusive)."),
    F("period.previous", "Previous period", U.FINDINGS, "Every figure above for the previous period."),
    F("period.previous.from", "From", U.MOMENT, "The previous period's first moment."),
    F("period.previous.until", "Until", U.MOMENT, "The moment after its last (exclusive)."),
)

_BY_PATH: dict[str, Figure] = {entry.path: entry for entry in FIGURES}
assert len(_BY_PATH) == len(FIGURES), "a path declared twice"


def figure(path: str) -> Figure:
    """The registry entry of a findings.json path, e.g. `stages.*.breach_rate`."""
    return _BY_PATH[path]


def children(parent: str) -> tuple[Figure, ...]:
    """The keys directly under a container, in findings.json's order."""
    return tuple(entry for entry in FIGURES if entry.parent == parent)
