"""What `build` warns about on customer pages: the facts it corrects or admits because it
has the clock (`check` has none). They go through the same diagnostics as `check`."""

from __future__ import annotations

from datetime import datetime

from omcreport.analyze import customer_updates
from omcreport.errors import Problem
from omcreport.model import Content, Journey
from omcreport.order_state import is_late, overdue_update
from omcreport.validate.rules import make_problem
from omcreport.vocabulary import DEFAULT_HEALTH


def _where(journey: Journey) -> tuple[str, int, int]:
    source = journey.source
    return (source.path, source.line, source.col) if source is not None else (f"journeys/{journey.order}.yaml", 1, 1)


def page_warnings(content: Content, as_of: datetime) -> list[Problem]:
    """OMC408 and OMC409 for every public order, in content order."""
    problems: list[Problem] = []
    for journey in content.journeys:
        public = journey.public
        if public is None or journey.status != "open":
            continue
        path, line, col = _where(journey)
        if (journey.health or DEFAULT_HEALTH) == DEFAULT_HEALTH and is_late(journey, as_of):
            problems.append(
                make_problem(
                    path,
                    line,
                    col,
                    "OMC408",
                    f"{journey.order} is late (promised {journey.promised}) but written on-track: "
                    "its page shows it as delayed; set public.health and a health_note",
                )
            )
        overdue = overdue_update(journey, as_of, customer_updates(journey, content.catalogue))
        if overdue is not None:
            problems.append(
                make_problem(
                    path,
                    line,
                    col,
                    "OMC409",
                    f"{journey.order} promised an update by {overdue.isoformat()} and none came since: "
                    "its page says so; add a public note or event, or a new next_update",
                )
            )
    return problems
