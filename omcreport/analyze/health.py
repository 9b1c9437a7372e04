"""The public overview's stage health (ANALYTICS.md "The public overview: stage health").

Bands and medians only: nothing here names an order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from omcreport.analyze.intervals import Seconds, require_aware, seconds_between
from omcreport.analyze.percentiles import median
from omcreport.model import Content, Notice, Visit

WINDOW = timedelta(days=30)
MINIMUM_VISITS = 5

NORMAL = "normal"
SLOWER = "slower"
DELAYED = "delayed"
NO_TARGET = "no-target"
NOT_ENOUGH_DATA = "not-enough-data"
DISRUPTED = "disrupted"
STATES: tuple[str, ...] = (NORMAL, SLOWER, DELAYED, NO_TARGET, NOT_ENOUGH_DATA, DISRUPTED)


@dataclass(frozen=True)
class StageHealth:
    """One public stage on the overview.

    `median_seconds` is None when fewer than 5 visits count (not shown); a disrupted
    stage keeps its median when it has enough visits. `notices` are the ids of the
    ongoing major notices that disrupt it, sorted.
    """

    stage: str
    state: str  # one of STATES
    n: int
    median_seconds: Fraction | None
    target_seconds: int | None
    notices: tuple[str, ...] = ()


def _active_in_window(visit: Visit, as_of: datetime) -> bool:
    if visit.ended is None:
        return visit.started <= as_of
    return as_of - WINDOW <= visit.ended <= as_of


def _ongoing_at(notice: Notice, as_of: datetime) -> bool:
    return notice.started <= as_of and (notice.resolved is None or notice.resolved > as_of)


def _band(median_seconds: Fraction, target: int | None) -> str:
    if target is None:
        return NO_TARGET
    if median_seconds <= target:
        return NORMAL
    if median_seconds * 2 <= target * 3:
        return SLOWER
    return DELAYED


def stage_health(content: Content, as_of: datetime) -> dict[str, StageHealth]:
    """Health of every public stage, keyed by stage key in catalogue order."""
    require_aware(as_of)
    public_stages = [stage for stage in content.catalogue.stages if stage.public]
    latest_times: dict[str, list[Seconds]] = {stage.key: [] for stage in public_stages}
    for journey in content.journeys:
        latest: dict[str, Visit] = {}
        for visit in journey.visits:
            if visit.stage in latest_times and _active_in_window(visit, as_of):
                latest[visit.stage] = visit  # visits are in time order: the last wins
        for key, visit in latest.items():
            end = visit.ended if visit.ended is not None else as_of
            latest_times[key].append(seconds_between(visit.started, end))

    disrupting: dict[str, list[str]] = {stage.key: [] for stage in public_stages}
    for notice in content.notices:
        if notice.impact == "major" and _ongoing_at(notice, as_of):
            for key in notice.stages:
                if key in disrupting:
                    disrupting[key].append(notice.id)

    result: dict[str, StageHealth] = {}
    for stage in public_stages:
        times = latest_times[stage.key]
        n = len(times)
        middle = median(times) if n >= MINIMUM_VISITS else None
        notices = tuple(sorted(disrupting[stage.key]))
        if notices:
            state = DISRUPTED
        elif middle is None:
            state = NOT_ENOUGH_DATA
        else:
            state = _band(middle, stage.target)
        result[stage.key] = StageHealth(
            stage=stage.key,
            state=state,
            n=n,
            median_seconds=middle,
            target_seconds=stage.target,
            notices=notices,
        )
    return result
