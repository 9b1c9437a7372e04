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

Each value is a source (omcreport.importers.sources); constants are checked here with the
journey field's own rule, at their line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from omcreport.importers.field_rules import check_constant
from omcreport.importers.mapping_reader import MappingReader
from omcreport.importers.sources import ORDER_MOMENTS, Source, read_source
from omcreport.yamlio import YamlNode, YamlScalar

PUBLIC_PAGES: tuple[str, ...] = ("all", "none")
TRACKING_PLACEHOLDER = "{tracking_number}"

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
_ENTRY_MOMENTS = (*ORDER_MOMENTS, "event")
ITEM_FIELDS: dict[str, tuple[str, ...]] = {"name": (), "quantity": ()}
SHIPMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "carrier": (),
    "tracking_number": (),
    "tracking_url": (),
    "shipped": _ENTRY_MOMENTS,
    "delivered": _ENTRY_MOMENTS,
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


def read_order_spec(reader: MappingReader, node: YamlNode | None) -> OrderSpec:
    section = reader.mapping(node, "order")
    if section is None:
        return OrderSpec()
    reader.keys(section, ("public_page", "customer", "value", "promised", "public"), (), "order")
    sources: dict[str, Source] = {}
    groups = {"": section}
    for group in ("customer", "value", "public"):
        found = reader.mapping(section.get(group), f"order.{group}")
        if found is not None:
            groups[group] = found
    allowed = {
        "customer": ("display_name", "segment"),
        "value": ("amount", "currency"),
        "public": ("locale", "timezone", "health", "expected", "next_update", "items", "shipments"),
    }
    for group, keys in allowed.items():
        if group in groups:
            reader.keys(groups[group], keys, ("amount", "currency") if group == "value" else (), f"order.{group}")
    for path, moments in _ORDER_FIELDS.items():
        group, _, key = path.rpartition(".")
        parent = groups.get(group)
        if parent is None:
            continue
        source = read_source(reader, parent.get(key), f"order.{path}", moments=moments)
        if source is not None:
            check_constant(reader, source, path)
            sources[path] = source
    public = groups.get("public")
    if public is not None and section.get("public_page") is None:
        # Without it no order gets a page, and everything under `public` would be read for nothing.
        reader.fail(public, "order.public needs order.public_page: all, none, or a rule such as {when: ...}")
    items = _read_entries(reader, public.get("items") if public else None, "items", ITEM_FIELDS)
    shipments = _read_entries(reader, public.get("shipments") if public else None, "shipments", SHIPMENT_FIELDS)
    return OrderSpec(sources, _read_public_page(reader, section.get("public_page")), items, shipments)


def _read_public_page(reader: MappingReader, node: YamlNode | None) -> PublicRule:
    if node is None:
        return PublicRule("none")
    if isinstance(node, YamlScalar):
        return PublicRule(reader.choice(node, "order.public_page", PUBLIC_PAGES) or "none")
    rule = reader.mapping(node, "order.public_page")
    if rule is None:
        return PublicRule("none")
    reader.keys(rule, ("when",), ("when",), "order.public_page")
    when = reader.mapping(rule.get("when"), "order.public_page.when")
    if when is None:
        return PublicRule("none")
    source = read_source(reader, when, "order.public_page.when", extra=("equals", "in"))
    values = [text for text, _ in reader.texts(when.get("in"), "order.public_page.when.in")]
    equals = reader.text(when.get("equals"), "order.public_page.when.equals")
    if equals is not None:
        values.append(equals)
    if (when.get("equals") is None) == (when.get("in") is None):
        reader.fail(when, "order.public_page.when needs one of `equals` (a text) or `in` (a list of texts)")
    if source is None or source.is_constant:
        if source is not None:
            reader.fail(when, "order.public_page.when reads an attribute (`attribute`, or `object` with `id: true`)")
        return PublicRule("none")
    return PublicRule("when", source, frozenset(values))


def _read_entries(
    reader: MappingReader, node: YamlNode | None, key: str, fields: dict[str, tuple[str, ...]]
) -> EntrySpec | None:
    where = f"order.public.{key}"
    section = reader.mapping(node, where)
    if section is None:
        return None
    required = ("name",) if key == "items" else ("carrier",)
    reader.keys(section, ("object", "activity", *fields), required, where)
    object_type = reader.text(section.get("object"), f"{where}.object")
    activity = reader.text(section.get("activity"), f"{where}.activity")
    if (object_type is None) == (activity is None):
        reader.fail(section, f"{where} needs one of `object` (one per related object) or `activity` (one per event)")
        return None
    sources: dict[str, Source] = {}
    for name, moments in fields.items():
        source = read_source(reader, section.get(name), f"{where}.{name}", moments=moments)
        if source is None:
            continue
        sources[name] = source
        _check_entry_constant(reader, source, f"public.{key}.{name}")
    if key == "shipments" and "shipped" not in sources and activity is None:
        reader.fail(section, f"{where} with `object` needs `shipped` (such as {{activity: send package}})")
    return EntrySpec(key, object_type, activity, sources, section.line, section.col)


def _check_entry_constant(reader: MappingReader, source: Source, path: str) -> None:
    if source.constant is not None and TRACKING_PLACEHOLDER in source.constant.text:
        # Checked as it will be with a tracking number put in.
        sample = source.constant.text.replace(TRACKING_PLACEHOLDER, "0")
        probe = YamlScalar(sample, source.constant.style, source.constant.line, source.constant.col)
        source = Source(source.where, source.line, source.col, constant=probe)
    check_constant(reader, source, path)
