"""The figures of one journey (ANALYTICS.md "One journey")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from itertools import pairwise
from zoneinfo import ZoneInfo

from omcreport.analyze.intervals import Seconds, clip, require_aware, seconds_between, seconds_of, union_length
from omcreport.analyze.updates import customer_updates, public_stage_keys, speaks_to_customer
from omcreport.model import Catalogue, Journey, Visit
from omcreport.vocabulary import CUSTOMER_IN_VIEW_LEVELS

CUSTOMER_IN_VIEW_SCORE: dict[str, int] = {level: score for score, level in enumerate(CUSTOMER_IN_VIEW_LEVELS)}


@dataclass(frozen=True)
class VisitFigures:
    """One visit as the figures see it; `position` is its 0-based place in the list."""

    position: int
    stage: str
    owner: str
    started: datetime
    ended: datetime | None
    time: Seconds  # ended - started; open: now - started
    due: datetime | None
    due_kept: bool | None  # None: no due, or open and not yet due
    revisit: bool
    back_step: bool
    informs_customer: bool
    customer_in_view: int  # none 0, low 1, medium 2, high 3


@dataclass(frozen=True)
class StageTime:
    """A stage the journey visited: its time in stage against the target."""

    stage: str
    visits: int
    time: Seconds
    target: int | None
    breached: bool  # time > target
    customer_in_view: Fraction  # mean over the journey's visits to the stage
    informed: bool  # at least one visit to it informs the customer


@dataclass(frozen=True)
class Handoff:
    """Consecutive visits with different owners; wait 0 when they overlapped."""

    from_owner: str
    to_owner: str
    from_position: int
    to_position: int
    wait: Seconds


@dataclass(frozen=True)
class Silence:
    """The longest gap between customer-facing moments, and where it lies."""

    seconds: Seconds
    start: datetime
    end: datetime


@dataclass(frozen=True)
class JourneyFigures:
    order: str
    status: str
    closed: datetime | None
    start: datetime  # earliest started
    end: datetime  # closed (completed, cancelled) or now (open)
    span: Seconds
    lead_time: Seconds | None
    unattended: Seconds
    visits: tuple[VisitFigures, ...]
    stages: tuple[StageTime, ...]  # visited stages, catalogue order
    handoffs: tuple[Handoff, ...]
    revisits: int
    back_steps: int
    path: tuple[str, ...]
    customer_updates: tuple[datetime, ...]
    silence: Silence
    on_time: bool | None  # None: cancelled, no promise, or not yet judged
    breaches: tuple[str, ...]  # stage keys, catalogue order

    @property
    def late_open(self) -> bool:
        """Still open and already judged late: the journeys value at risk counts."""
        return self.status == "open" and self.on_time is False

    def time_in_stage(self, stage: str) -> Seconds:
        """Time in stage; 0 for a stage the journey did not visit."""
        for stage_time in self.stages:
            if stage_time.stage == stage:
                return stage_time.time
        return 0


_ZERO = timedelta(0)


def _visit_end(visit: Visit, as_of: datetime) -> datetime:
    return visit.ended if visit.ended is not None else as_of


def _due_kept(visit: Visit, as_of: datetime) -> bool | None:
    if visit.due is None:
        return None
    if visit.ended is not None:
        return visit.ended <= visit.due
    return False if as_of > visit.due else None


def _last_of_stage(journey: Journey, stage: str) -> Visit | None:
    for visit in reversed(journey.visits):
        if visit.stage == stage:
            return visit
    return None


def _first_of_stage(journey: Journey, stage: str) -> Visit | None:
    for visit in journey.visits:
        if visit.stage == stage:
            return visit
    return None


def _lead_time(journey: Journey, status: str) -> Seconds | None:
    if status == "cancelled":
        return None
    last_fulfillment = _last_of_stage(journey, "fulfillment")
    if last_fulfillment is None or last_fulfillment.ended is None:
        return None
    first = _first_of_stage(journey, "entry") or journey.visits[0]
    return seconds_between(first.started, last_fulfillment.ended)


def _local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def on_time(journey: Journey, as_of: datetime) -> bool | None:
    """ANALYTICS.md's on-time verdict: True on time, False late, None not judged (yet)."""
    return _on_time(journey, journey.status, journey.closed, as_of)


def last_visit_of(journey: Journey, stage: str) -> Visit | None:
    return _last_of_stage(journey, stage)


def _on_time(journey: Journey, status: str, closed: datetime | None, as_of: datetime) -> bool | None:
    if status == "cancelled" or journey.promised is None:
        return None
    zone = ZoneInfo(journey.timezone)
    last_fulfillment = _last_of_stage(journey, "fulfillment")
    if last_fulfillment is not None and last_fulfillment.ended is not None:
        return _local_date(last_fulfillment.ended, zone) <= journey.promised
    reference = closed if status == "completed" and closed is not None else as_of
    return False if _local_date(reference, zone) > journey.promised else None


