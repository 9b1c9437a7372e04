"""Observation weights and the rankings of open work by stage and by tag."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from omcreport.model import Catalogue, Observation

SEVERITY_WEIGHT: dict[str, int] = {"low": 1, "medium": 2, "high": 4, "critical": 8}
UNRESOLVED: frozenset[str] = frozenset({"open", "in-progress"})


@dataclass(frozen=True)
class ObservationWeight:
    id: str
    stage: str
    severity: str
    status: str
    weight: int
    tags: tuple[str, ...]


@dataclass(frozen=True)
class RankedWeight:
    """A stage or tag with the summed weight of its open and in-progress observations."""

    name: str
    weight: int
    observations: tuple[str, ...]  # ids, heaviest first, ties by id


def observation_weight(observation: Observation) -> int:
    """Severity (low 1, medium 2, high 4, critical 8) times the orders named, at least 1."""
    return SEVERITY_WEIGHT[observation.severity] * max(1, len(observation.orders))


def weigh_observations(observations: Iterable[Observation]) -> tuple[ObservationWeight, ...]:
    """Every observation, whatever its status, heaviest first, ties by id."""
    weighed = [
        ObservationWeight(
            id=observation.id,
            stage=observation.stage,
            severity=observation.severity,
            status=observation.status,
            weight=observation_weight(observation),
            tags=tuple(sorted(set(observation.tags))),
        )
        for observation in observations
    ]
    return tuple(sorted(weighed, key=lambda item: (-item.weight, item.id)))


def _rank(groups: dict[str, list[ObservationWeight]], order: dict[str, int]) -> tuple[RankedWeight, ...]:
    ranked = [
        RankedWeight(name=name, weight=sum(item.weight for item in items), observations=tuple(i.id for i in items))
        for name, items in groups.items()
    ]
    return tuple(sorted(ranked, key=lambda item: (-item.weight, order.get(item.name, 0), item.name)))


def rank_by_stage(weighed: tuple[ObservationWeight, ...], catalogue: Catalogue) -> tuple[RankedWeight, ...]:
    """Stages with open or in-progress observations, heaviest first, ties in catalogue order."""
    groups: dict[str, list[ObservationWeight]] = {}
    for item in weighed:
        if item.status in UNRESOLVED:
            groups.setdefault(item.stage, []).append(item)
    return _rank(groups, {stage.key: stage.index for stage in catalogue.stages})


def rank_by_tag(weighed: tuple[ObservationWeight, ...]) -> tuple[RankedWeight, ...]:
    """Tags of open or in-progress observations, heaviest first, ties in code point order."""
    groups: dict[str, list[ObservationWeight]] = {}
    for item in weighed:
        if item.status in UNRESOLVED:
            for tag in item.tags:
                groups.setdefault(tag, []).append(item)
    return _rank(groups, {})
