"""The mapping's `order` section: where each field of a journey beyond its timestamps comes from.

```yaml
order:
  public_page: {when: {attribute: channel, equals: web}}   # all | none (default) | a rule
  customer: {display_name: {object: customers, id: true}, segment: key-account}
  value: {amount: {attribute: price}, currency: EUR}
  promised: {from: placed, offset: P14D}
  public:
    locale: de-DE
    timezone: Europe/Berlin
    health: {attribute: health}
    expected: {from: placed, offset: P12D}
    next_update: {from: last_event, offset: P2D}
    items: {object: items, name: {object: products, id: true}}
    shipments: {object: packages, carrier: DHL, tracking_number: {id: true},
                tracking_url: "https://www.dhl.com/track?id={tracking_number}",
                shipped: {activity: send package}, delivered: {activity: package delivered}}
```

Each value is a source (omcreport.importers.sources); the mapping's field table checks
keys, types and constants (with the journey field's own rule) at their line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from omcreport.importers.mapping_fields import MAPPING_CODE
from omcreport.importers.sources import ENTRY_MOMENTS, ORDER_MOMENTS, Source, source_from
from omcreport.validate.context import FileContext

# Journey path -> the moments a time source may start from (empty: not a time).
_ORDER_FIELDS: dict[str, tuple[str, ...]] = {
    "customer.display_name": (),
    "customer.segment": (),
    "value.amount": (),
    "value.currency": (),
    "promised": ORDER_MOMENTS,
    "public.locale": (),
    "public.timezone": (),
    "public.health": (),
    "public.expected": ORDER_MOMENTS,
    "public.next_update": ORDER_MOMENTS,
}
ITEM_FIELDS: dict[str, tuple[str, ...]] = {"name": (), "quantity": ()}
SHIPMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "carrier": (),
    "tracking_number": (),
    "tracking_url": (),
    "shipped": ENTRY_MOMENTS,
    "delivered": ENTRY_MOMENTS,
}


@dataclass(frozen=True)
class EntrySpec:
    """`items` or `shipments`: one entry per related object of a type, or per event of an activity."""

    key: str  # items | shipments
    object_type: str | None
    activity: str | None
    fields: dict[str, Source]
    line: int
    col: int


@dataclass(frozen=True)
class PublicRule:
    mode: str  # all | none | when
    when: Source | None = None
    values: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OrderSpec:
    fields: dict[str, Source] = field(default_factory=dict)  # journey path -> source
    public_page: PublicRule = PublicRule("none")
    items: EntrySpec | None = None
    shipments: EntrySpec | None = None

    def sources(self) -> Iterator[Source]:
        yield from self.fields.values()
        if self.public_page.when is not None:
            yield self.public_page.when
        for entry in (self.items, self.shipments):
            if entry is not None:
                yield from entry.fields.values()

    def object_types(self) -> set[str]:
        types = {name for source in self.sources() for kind, name in source.names() if kind == "type"}
        types.update(entry.object_type for entry in (self.items, self.shipments) if entry and entry.object_type)
        return types


def order_spec_from(section: dict[str, Any] | None, ctx: FileContext) -> OrderSpec:
    """The `order` section the mapping's table converted; what holds between its keys is
    checked here and reported as OMC910 at its line and column."""
    if section is None:
        return OrderSpec()
    sources: dict[str, Source] = {}
    for path, moments in _ORDER_FIELDS.items():
        group, _, key = path.rpartition(".")
        parent = section.get(group) if group else section
        if not isinstance(parent, dict) or key not in parent:
            continue
        sources[path] = source_from(parent[key], f"order.{path}", ctx, moments)
    public = section.get("public")
    if public is not None and "public_page" not in section:
        # Without it no order gets a page, and everything under `public` would be read for nothing.
        message = "order.public needs order.public_page: all, none, or a rule such as {when: ...}"
        ctx.report(ctx.at["order.public"], MAPPING_CODE, message)
    items = _entries(public.get("items") if public else None, "items", ITEM_FIELDS, ctx)
    shipments = _entries(public.get("shipments") if public else None, "shipments", SHIPMENT_FIELDS, ctx)
    return OrderSpec(sources, _public_page(section.get("public_page"), ctx), items, shipments)


def _public_page(value: object, ctx: FileContext) -> PublicRule:
    if value is None:
        return PublicRule("none")
    if not isinstance(value, dict):
        return PublicRule(str(value))
    where = "order.public_page.when"
    when = value.get("when")
    if not isinstance(when, dict):
        return PublicRule("none")
    if ("equals" in when) == ("in" in when):
        ctx.report(ctx.at[where], MAPPING_CODE, f"{where} needs one of `equals` (a text) or `in` (a list of texts)")
        return PublicRule("none")
    values = [when["equals"]] if "equals" in when else when["in"]
    return PublicRule("when", source_from(when, where, ctx), frozenset(values))


def _entries(
    section: dict[str, Any] | None, key: str, fields: dict[str, tuple[str, ...]], ctx: FileContext
) -> EntrySpec | None:
    where = f"order.public.{key}"
    if section is None:
        return None
    line, col = ctx.at[where]
    object_type, activity = section.get("object"), section.get("activity")
    if (object_type is None) == (activity is None):
        message = f"{where} needs one of `object` (one per related object) or `activity` (one per event)"
        ctx.report((line, col), MAPPING_CODE, message)
        return None
    sources: dict[str, Source] = {}
    for name, moments in fields.items():
        if name in section:
            sources[name] = source_from(section[name], f"{where}.{name}", ctx, moments)
    if key == "shipments" and "shipped" not in section and activity is None:
        ctx.report(
            (line, col), MAPPING_CODE, f"{where} with `object` needs `shipped` (such as {{activity: send package}})"
        )
    return EntrySpec(key, object_type, activity, sources, line, col)
