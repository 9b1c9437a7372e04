"""The fields of one journey that the mapping's `order` section, `stages.*.due` and note
templates give: read from the case's log values, checked with the journey field rules.

A source the log has no value for leaves its key out (a shipment without a `shipped` time
is not listed yet); a value a journey field would refuse is an OMC912 problem naming the
case and the mapping's line. Dates made from a moment are taken in the journey's zone
(`public.timezone` when the mapping gives one, else the mapping's `timezone`).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from omcreport import limits
from omcreport.errors import Problem
from omcreport.importers.eventlog import CaseEvent, LogObject, parse_time
from omcreport.importers.failure import error
from omcreport.importers.field_rules import LOG_VALUE_CODE, checked_value, journey_field
from omcreport.importers.mapping import Mapping, StageRule
from omcreport.importers.mapping_table import TRACKING_PLACEHOLDER
from omcreport.importers.notes import NoteTemplate
from omcreport.importers.order_spec import EntrySpec
from omcreport.importers.scopes import CaseScope, EventScope
from omcreport.importers.sources import Moments, Scope, Source
from omcreport.validate.fields import INVALID, Date, Timestamp


class CaseFields:
    """Resolves the mapping's sources for one case; problems collect in `problems`."""

    def __init__(
        self,
        case_id: str,
        mapping: Mapping,
        events: list[CaseEvent],
        objects: dict[str, LogObject],
        moments: dict[str, datetime | None],
        literal: Callable[[str], str],
    ) -> None:
        self.case_id = case_id
        self.mapping = mapping
        self.events = events
        self.scope = CaseScope(case_id, events, objects)
        self.moments = moments
        self.literal = literal
        self.problems: list[Problem] = []
        self.zone = zoneinfo.ZoneInfo(mapping.timezone)
        zone_source = mapping.order.fields.get("public.timezone")
        zone_name = self._value("public.timezone", zone_source, self.scope) if zone_source else None
        self.day_zone = zoneinfo.ZoneInfo(zone_name) if isinstance(zone_name, str) else self.zone

    def _first_of(self, activity: str, named: str | None = None, after: datetime | None = None) -> datetime | None:
        for item in self.events:
            event = item.event
            if event.activity != activity or (named is not None and named not in event.named):
                continue
            if after is None or event.time >= after:
                return event.time
        return None

    def _moments(self, **extra: datetime | None) -> Moments:
        return Moments({**self.moments, **extra}, self._first_of)

    def _value(self, path: str, source: Source, scope: Scope, moments: Moments | None = None) -> Any:
        """The value as the journey holds it, or None (no value, or refused: then a problem is added)."""
        raw = source.value(scope, moments or self._moments())
        if raw is None:
            return None
        kind = journey_field(path)
        if isinstance(raw, datetime):
            return raw.astimezone(self.day_zone).date().isoformat() if isinstance(kind, Date) else self._stamp(raw)
        if isinstance(kind, Date):
            moment = parse_time(raw)
            if moment is not None:
                raw = moment.astimezone(self.day_zone).date().isoformat()
        converted = checked_value(raw, path, source, self.mapping.path, self.case_id, self.problems)
        if converted is INVALID:
            return None
        if isinstance(kind, Timestamp):
            return self._stamp(datetime.fromisoformat(str(converted)))
        return converted

    def _stamp(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).isoformat()

    def order_values(self) -> dict[str, Any]:
        """Journey path -> value, for every `order` field the log (or a constant) gives."""
        values: dict[str, Any] = {}
        for path, source in self.mapping.order.fields.items():
            value = self._value(path, source, self.scope)
            if value is not None:
                values[path] = value
        return values

    def wants_page(self) -> bool:
        rule = self.mapping.order.public_page
        if rule.mode != "when":
            return rule.mode == "all"
        assert rule.when is not None
        return rule.when.text(self.scope) in rule.values

    def items(self) -> list[dict[str, Any]]:
        spec = self.mapping.order.items
        if spec is None:
            return []
        merged: dict[str, int] = {}
        for scope, moments in self._entries(spec):
            name = self._field(spec, "name", scope, moments)
            if name is None:
                continue
            quantity = self._field(spec, "quantity", scope, moments) or 1
            merged[name] = min(merged.get(name, 0) + int(quantity), limits.MAX_QUANTITY)
        return [{"name": name, "quantity": quantity} for name, quantity in merged.items()]

    def shipments(self) -> list[dict[str, Any]]:
        spec = self.mapping.order.shipments
        if spec is None:
            return []
        found: list[dict[str, Any]] = []
        for scope, moments in self._entries(spec):
            shipped = self._field(spec, "shipped", scope, moments) if "shipped" in spec.fields else None
            shipped = shipped or moments.values.get("event")
            carrier = self._field(spec, "carrier", scope, moments)
            if shipped is None or carrier is None:
                continue
            shipment: dict[str, Any] = {"carrier": carrier}
            number = self._field(spec, "tracking_number", scope, moments)
            if number is not None:
                shipment["tracking_number"] = number
            url = self._tracking_url(spec, scope, moments, number)
            if url is not None:
                shipment["tracking_url"] = url
            shipment["shipped"] = shipped if isinstance(shipped, str) else self._stamp(shipped)
            delivered = self._field(spec, "delivered", scope, moments)
            if delivered is not None:
                shipment["delivered"] = delivered
            found.append(shipment)
        return sorted(found, key=lambda shipment: datetime.fromisoformat(shipment["shipped"]))

    def _tracking_url(self, spec: EntrySpec, scope: Scope, moments: Moments, number: str | None) -> str | None:
        source = spec.fields.get("tracking_url")
        if source is None:
            return None
        template = source.value(scope, moments)
        if not isinstance(template, str):
            return None
        if TRACKING_PLACEHOLDER in template:
            if number is None:
                return None
            template = template.replace(TRACKING_PLACEHOLDER, quote(number, safe=""))
        checked = checked_value(
            template, "public.shipments.tracking_url", source, self.mapping.path, self.case_id, self.problems
        )
        return None if checked is INVALID else str(checked)

    def _field(self, spec: EntrySpec, name: str, scope: Scope, moments: Moments) -> Any:
        source = spec.fields.get(name)
        return None if source is None else self._value(f"public.{spec.key}.{name}", source, scope, moments)

    def _entries(self, spec: EntrySpec) -> list[tuple[Scope, Moments]]:
        if spec.object_type is not None:
            entries: list[tuple[Scope, Moments]] = []
            for scope in self.scope.related(spec.object_type):
                named = scope.identity()
                first_of = _first_naming(self._first_of, named)
                entries.append((scope, Moments({**self.moments, "event": None}, first_of)))
            return entries
        return [
            (
                EventScope(item.event, self.scope),
                Moments({**self.moments, "event": item.event.time}, _after(self._first_of, item.event.time)),
            )
            for item in self.events
            if item.event.activity == spec.activity
        ]

    def visit_due(self, rule: StageRule, first: CaseEvent, started: datetime) -> str | None:
        if rule.due is None:
            return None
        value = self._value("stages.due", rule.due, EventScope(first.event, self.scope), self._moments(started=started))
        return None if value is None else str(value)

    def visit_owner(self, rule: StageRule, first: CaseEvent) -> str | None:
        if rule.owner_source is None:
            return None
        value = self._value("stages.owner", rule.owner_source, EventScope(first.event, self.scope))
        return None if value is None else str(value)

    def note(self, template: NoteTemplate, item: CaseEvent, customer: str) -> str | None:
        scope = EventScope(item.event, self.scope)

        def lookup(name: str) -> str | None:
            value = dict(item.event.attributes).get(name)
            if value is not None:
                return value
            for object_id in sorted(item.event.named):
                obj = self.scope.objects.get(object_id)
                if obj is not None and name in obj.attributes:
                    return obj.attributes[name]
            related = scope.related(name)
            if related:
                return related[0].identity()
            return {"case": self.case_id, "customer": customer}.get(name, self.scope.attribute(name))

        filled = template.fill(lookup, self.literal)
        if isinstance(filled, str):
            return filled
        names = ", ".join(f"{{{name}}}" for name in filled)
        message = (
            f"case {self.case_id!r}: event {item.event.event_id!r} ({item.event.activity}) has no value for {names} "
            "of its public wording (an attribute of the event, of an object it names, or of the case)"
        )
        self.problems.append(error(self.mapping.path, template.line, template.col, LOG_VALUE_CODE, message))
        return None


def _first_naming(first_of: Callable[..., datetime | None], named: str | None) -> Callable[[str], datetime | None]:
    return lambda activity: first_of(activity, named=named)


def _after(first_of: Callable[..., datetime | None], moment: datetime) -> Callable[[str], datetime | None]:
    return lambda activity: first_of(activity, after=moment)