def _handoffs(journey: Journey) -> tuple[Handoff, ...]:
    found = []
    for position, (this, following) in enumerate(pairwise(journey.visits)):
        if this.owner == following.owner:
            continue
        wait = _ZERO
        if this.ended is not None:
            wait = max(_ZERO, following.started - this.ended)
        found.append(Handoff(this.owner, following.owner, position, position + 1, seconds_of(wait)))
    return tuple(found)


def silence_gaps(start: datetime, end: datetime, updates: Iterable[datetime]) -> list[tuple[datetime, datetime]]:
    """The gaps between the span's start, each customer update inside the span, and its end."""
    return list(pairwise([start, *(moment for moment in updates if start <= moment <= end), end]))


def _silence(start: datetime, end: datetime, updates: list[datetime]) -> Silence:
    """The longest of `silence_gaps` (the first among equals)."""
    longest, longest_start, longest_end = _ZERO, start, start
    for before, after in silence_gaps(start, end, updates):
        if after - before > longest:
            longest, longest_start, longest_end = after - before, before, after
    return Silence(seconds=seconds_of(longest), start=longest_start, end=longest_end)


def _path(stages: list[str]) -> tuple[str, ...]:
    path: list[str] = []
    for stage in stages:
        if not path or path[-1] != stage:
            path.append(stage)
    return tuple(path)


def journey_figures(journey: Journey, catalogue: Catalogue, as_of: datetime) -> JourneyFigures:
    """Every one-journey figure of ANALYTICS.md at the reference time `as_of`."""
    require_aware(as_of)
    # Arithmetic runs on timedeltas (exact to the microsecond and fast); Fractions only at the end.
    status = journey.status
    closed = journey.closed
    start = min(visit.started for visit in journey.visits)
    end = as_of if status == "open" or closed is None else closed
    index_of = {stage.key: stage.index for stage in catalogue.stages}
    public = public_stage_keys(catalogue)

    visits: list[VisitFigures] = []
    visit_times: list[timedelta] = []
    seen: set[str] = set()
    previous_index: int | None = None
    for position, visit in enumerate(journey.visits):
        index = index_of[visit.stage]
        visit_time = _visit_end(visit, as_of) - visit.started
        visit_times.append(visit_time)
        visits.append(
            VisitFigures(
                position=position,
                stage=visit.stage,
                owner=visit.owner,
                started=visit.started,
                ended=visit.ended,
                time=seconds_of(visit_time),
                due=visit.due,
                due_kept=_due_kept(visit, as_of),
                revisit=visit.stage in seen,
                back_step=previous_index is not None and index < previous_index,
                informs_customer=visit.stage in public and speaks_to_customer(visit),
                customer_in_view=CUSTOMER_IN_VIEW_SCORE[visit.customer_in_view],
            )
        )
        seen.add(visit.stage)
        previous_index = index

    stages: list[StageTime] = []
    for stage in catalogue.stages:
        if stage.key not in seen:
            continue
        positions = [figures.position for figures in visits if figures.stage == stage.key]
        time = sum((visit_times[position] for position in positions), _ZERO)
        stages.append(
            StageTime(
                stage=stage.key,
                visits=len(positions),
                time=seconds_of(time),
                target=stage.target,
                breached=stage.target is not None and time > timedelta(seconds=stage.target),
                customer_in_view=Fraction(sum(visits[p].customer_in_view for p in positions), len(positions)),
                informed=any(visits[position].informs_customer for position in positions),
            )
        )

    intervals = [clip(visit.started, _visit_end(visit, as_of), start, end) for visit in journey.visits]
    updates = customer_updates(journey, catalogue)
    return JourneyFigures(
        order=journey.order,
        status=status,
        closed=closed,
        start=start,
        end=end,
        span=seconds_between(start, end),
        lead_time=_lead_time(journey, status),
        unattended=seconds_of((end - start) - union_length(intervals)),
        visits=tuple(visits),
        stages=tuple(stages),
        handoffs=_handoffs(journey),
        revisits=sum(1 for figures in visits if figures.revisit),
        back_steps=sum(1 for figures in visits if figures.back_step),
        path=_path([visit.stage for visit in journey.visits]),
        customer_updates=tuple(updates),
        silence=_silence(start, end, updates),
        on_time=_on_time(journey, status, closed, as_of),
        breaches=tuple(stage.stage for stage in stages if stage.breached),
    )
