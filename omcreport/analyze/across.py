"""The figures across journeys (ANALYTICS.md "Across journeys")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from omcreport.analyze.breakdowns import (
    Breakdown,
    ValueAtRisk,
    by_month,
    by_segment,
    late_open_without_value,
    value_at_risk,
)
from omcreport.analyze.fades import LateNotice, SilenceStage, StageEdge, late_notice, silence_stages, stage_map
from omcreport.analyze.intervals import Seconds, require_aware
from omcreport.analyze.journey import JourneyFigures, StageTime, journey_figures
from omcreport.analyze.observations import (
    ObservationWeight,
    RankedWeight,
    rank_by_stage,
    rank_by_tag,
    weigh_observations,
)
from omcreport.analyze.percentiles import Rate, Summary, judged_rate, mean, median, rate, summarize
from omcreport.model import Catalogue, Content, Journey, Stage

BOTTLENECK_MINIMUM_N = 3


@dataclass(frozen=True)
class StageFigures:
    """One stage over the n journeys that visit it; every rate is None when n = 0."""

    stage: str
    public: bool
    target: int | None
    n: int
    visits: int
    time: Summary  # time in stage
    breaches: int
    breach_rate: Fraction | None  # None without a target
    revisits: int  # journeys that visit it more than once
    revisit_rate: Fraction | None
    customer_in_view: Fraction | None  # mean over journeys of their mean over visits
    informed: int
    informed_rate: Fraction | None  # None for a non-public stage


@dataclass(frozen=True)
class HandoffFigures:
    from_owner: str
    to_owner: str
    count: int
    wait_median: Seconds
    wait: Summary
    total_wait: Seconds  # the sum of the waits: what reports rank pairs by


@dataclass(frozen=True)
class PathFigures:
    path: tuple[str, ...]
    count: int
    share: Fraction


@dataclass(frozen=True)
class Findings:
    as_of: datetime
    journeys: int
    lead_time: Summary
    journey_span: Summary
    unattended: Summary
    silence: Summary
    on_time: Rate
    due_kept: Rate
    bottleneck: str | None
    stages: tuple[StageFigures, ...]  # every stage, catalogue order
    handoffs: tuple[HandoffFigures, ...]  # most frequent first, ties by from, to
    paths: tuple[PathFigures, ...]  # most frequent first, ties by " > ".join(path)
    observations: tuple[ObservationWeight, ...]  # heaviest first, ties by id
    observations_by_stage: tuple[RankedWeight, ...]  # open + in-progress only
    observations_by_tag: tuple[RankedWeight, ...]
    segments: tuple[Breakdown, ...]
    months: tuple[Breakdown, ...]
    value_at_risk: tuple[ValueAtRisk, ...]
    late_open_without_value: int
    per_journey: tuple[JourneyFigures, ...]  # by order, code point order
    silence_stages: tuple[SilenceStage, ...]  # catalogue order, None last
    late_notice: tuple[LateNotice, ...]  # every stage, catalogue order
    stage_map: tuple[StageEdge, ...]  # most frequent first

    def stage(self, key: str) -> StageFigures:
        for figures in self.stages:
            if figures.stage == key:
                return figures
        raise KeyError(key)


def _stage_figures(stage: Stage, times: Sequence[StageTime]) -> StageFigures:
    n = len(times)
    breaches = sum(1 for time in times if time.breached)
    revisits = sum(1 for time in times if time.visits > 1)
    informed = sum(1 for time in times if time.informed)
    return StageFigures(
        stage=stage.key,
        public=stage.public,
        target=stage.target,
        n=n,
        visits=sum(time.visits for time in times),
        time=summarize(time.time for time in times),
        breaches=breaches,
        breach_rate=rate(breaches, n) if stage.target is not None else None,
        revisits=revisits,
        revisit_rate=rate(revisits, n),
        customer_in_view=mean(time.customer_in_view for time in times),
        informed=informed,
        informed_rate=rate(informed, n) if stage.public else None,
    )


def _stages(catalogue: Catalogue, per_journey: Sequence[JourneyFigures]) -> tuple[StageFigures, ...]:
    times: dict[str, list[StageTime]] = {stage.key: [] for stage in catalogue.stages}
    for figures in per_journey:
        for stage_time in figures.stages:
            times[stage_time.stage].append(stage_time)
    return tuple(_stage_figures(stage, times[stage.key]) for stage in catalogue.stages)


def bottleneck(stages: Sequence[StageFigures]) -> str | None:
    """The stage with the largest median time in stage / target, among those with a target
    and n >= 3; ties go to the earlier stage. Exact ratios. A zero target has no ratio."""
    best: tuple[Fraction, str] | None = None
    for figures in stages:  # catalogue order: only a strictly larger ratio replaces
        if figures.target is None or figures.target <= 0 or figures.n < BOTTLENECK_MINIMUM_N:
            continue
        if figures.time.median is None:
            continue
        ratio = figures.time.median / figures.target
        if best is None or ratio > best[0]:
            best = (ratio, figures.stage)
    return best[1] if best is not None else None


def _handoffs(per_journey: Sequence[JourneyFigures]) -> tuple[HandoffFigures, ...]:
    waits: dict[tuple[str, str], list[Seconds]] = {}
    for figures in per_journey:
        for handoff in figures.handoffs:
            waits.setdefault((handoff.from_owner, handoff.to_owner), []).append(handoff.wait)
    rows = []
    for (from_owner, to_owner), pair_waits in waits.items():
        wait_median = median(pair_waits)
        assert wait_median is not None  # a pair exists only with at least one handoff
        rows.append(
            HandoffFigures(
                from_owner, to_owner, len(pair_waits), wait_median, summarize(pair_waits), sum(pair_waits, Fraction(0))
            )
        )
    return tuple(sorted(rows, key=lambda row: (-row.count, row.from_owner, row.to_owner)))


def _paths(per_journey: Sequence[JourneyFigures]) -> tuple[PathFigures, ...]:
    counts: dict[tuple[str, ...], int] = {}
    for figures in per_journey:
        counts[figures.path] = counts.get(figures.path, 0) + 1
    total = len(per_journey)
    rows = [PathFigures(path, count, Fraction(count, total)) for path, count in counts.items()]
    return tuple(sorted(rows, key=lambda row: (-row.count, " > ".join(row.path))))


def findings(content: Content, as_of: datetime) -> Findings:
    """Every across-journeys figure of ANALYTICS.md at the reference time `as_of`."""
    require_aware(as_of)
    journeys: list[Journey] = sorted(content.journeys, key=lambda journey: journey.order)
    pairs = [(journey, journey_figures(journey, content.catalogue, as_of)) for journey in journeys]
    per_journey = [figures for _, figures in pairs]
    stages = _stages(content.catalogue, per_journey)
    weighed = weigh_observations(content.observations)
    return Findings(
        as_of=as_of,
        journeys=len(per_journey),
        lead_time=summarize(figures.lead_time for figures in per_journey if figures.lead_time is not None),
        journey_span=summarize(figures.span for figures in per_journey),
        unattended=summarize(figures.unattended for figures in per_journey),
        silence=summarize(figures.silence.seconds for figures in per_journey),
        on_time=judged_rate(figures.on_time for figures in per_journey),
        due_kept=judged_rate(visit.due_kept for figures in per_journey for visit in figures.visits),
        bottleneck=bottleneck(stages),
        stages=stages,
        handoffs=_handoffs(per_journey),
        paths=_paths(per_journey),
        observations=weighed,
        observations_by_stage=rank_by_stage(weighed, content.catalogue),
        observations_by_tag=rank_by_tag(weighed),
        segments=by_segment(pairs),
        months=by_month(pairs, content.site.timezone),
        value_at_risk=value_at_risk(pairs),
        late_open_without_value=late_open_without_value(pairs),
        per_journey=tuple(per_journey),
        silence_stages=silence_stages(per_journey, content.catalogue),
        late_notice=late_notice(per_journey, content.catalogue),
        stage_map=stage_map(per_journey, content.catalogue),
    )
