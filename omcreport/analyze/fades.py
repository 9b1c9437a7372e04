"""Where the customer fades (ANALYTICS.md v2): the stage holding each journey's longest
silence, how long a customer waits for a word after a promise breaks, and the stage map
of which stage follows which, with its waits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from omcreport.analyze.intervals import Seconds, clip, seconds_between, seconds_of, union_length
from omcreport.analyze.journey import JourneyFigures
from omcreport.analyze.percentiles import Summary, median, summarize
from omcreport.model import Catalogue

START = "start"
END = "end"


@dataclass(frozen=True)
class SilenceStage:
    stage: str | None  # None: no visit covers any of the silence (the order sat unattended)
    journeys: int
    median: Seconds


@dataclass(frozen=True)
class LateNotice:
    """Per stage: the lags from a broken due to the customer's next word."""

    stage: str
    lags: Summary  # open lags included
    open: int  # lags with no customer update yet (measured to the span's end)


@dataclass(frozen=True)
class StageEdge:
    from_stage: str  # a stage key or START
    to_stage: str  # a stage key or END
    count: int
    wait_median: Seconds


def _visit_end(figures: JourneyFigures, ended: datetime | None) -> datetime:
    # Only an open journey has an open visit, and its span ends now.
    return ended if ended is not None else figures.end


def silence_stage(figures: JourneyFigures, catalogue: Catalogue) -> str | None:
    """The stage whose visits cover most of the journey's silence (ties: earlier in the
    catalogue); None when no visit covers any of it."""
    gap_start, gap_end = figures.silence.start, figures.silence.end
    best: tuple[Seconds, str] | None = None
    for stage in catalogue.stages:  # catalogue order: only strictly more coverage replaces
        intervals = [
            clip(visit.started, _visit_end(figures, visit.ended), gap_start, gap_end)
            for visit in figures.visits
            if visit.stage == stage.key
        ]
        if not intervals:
            continue
        covered = seconds_of(union_length(intervals))
        if covered > 0 and (best is None or covered > best[0]):
            best = (covered, stage.key)
    return best[1] if best is not None else None


def silence_stages(per_journey: Sequence[JourneyFigures], catalogue: Catalogue) -> tuple[SilenceStage, ...]:
    """Each stage that is some journey's silence stage, in catalogue order, then None."""
    silences: dict[str | None, list[Seconds]] = {}
    for figures in per_journey:
        silences.setdefault(silence_stage(figures, catalogue), []).append(figures.silence.seconds)
    order: list[str | None] = [stage.key for stage in catalogue.stages if stage.key in silences]
    if None in silences:
        order.append(None)
    rows = []
    for key in order:
        middle = median(silences[key])
        assert middle is not None  # a stage is listed only with at least one journey
        rows.append(SilenceStage(key, len(silences[key]), middle))
    return tuple(rows)


def late_notice_lags(figures: JourneyFigures) -> list[tuple[str, Seconds, bool]]:
    """(stage, lag, open) for each visit whose due was not kept."""
    lags = []
    for visit in figures.visits:
        if visit.due_kept is not False or visit.due is None:
            continue
        word = next((moment for moment in figures.customer_updates if moment >= visit.due), None)
        if word is not None:
            lags.append((visit.stage, seconds_between(visit.due, word), False))
        else:
            lags.append((visit.stage, seconds_between(visit.due, figures.end), True))
    return lags


def late_notice(per_journey: Sequence[JourneyFigures], catalogue: Catalogue) -> tuple[LateNotice, ...]:
    """Every stage of the catalogue, in its order (n may be 0)."""
    by_stage: dict[str, list[tuple[Seconds, bool]]] = {stage.key: [] for stage in catalogue.stages}
    for figures in per_journey:
        for stage, lag, is_open in late_notice_lags(figures):
            by_stage[stage].append((lag, is_open))
    return tuple(
        LateNotice(key, summarize(lag for lag, _ in lags), sum(1 for _, is_open in lags if is_open))
        for key, lags in by_stage.items()
    )


def journey_edges(figures: JourneyFigures) -> list[tuple[str, str, Seconds]]:
    """The directly-follows edges of one journey's path, with the wait on each: the handoff
    wait from the last visit of one run of a stage to the first of the next (0 within one
    owner), 0 on the start and end edges."""
    waits = {(handoff.from_position, handoff.to_position): handoff.wait for handoff in figures.handoffs}
    edges: list[tuple[str, str, Seconds]] = []
    visits = figures.visits
    if visits:
        edges.append((START, visits[0].stage, 0))
    for before, after in pairwise(visits):
        if before.stage != after.stage:
            edges.append((before.stage, after.stage, waits.get((before.position, after.position), 0)))
    if visits:
        edges.append((visits[-1].stage, END, 0))
    return edges


def stage_map(per_journey: Sequence[JourneyFigures], catalogue: Catalogue) -> tuple[StageEdge, ...]:
    """Most frequent first; ties by from, then to, in catalogue order (start first, end last)."""
    waits: dict[tuple[str, str], list[Seconds]] = {}
    for figures in per_journey:
        for from_stage, to_stage, wait in journey_edges(figures):
            waits.setdefault((from_stage, to_stage), []).append(wait)
    rank = {START: 0, **{stage.key: stage.index for stage in catalogue.stages}, END: len(catalogue.stages) + 1}
    rows = []
    for (from_stage, to_stage), edge_waits in waits.items():
        middle = median(edge_waits)
        assert middle is not None
        rows.append(StageEdge(from_stage, to_stage, len(edge_waits), middle))
    return tuple(sorted(rows, key=lambda row: (-row.count, rank[row.from_stage], rank[row.to_stage])))
