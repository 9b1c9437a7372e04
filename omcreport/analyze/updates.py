"""Customer updates (ANALYTICS.md) and when a visit informs the customer (FORMAT.md)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from omcreport.model import Catalogue, Journey, Visit


def public_stage_keys(catalogue: Catalogue) -> frozenset[str]:
    return frozenset(stage.key for stage in catalogue.stages if stage.public)


def speaks_to_customer(visit: Visit) -> bool:
    """It has a `public_note` or a public event (whether its stage is public aside)."""
    return visit.public_note is not None or any(event.public for event in visit.events)


def visit_informs_customer(visit: Visit, catalogue: Catalogue) -> bool:
    """Its stage is public and it has a `public_note` or a public event."""
    return catalogue.is_public(visit.stage) and speaks_to_customer(visit)


class UpdateNote(NamedTuple):
    """One customer update: when, at which stage, and its note (inline Markdown)."""

    at: datetime
    stage: str
    note: str


def customer_update_notes(journey: Journey, catalogue: Catalogue) -> list[UpdateNote]:
    """Every customer update with its stage and note, earliest first (ties in journey order).

    The `started` of each visit to a public stage with a `public_note`, and the `at` of
    each public event of a visit to a public stage, whether or not the journey has a
    public page.
    """
    public = public_stage_keys(catalogue)
    notes: list[UpdateNote] = []
    for visit in journey.visits:
        if visit.stage not in public:
            continue
        if visit.public_note is not None:
            notes.append(UpdateNote(visit.started, visit.stage, visit.public_note))
        notes.extend(UpdateNote(event.at, visit.stage, event.note) for event in visit.events if event.public)
    notes.sort(key=lambda update: update.at)
    return notes


def customer_updates(journey: Journey, catalogue: Catalogue) -> list[datetime]:
    """The moments of `customer_update_notes`, earliest first."""
    return [update.at for update in customer_update_notes(journey, catalogue)]


def last_customer_update(journey: Journey, catalogue: Catalogue) -> datetime | None:
    """The latest customer update ("Last updated" on a tracking page); None without one."""
    moments = customer_updates(journey, catalogue)
    return moments[-1] if moments else None
