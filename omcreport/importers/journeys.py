"""Build one journey from one case's events, as the plain data that will be written.

Events are taken in (time, event id) order; consecutive events of one stage form one
visit (started at its first event), and a stage visited again later is a new visit.
A visit ends as its stage's rule says: `until_next` at the next visit's start (the last
visit at the case's last event when the case is completed or cancelled, else open), or
`last_event` at its own last event. The status is `cancelled` or `completed` when an
activity the mapping names for it happened, else as `status.otherwise` says; a
completed or cancelled case is closed at its last event. The result holds only keys of
FORMAT.md, timestamps as text in the mapping's timezone, and `status` always.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from omcreport.errors import Problem
from omcreport.importers.eventlog import Case, CaseEvent, LogObject
from omcreport.importers.failure import error
from omcreport.importers.mapping import Mapping
from omcreport.importers.order_fields import CaseFields
from omcreport.vocabulary import is_name

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~])")

JourneyData = dict[str, Any]


def is_order_name(text: str) -> bool:
    return is_name(text)


def markdown_literal(text: str) -> str:
    """`text` as inline Markdown that shows exactly these characters."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def timestamp_text(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat()


@dataclass(frozen=True)
class _Visit:
    stage: str
    events: list[CaseEvent]


def journey_data(
    case: Case, mapping: Mapping, log_end: datetime | None, objects: dict[str, LogObject] | None = None
) -> tuple[JourneyData | None, list[Problem]]:
    """The journey of one case, or the problems that stop it (unknown owner, a log value a field refuses)."""
    zone = zoneinfo.ZoneInfo(mapping.timezone)
    events = [item for item in case.sorted_events() if item.event.activity not in mapping.ignore]
    if not events:
        return None, []
    visits = _group(events, mapping)
    status = _status(events, mapping, log_end)
    last_time = events[-1].event.time
    placed = next((item.event.time for item in events if mapping.activities[item.event.activity].placed), None)
    moments = {
        "placed": placed,
        "closed": last_time if status != "open" else None,
        "first_event": events[0].event.time,
        "last_event": last_time,
    }
    fields = CaseFields(case.case_id, mapping, events, objects or {}, moments, markdown_literal)
    values = fields.order_values()
    customer = values.get("customer.display_name") or case.customer or mapping.customer_default
    problems: list[Problem] = []
    stages: list[dict[str, Any]] = []
    for index, visit in enumerate(visits):
        rule = mapping.stages[visit.stage]
        owner = fields.visit_owner(rule, visit.events[0]) or _owner(visit, mapping)
        if owner is None:
            first = visit.events[0].event
            message = (
                f"case {case.case_id!r}: no owner for its {visit.stage} visit (stage {visit.stage!r} has no owner "
                f"and no role of event {first.event_id!r} is under `roles`)"
            )
            problems.append(error(mapping.path, 1, 1, "OMC911", message))
            continue
        started = visit.events[0].event.time
        entry: dict[str, Any] = {"stage": visit.stage, "started": timestamp_text(started, zone)}
        ended = _ended(index, visits, rule.ends, status, last_time)
        if ended is not None:
            entry["ended"] = timestamp_text(ended, zone)
        due = fields.visit_due(rule, visit.events[0], started)
        if due is not None:
            entry["due"] = due
        entry["owner"] = owner
        entry["customer_in_view"] = rule.customer_in_view
        entry["events"] = [_event_data(item, mapping, zone, fields, customer) for item in visit.events]
        stages.append(entry)
    if problems:
        return None, problems + fields.problems
    data: JourneyData = {
        "order": case.case_id,
        "title": mapping.title.replace("{case}", case.case_id).replace("{customer}", customer),
        "customer": {"display_name": customer},
        "status": status,
    }
    if "customer.segment" in values:
        data["customer"]["segment"] = values["customer.segment"]
    if status != "open":
        data["closed"] = timestamp_text(last_time, zone)
    if placed is not None:
        data["placed"] = timestamp_text(placed, zone)
    if "promised" in values:
        data["promised"] = values["promised"]
    if "value.amount" in values and "value.currency" in values:
        data["value"] = {"amount": values["value.amount"], "currency": values["value.currency"]}
    elif case.value is not None and mapping.ocel is not None and mapping.ocel.value_currency is not None:
        data["value"] = {"amount": case.value, "currency": mapping.ocel.value_currency}
    public = _public_data(fields, values)
    if public is not None:
        data["public"] = public
    if fields.problems:
        return None, fields.problems
    data["stages"] = stages
    return data, []


def _public_data(fields: CaseFields, values: dict[str, Any]) -> dict[str, Any] | None:
    """The `public` block without its token (the folder keeps or mints it), or None: no page."""
    if not fields.wants_page():
        return None
    public = {key.removeprefix("public."): value for key, value in values.items() if key.startswith("public.")}
    items, shipments = fields.items(), fields.shipments()
    if items:
        public["items"] = items
    if shipments:
        public["shipments"] = shipments
    return public


def _group(events: list[CaseEvent], mapping: Mapping) -> list[_Visit]:
    visits: list[_Visit] = []
    for item in events:
        stage = mapping.activities[item.event.activity].stage
        if visits and visits[-1].stage == stage:
            visits[-1].events.append(item)
        else:
            visits.append(_Visit(stage, [item]))
    return visits


def _status(events: list[CaseEvent], mapping: Mapping, log_end: datetime | None) -> str:
    activities = {item.event.activity for item in events}
    if activities & mapping.cancelled_by:
        return "cancelled"
    if activities & mapping.completed_by:
        return "completed"
    if mapping.otherwise == "completed-before-log-end" and log_end is not None and events[-1].event.time < log_end:
        return "completed"
    return "open"


def _ended(index: int, visits: list[_Visit], ends: str, status: str, last_time: datetime) -> datetime | None:
    visit = visits[index]
    if ends == "last_event":
        return visit.events[-1].event.time
    if index + 1 < len(visits):
        return visits[index + 1].events[0].event.time
    return last_time if status != "open" else None


def _owner(visit: _Visit, mapping: Mapping) -> str | None:
    for item in visit.events:
        for role in item.event.roles:
            if role in mapping.roles:
                return mapping.roles[role]
    return mapping.stages[visit.stage].owner


def _event_data(
    item: CaseEvent, mapping: Mapping, zone: zoneinfo.ZoneInfo, fields: CaseFields, customer: str
) -> dict[str, Any]:
    event = item.event
    wording = mapping.activities[event.activity].public
    if wording is not None:
        note = fields.note(wording, item, customer) or wording.text
        return {"at": timestamp_text(event.time, zone), "note": note, "public": True}
    note = markdown_literal(event.activity)
    if item.objects:
        note += ": " + ", ".join(markdown_literal(name) for name in item.objects)
    return {"at": timestamp_text(event.time, zone), "note": note}
