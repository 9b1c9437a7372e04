"""The mapping file: how an event log becomes journeys (docs/import.md).

`load_mapping(path, display_path)` reads the YAML with the strict loader and returns a
validated, frozen `Mapping`, or raises `ImportFailed` listing every problem with
file:line:col. Nothing past this module looks at the mapping's YAML.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from omcreport.catalogue import STAGE_KEYS
from omcreport.errors import Problem
from omcreport.importers.failure import ImportFailed
from omcreport.importers.field_rules import check_constant
from omcreport.importers.mapping_reader import MappingReader
from omcreport.importers.notes import NoteTemplate, read_template
from omcreport.importers.order_spec import OrderSpec, read_order_spec
from omcreport.importers.sources import VISIT_MOMENTS, Source, read_source
from omcreport.vocabulary import CUSTOMER_IN_VIEW_LEVELS
from omcreport.yamlio import YamlMap, YamlNode, YamlScalar, read_yaml_file

VISIT_ENDS: tuple[str, ...] = ("until_next", "last_event")
FOLDER_LAYOUTS: tuple[str, ...] = ("flat", "year/month")
OTHERWISE: tuple[str, ...] = ("completed-before-log-end", "open")
DEFAULT_TITLE = "Order {case}"
DEFAULT_CUSTOMER = "Customer"

_CURRENCY = re.compile("[A-Z]{3}")


@dataclass(frozen=True)
class StageRule:
    owner: str | None
    customer_in_view: str
    ends: str  # one of VISIT_ENDS
    due: Source | None = None  # when each visit is promised done
    owner_source: Source | None = None  # `owner: {attribute: ...}`: each visit's department from the log


@dataclass(frozen=True)
class ActivityRule:
    stage: str
    public: NoteTemplate | None = None  # the customer wording of a public event
    placed: bool = False  # its first event sets the journey's `placed`


@dataclass(frozen=True)
class OcelSettings:
    case_type: str
    follow: tuple[str, ...] = ()
    customer_type: str | None = None
    resource_type: str | None = None
    role_attribute: str | None = None
    value_attribute: str | None = None
    value_currency: str | None = None
    # Where the mapping names each type and qualifier ("follow:comprises"), so that one the
    # log does not have is reported at its line and column.
    mapping_path: str = ""
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class CsvSettings:
    case: str
    activity: str
    timestamp: str
    resource: str | None = None
    role: str | None = None
    customer: str | None = None
    event_id: str | None = None
    delimiter: str = ","
    timezone: str | None = None  # for timestamps written without an offset


@dataclass(frozen=True)
class Mapping:
    path: str
    timezone: str
    stages: dict[str, StageRule]
    activities: dict[str, ActivityRule]
    title: str = DEFAULT_TITLE
    customer_default: str = DEFAULT_CUSTOMER
    ignore: frozenset[str] = frozenset()
    roles: dict[str, str] = field(default_factory=dict)
    completed_by: frozenset[str] = frozenset()
    cancelled_by: frozenset[str] = frozenset()
    otherwise: str = "completed-before-log-end"
    ocel: OcelSettings | None = None
    csv: CsvSettings | None = None
    order: OrderSpec = field(default_factory=OrderSpec)
    folders: str = "flat"  # one of FOLDER_LAYOUTS: where new journey files go
    # Every department the mapping names (stage owners, role departments) at its first (line, col).
    departments: dict[str, tuple[int, int]] = field(default_factory=dict)

    def sources(self) -> list[Source]:
        per_visit = [source for rule in self.stages.values() for source in (rule.due, rule.owner_source) if source]
        return [*self.order.sources(), *per_visit]

    def placeholders(self) -> set[str]:
        return {name for rule in self.activities.values() if rule.public for name in rule.public.names}

    def attribute_names(self) -> frozenset[str]:
        """The attributes (CSV: columns) the mapping reads beyond case, activity and time."""
        names = {name for source in self.sources() for kind, name in source.names() if kind == "attribute"}
        return frozenset(names | self.placeholders())

    def object_types(self) -> frozenset[str]:
        """OCEL: the object types whose objects the mapping reads (a placeholder may name one)."""
        return frozenset(self.order.object_types() | self.placeholders())


def load_mapping(path: Path, display_path: str) -> Mapping:
    """The validated mapping; ImportFailed with every problem found otherwise."""
    parsed = read_yaml_file(path, display_path)
    if parsed.root is None:
        raise ImportFailed(list(parsed.problems))
    reader = MappingReader(display_path)
    reader.problems.extend(parsed.problems)
    mapping = _read_mapping(reader, parsed.root)
    if reader.problems or mapping is None:
        raise ImportFailed(sorted(reader.problems, key=Problem.sort_key))
    return mapping


_TOP_KEYS = (
    "timezone",
    "title",
    "customer_default",
    "ocel",
    "csv",
    "stages",
    "activities",
    "ignore",
    "roles",
    "status",
    "order",
    "folders",
)


def _read_mapping(reader: MappingReader, root: YamlMap) -> Mapping | None:
    reader.keys(root, _TOP_KEYS, ("timezone", "stages", "activities"), "the mapping")
    timezone = _read_timezone(reader, root.get("timezone"))
    title = reader.text(root.get("title"), "title") or DEFAULT_TITLE
    customer_default = reader.text(root.get("customer_default"), "customer_default") or DEFAULT_CUSTOMER
    stages = _read_stages(reader, root.get("stages"))
    roles = _read_roles(reader, root.get("roles"))
    activities = _read_activities(reader, root.get("activities"), stages, bool(roles))
    ignore = {name for name, _ in reader.texts(root.get("ignore"), "ignore")}
    for name, node in reader.texts(root.get("ignore"), "ignore"):
        if activities is not None and name in activities:
            reader.fail(node, f"activity {name!r} is both mapped and ignored")
    completed_by, cancelled_by, otherwise = _read_status(reader, root.get("status"), activities)
    ocel = _read_ocel(reader, root.get("ocel"))
    csv = _read_csv(reader, root.get("csv"))
    order = read_order_spec(reader, root.get("order"))
    folders = reader.choice(root.get("folders"), "folders", FOLDER_LAYOUTS) or "flat"
    if timezone is None or stages is None or activities is None:
        return None
    return Mapping(
        path=reader.path,
        timezone=timezone,
        stages=stages,
        activities=activities,
        title=title,
        customer_default=customer_default,
        ignore=frozenset(ignore),
        roles=roles,
        completed_by=completed_by,
        cancelled_by=cancelled_by,
        otherwise=otherwise,
        ocel=ocel,
        csv=csv,
        order=order,
        folders=folders,
        departments=_department_positions(root),
    )


def _department_positions(root: YamlMap) -> dict[str, tuple[int, int]]:
    nodes: list[YamlNode | None] = []
    stages, roles = root.get("stages"), root.get("roles")
    if isinstance(stages, YamlMap):
        nodes.extend(rule.get("owner") for _, rule in stages.pairs if isinstance(rule, YamlMap))
    if isinstance(roles, YamlMap):
        nodes.extend(value for _, value in roles.pairs)
    positions: dict[str, tuple[int, int]] = {}
    for node in nodes:
        if isinstance(node, YamlScalar):
            positions.setdefault(node.text, (node.line, node.col))
    return positions


def _read_timezone(reader: MappingReader, node: YamlNode | None) -> str | None:
    name = reader.text(node, "timezone")
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        assert node is not None
        reader.fail(node, f"timezone {name!r} is not an IANA time zone name (such as Europe/Berlin or UTC)")
        return None
    return name


def _read_stages(reader: MappingReader, node: YamlNode | None) -> dict[str, StageRule] | None:
    stages_node = reader.mapping(node, "stages")
    if stages_node is None:
        return None
    stages: dict[str, StageRule] = {}
    for key, value in stages_node.pairs:
        if key.text not in STAGE_KEYS:
            close = difflib.get_close_matches(key.text, STAGE_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the stages are {', '.join(STAGE_KEYS)}"
            reader.fail(key, f"unknown stage {key.text!r}{hint}")
            continue
        where = f"stages.{key.text}"
        rule = reader.mapping(value, where)
        if rule is None:
            continue
        reader.keys(rule, ("owner", "customer_in_view", "ends", "due"), ("customer_in_view",), where)
        owner_node = rule.get("owner")
        owner_source = read_source(reader, owner_node, f"{where}.owner") if isinstance(owner_node, YamlMap) else None
        owner = None if isinstance(owner_node, YamlMap) else reader.text(owner_node, f"{where}.owner")
        in_view = reader.choice(rule.get("customer_in_view"), f"{where}.customer_in_view", CUSTOMER_IN_VIEW_LEVELS)
        ends = reader.choice(rule.get("ends"), f"{where}.ends", VISIT_ENDS) or "until_next"
        due = read_source(reader, rule.get("due"), f"{where}.due", moments=VISIT_MOMENTS)
        check_constant(reader, due, "stages.due")
        # Kept even when invalid (already reported), so activities naming it are not reported too.
        stages[key.text] = StageRule(
            owner=owner, customer_in_view=in_view or "none", ends=ends, due=due, owner_source=owner_source
        )
    return stages


def _read_roles(reader: MappingReader, node: YamlNode | None) -> dict[str, str]:
    roles_node = reader.mapping(node, "roles")
    if roles_node is None:
        return {}
    roles: dict[str, str] = {}
    for key, value in roles_node.pairs:
        department = reader.text(value, f"roles.{key.text}")
        if department is not None:
            roles[key.text] = department
    return roles


def _read_activities(
    reader: MappingReader, node: YamlNode | None, stages: dict[str, StageRule] | None, has_roles: bool
) -> dict[str, ActivityRule] | None:
    activities_node = reader.mapping(node, "activities")
    if activities_node is None:
        return None
    activities: dict[str, ActivityRule] = {}
    for key, value in activities_node.pairs:
        where = f"activities.{key.text!r}"
        rule = reader.mapping(value, where)
        if rule is None:
            continue
        reader.keys(rule, ("stage", "public", "placed"), ("stage",), where)
        stage_node = rule.get("stage")
        stage = reader.text(stage_node, f"{where}.stage")
        public = read_template(reader, rule.get("public"), f"{where}.public")
        placed = reader.boolean(rule.get("placed"), f"{where}.placed") or False
        if stage is None or stage_node is None:
            continue
        if stages is not None and stage not in stages:
            if stage in STAGE_KEYS:
                reader.fail(stage_node, f"stage {stage!r} has no entry under `stages` (its owner and customer_in_view)")
            else:
                close = difflib.get_close_matches(stage, STAGE_KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; the stages are {', '.join(STAGE_KEYS)}"
                reader.fail(stage_node, f"unknown stage {stage!r}{hint}")
            continue
        rule_of_stage = stages[stage] if stages is not None else None
        if rule_of_stage and rule_of_stage.owner is None and rule_of_stage.owner_source is None and not has_roles:
            reader.fail(stage_node, f"stage {stage!r} has no owner and the mapping has no `roles`")
        activities[key.text] = ActivityRule(stage=stage, public=public, placed=placed)
    return activities


def _read_status(
    reader: MappingReader, node: YamlNode | None, activities: dict[str, ActivityRule] | None
) -> tuple[frozenset[str], frozenset[str], str]:
    status = reader.mapping(node, "status")
    if status is None:
        return frozenset(), frozenset(), "completed-before-log-end"
    reader.keys(status, ("completed_by", "cancelled_by", "otherwise"), (), "status")
    lists: list[frozenset[str]] = []
    for key in ("completed_by", "cancelled_by"):
        names = reader.texts(status.get(key), f"status.{key}")
        for name, item in names:
            if activities is not None and name not in activities:
                reader.fail(item, f"status.{key} names {name!r}, which is not under `activities`")
        lists.append(frozenset(name for name, _ in names))
    otherwise = reader.choice(status.get("otherwise"), "status.otherwise", OTHERWISE) or "completed-before-log-end"
    return lists[0], lists[1], otherwise


_OCEL_KEYS = ("case_type", "follow", "customer_type", "resource_type", "role_attribute", "value")


def _read_ocel(reader: MappingReader, node: YamlNode | None) -> OcelSettings | None:
    section = reader.mapping(node, "ocel")
    if section is None:
        return None
    reader.keys(section, _OCEL_KEYS, ("case_type",), "ocel")
    case_type = reader.text(section.get("case_type"), "ocel.case_type")
    follow_entries = reader.texts(section.get("follow"), "ocel.follow")
    follow = tuple(name for name, _ in follow_entries)
    positions = {f"follow:{name}": (item.line, item.col) for name, item in follow_entries}
    for key in ("case_type", "customer_type", "resource_type", "role_attribute"):
        found = section.get(key)
        if found is not None:
            positions[key] = (found.line, found.col)
    customer_type = reader.text(section.get("customer_type"), "ocel.customer_type")
    resource_type = reader.text(section.get("resource_type"), "ocel.resource_type")
    role_attribute = reader.text(section.get("role_attribute"), "ocel.role_attribute")
    if role_attribute is not None and resource_type is None:
        reader.fail(section, "ocel.role_attribute needs ocel.resource_type")
    value_attribute = value_currency = None
    value = reader.mapping(section.get("value"), "ocel.value")
    if value is not None:
        reader.keys(value, ("attribute", "currency"), ("attribute", "currency"), "ocel.value")
        value_attribute = reader.text(value.get("attribute"), "ocel.value.attribute")
        currency_node = value.get("currency")
        value_currency = reader.text(currency_node, "ocel.value.currency")
        if value_currency is not None and not _CURRENCY.fullmatch(value_currency):
            assert currency_node is not None
            message = f"ocel.value.currency must be an ISO 4217 code such as EUR, not {value_currency!r}"
            reader.fail(currency_node, message)
    if case_type is None:
        return None
    return OcelSettings(
        case_type=case_type,
        follow=follow,
        customer_type=customer_type,
        resource_type=resource_type,
        role_attribute=role_attribute,
        value_attribute=value_attribute,
        value_currency=value_currency,
        mapping_path=reader.path,
        positions=positions,
    )


_CSV_KEYS = ("case", "activity", "timestamp", "resource", "role", "customer", "event_id", "delimiter", "timezone")


def _read_csv(reader: MappingReader, node: YamlNode | None) -> CsvSettings | None:
    section = reader.mapping(node, "csv")
    if section is None:
        return None
    reader.keys(section, _CSV_KEYS, ("case", "activity", "timestamp"), "csv")
    columns = {name: reader.text(section.get(name), f"csv.{name}") for name in _CSV_KEYS[:7]}
    timezone = _read_timezone(reader, section.get("timezone")) if section.get("timezone") is not None else None
    delimiter = ","
    delimiter_node = section.get("delimiter")
    if delimiter_node is not None:
        # Read raw: a tab delimiter is whitespace, which `text` would call empty.
        if isinstance(delimiter_node, YamlScalar) and len(delimiter_node.text) == 1 and delimiter_node.text != '"':
            delimiter = delimiter_node.text
        else:
            reader.fail(delimiter_node, 'csv.delimiter must be one character such as "," or "\\t" (quoted)')
    case, activity, timestamp = columns["case"], columns["activity"], columns["timestamp"]
    if case is None or activity is None or timestamp is None:
        return None
    return CsvSettings(
        case=case,
        activity=activity,
        timestamp=timestamp,
        resource=columns["resource"],
        role=columns["role"],
        customer=columns["customer"],
        event_id=columns["event_id"],
        delimiter=delimiter,
        timezone=timezone,
    )
