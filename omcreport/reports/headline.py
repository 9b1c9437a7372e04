"""The findings report's one page of headline figures, in plain words, each beside the
previous period's value and its change when the report covers a period (ANALYTICS.md
"Periods": durations as a difference, rates in percentage points)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from omcreport.analyze import Findings, Rate, Summary, round_half_up
from omcreport.analyze.figures import figure
from omcreport.reports import formatting as fmt
from omcreport.wording import count_noun


@dataclass(frozen=True)
class Comparison:
    """A period report's figures beside the previous period's (ANALYTICS.md "Periods")."""

    label: str  # this period in words, e.g. November 2026
    previous_label: str
    previous: Findings


@dataclass(frozen=True)
class Headline:
    id: str
    name: str
    value: str
    detail: str
    short: str = ""  # the detail in a few words, for the cover
    words: bool = False  # a value in words (a stage name), printed smaller
    previous: str | None = None  # the previous period's value, when comparing
    change: str | None = None


def _name(path: str) -> str:
    return figure(path).headline_name


def _signed_duration(now: Fraction | int | None, before: Fraction | int | None) -> str:
    if now is None or before is None:
        return fmt.DASH
    change = Fraction(now) - Fraction(before)
    if change == 0:
        return "no change"
    return ("+" if change > 0 else "−") + fmt.duration(abs(change))


def _points(now: Fraction | None, before: Fraction | None) -> str:
    if now is None or before is None:
        return fmt.DASH
    points = round_half_up((Fraction(now) - Fraction(before)) * 100)
    return "no change" if points == 0 else f"{points:+d} points".replace("-", "−")


def _count_change(now: int, before: int) -> str:
    return "no change" if now == before else f"{now - before:+d}".replace("-", "−")


def _share(rate: Rate) -> str:
    return fmt.DASH if rate.rate is None else fmt.percent(rate.rate)


def _typical(summary: Summary) -> str:
    return fmt.duration(summary.median)


def _bottleneck(f: Findings, names: dict[str, str]) -> str:
    return names[f.bottleneck] if f.bottleneck is not None else "none"


def _late(f: Findings) -> int:
    return sum(1 for figures in f.per_journey if figures.on_time is False)


def _at_risk(f: Findings) -> str:
    return "; ".join(fmt.money(v.amount, v.currency) for v in f.value_at_risk) or "none"


@dataclass(frozen=True)
class _Row:
    id: str
    name: str
    value: Callable[[Findings], str]
    detail: str
    short: str
    change: Callable[[Findings, Findings], str] | None
    words: bool = False


def headlines(f: Findings, names: dict[str, str], comparison: Comparison | None = None) -> list[Headline]:
    """The headline figures of `f`, each compared with the previous period when given."""
    late_open = sum(v.count for v in f.value_at_risk)
    rows = [
        _Row(
            "journeys",
            _name("journeys"),
            lambda g: str(g.journeys),
            f"{sum(1 for j in f.per_journey if j.status == 'open')} still open",
            "",
            lambda g, h: _count_change(g.journeys, h.journeys),
        ),
        _Row(
            "lead-time",
            _name("lead_time"),
            lambda g: _typical(g.lead_time),
            f"typical (median) time from order entry to delivery, across "
            f"{count_noun(f.lead_time.n, 'delivered order')}; 9 in 10 within {fmt.duration(f.lead_time.p90)}",
            f"typical, across {count_noun(f.lead_time.n, 'delivered order')}",
            lambda g, h: _signed_duration(g.lead_time.median, h.lead_time.median),
        ),
        _Row(
            "on-time",
            _name("on_time"),
            lambda g: _share(g.on_time),
            f"{f.on_time.n - _late(f)} of {count_noun(f.on_time.n, 'order')} with a promised date arrived by it",
            f"{f.on_time.n - _late(f)} of {f.on_time.n} promised",
            lambda g, h: _points(g.on_time.rate, h.on_time.rate),
        ),
        _Row(
            "due-kept",
            _name("due_kept"),
            lambda g: _share(g.due_kept),
            f"of {count_noun(f.due_kept.n, 'stage visit')} promised to finish by a set time",
            "",
            lambda g, h: _points(g.due_kept.rate, h.due_kept.rate),
        ),
        _Row(
            "silence",
            _name("silence"),
            lambda g: _typical(g.silence),
            f"typical (median) longest time a customer heard nothing, across "
            f"{count_noun(f.silence.n, 'order')}; the longest {fmt.duration(f.silence.max)}",
            f"typical longest, across {count_noun(f.silence.n, 'order')}",
            lambda g, h: _signed_duration(g.silence.median, h.silence.median),
        ),
        _Row(
            "unattended",
            _name("unattended"),
            lambda g: _typical(g.unattended),
            f"typical (median) time no department held the order, across {count_noun(f.unattended.n, 'order')}",
            "",
            lambda g, h: _signed_duration(g.unattended.median, h.unattended.median),
        ),
        _Row(
            "bottleneck",
            _name("bottleneck"),
            lambda g: _bottleneck(g, names),
            _bottleneck_detail(f),
            _bottleneck_short(f),
            lambda g, h: "same stage" if g.bottleneck == h.bottleneck else "moved",
            words=True,
        ),
        _Row(
            "value-at-risk",
            _name("value_at_risk"),
            _at_risk,
            f"in {count_noun(late_open, 'open order')} already late"
            + (f", and {f.late_open_without_value} more with no value written" if f.late_open_without_value else ""),
            "",
            None,
            words=True,
        ),
        _Row(
            "span",
            _name("journey_span"),
            lambda g: _typical(g.journey_span),
            f"typical (median) time from the first stage to closing (to now while open), across "
            f"{count_noun(f.journey_span.n, 'order')}",
            "",
            lambda g, h: _signed_duration(g.journey_span.median, h.journey_span.median),
        ),
    ]
    result = []
    for row in rows:
        previous = change = None
        if comparison is not None:
            previous = row.value(comparison.previous)
            change = row.change(f, comparison.previous) if row.change is not None else None
        result.append(Headline(row.id, row.name, row.value(f), row.detail, row.short, row.words, previous, change))
    return result


def _bottleneck_short(f: Findings) -> str:
    if f.bottleneck is None:
        return "no stage qualifies"
    stage = f.stage(f.bottleneck)
    return f"typical {fmt.duration(stage.time.median)} against {fmt.duration(stage.target)}"


def _bottleneck_detail(f: Findings) -> str:
    if f.bottleneck is None:
        return "no stage with a target was visited by at least 3 orders"
    stage = f.stage(f.bottleneck)
    assert stage.time.median is not None and stage.target is not None
    return (
        f"typical (median) {fmt.duration(stage.time.median)} there against a target of "
        f"{fmt.duration(stage.target)} ({fmt.percent(Fraction(stage.time.median) / stage.target)} of target), "
        f"across {count_noun(stage.n, 'order')}"
    )
