"""What to do: the three to five findings the findings report opens with, each chosen by a
rule from the figures (docs/reports.md "What to do"), never hand-written. Each says one
sentence a COO would say aloud, its evidence, and the recommendation and owner of the
heaviest open observation it rests on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from omcreport.analyze import UNRESOLVED, Findings
from omcreport.model import Content, Observation
from omcreport.reports import formatting as fmt
from omcreport.wording import count_noun

MAX_DECISIONS = 5


@dataclass(frozen=True)
class Decision:
    rule: str  # which rule chose it: bottleneck | handoff | fades | on-time | observation
    sentence: str
    evidence: str
    recommendation: str | None  # from the heaviest open observation it rests on
    owner: str | None
    observation: str | None  # that observation's id
    anchor: str  # the detail chapter's id


def _heaviest(content: Content, findings: Findings, keep: Callable[[Observation], bool]) -> Observation | None:
    """The heaviest open or in-progress observation that `keep` accepts (the findings list
    them heaviest first, ties by id)."""
    by_id = {observation.id: observation for observation in content.observations}
    for weight in findings.observations:
        observation = by_id[weight.id]
        if weight.status in UNRESOLVED and keep(observation):
            return observation
    return None


def _decision(rule: str, sentence: str, evidence: str, anchor: str, basis: Observation | None) -> Decision:
    return Decision(
        rule=rule,
        sentence=sentence,
        evidence=evidence,
        recommendation=basis.recommendation if basis is not None else None,
        owner=basis.owner if basis is not None else None,
        observation=basis.id if basis is not None else None,
        anchor=anchor,
    )


def decisions(content: Content, findings: Findings) -> list[Decision]:
    names = {stage.key: stage.name for stage in content.catalogue.stages}
    chosen: list[Decision] = []
    used: set[str] = set()

    def rests_on(keep: Callable[[Observation], bool]) -> Observation | None:
        basis = _heaviest(content, findings, keep)
        if basis is not None:
            used.add(basis.id)
        return basis

    if findings.bottleneck is not None:
        stage = findings.stage(findings.bottleneck)
        chosen.append(
            _decision(
                "bottleneck",
                f"{names[stage.stage]} is our bottleneck: orders spend {fmt.duration(stage.time.median)} there "
                f"against a target of {fmt.duration(stage.target)}.",
                f"Typical (median) time across {count_noun(stage.n, 'order')}; {stage.breaches} of them went over "
                "the target.",
                "stages",
                rests_on(lambda o: o.stage == stage.stage),
            )
        )

    losing = [h for h in findings.handoffs if h.total_wait > 0]
    if losing:
        worst = max(losing, key=lambda h: (h.total_wait, h.count, h.from_owner, h.to_owner))
        chosen.append(
            _decision(
                "handoff",
                f"Orders lose the most time between {worst.from_owner} and {worst.to_owner}: "
                f"{fmt.duration(worst.total_wait)} in all.",
                f"{count_noun(worst.count, 'handoff')}, a typical wait of {fmt.duration(worst.wait_median)}, "
                f"the longest {fmt.duration(worst.wait.max)}.",
                "handoffs",
                rests_on(lambda o: o.owner in (worst.from_owner, worst.to_owner)),
            )
        )

    quiet = [(row, row.stage) for row in findings.silence_stages if row.stage is not None]
    if quiet:
        fade, fade_stage = max(quiet, key=lambda pair: (pair[0].journeys, pair[0].median))
        lagging = [row for row in findings.late_notice if row.lags.n]
        evidence = f"{fade.journeys} of {findings.journeys} orders have their longest silence there."
        if lagging:
            lag = max(lagging, key=lambda row: (row.lags.median or 0, row.lags.n))
            evidence += (
                f" After a missed promise at {names[lag.stage]}, customers waited typically "
                f"{fmt.duration(lag.lags.median)} for a word ({lag.open} still waiting)."
            )
        chosen.append(
            _decision(
                "fades",
                f"The customer fades from view at {names[fade_stage]}: typically "
                f"{fmt.duration(fade.median)} without a word.",
                evidence,
                "fades",
                rests_on(lambda o: o.stage == fade_stage and o.id not in used),
            )
        )

    if findings.on_time.n:
        late = sum(1 for figures in findings.per_journey if figures.on_time is False)
        at_risk = "; ".join(
            f"{fmt.money(v.amount, v.currency)} in {count_noun(v.count, 'open late order')}"
            for v in findings.value_at_risk
        )
        chosen.append(
            _decision(
                "on-time",
                f"{fmt.percent(findings.on_time.rate or 0)} of orders arrive by the date we promised.",
                f"{late} of the {findings.on_time.n} orders with a promised date were late"
                + (f"; at risk now: {at_risk}." if at_risk else "."),
                "value",
                rests_on(lambda o: o.stage == "fulfillment" and o.id not in used),
            )
        )

    heaviest = _heaviest(content, findings, lambda o: o.id not in used)
    if heaviest is not None and len(chosen) < MAX_DECISIONS:
        weight = next(w for w in findings.observations if w.id == heaviest.id)
        chosen.append(
            _decision(
                "observation",
                f"Fix next: {heaviest.title.rstrip('.')}.",
                f"{heaviest.severity.capitalize()} severity at {names[heaviest.stage]}, "
                f"{count_noun(len(heaviest.orders), 'order')} named (weight {weight.weight}).",
                "observations",
                heaviest,
            )
        )
    return chosen[:MAX_DECISIONS]
