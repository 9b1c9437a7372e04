"""Customer updates (ANALYTICS.md) and when a visit informs the customer (FORMAT.md)."""

from __future__ import annotations

from datetime import datetime

from omcreport.model import Catalogue, Journey, Visit


def public_stage_keys(catalogue: Catalogue) -> frozenset[str]:
    return frozenset(stage.key for stage in catalogue.stages if stage.public)


def speaks_to_customer(visit: Visit) -> bool:
    """It has a `public_note` or a public event (whether its stage is public aside)."""
    return visit.public_note is not None or any(event.public for event in visit.events)


def visit_informs_customer(visit: Visit, catalogue: Catalogue) -> bool:
    """Its stage is public and it has a `public_note` or a public event."""
    return catalogue.is_public(visit.stage) and speaks_to_customer(visit)


def customer_updates(journey: Journey, catalogue: Catalogue) -> list[datetime]:
    """Every customer update, earliest first.

    The `started` of each visit to a public stage with a `public_note`, and the `at` of
    each public event of a visit to a public stage, whether or not the journey has a
    public page.
    """
    public = public_stage_keys(catalogue)
    moments: list[datetime] = []
    for visit in journey.visits:
        if visit.stage not in public:
            continue
        if visit.public_note is not None:
            moments.append(visit.started)
        moments.extend(event.at for event in visit.events if event.public)
    moments.sort()
    return moments


def last_customer_update(journey: Journey, catalogue: Catalogue) -> datetime | None:
    """The latest customer update ("Last updated" on a tracking page); None without one."""
    moments = customer_updates(journey, catalogue)
    return moments[-1] if moments else None
