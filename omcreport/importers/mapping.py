"""The mapping file: how an event log becomes journeys (docs/import.md).

`load_mapping(path, display_path)` reads the YAML with the strict loader, checks it with
the mapping's field table (omcreport.importers.mapping_table: keys, types, constants by
the journey fields' rules), then checks what holds between its keys (OMC910) and
returns a frozen `Mapping` built from the converted record, or raises `ImportFailed`
listing every problem with file:line:col. Nothing past this module looks at the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omcreport.errors import Problem
from omcreport.importers.failure import ImportFailed
from omcreport.importers.mapping_fields import MAPPING_CODE
from omcreport.importers.mapping_table import (
    DEFAULT_CUSTOMER,
    DEFAULT_TITLE,
    FOLDER_LAYOUTS,
    OTHERWISE,
    TABLE,
    VISIT_ENDS,
)
from omcreport.importers.notes import NoteTemplate, template_from
from omcreport.importers.order_spec import OrderSpec, order_spec_from
from omcreport.importers.sources import VISIT_MOMENTS, Source, source_from
from omcreport.validate.context import FileContext
from omcreport.yamlio import read_yaml_file


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
    otherwise: str = OTHERWISE[0]
    ocel: OcelSettings | None = None
    csv: CsvSettings | None = None
    order: OrderSpec = field(default_factory=OrderSpec)
    folders: str = FOLDER_LAYOUTS[0]  # where new journey files go
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
    ctx = FileContext(display_path)
    ctx.problems.extend(parsed.problems)
    record = TABLE.check(parsed.root, "", ctx)
    mapping = _mapping_from(record, ctx)
    if ctx.problems or mapping is None:
        raise ImportFailed(sorted(ctx.problems, key=Problem.sort_key))
    return mapping


def _mapping_from(record: dict[str, Any], ctx: FileContext) -> Mapping | None:
    """The frozen mapping of the converted `record`, after the rules between its keys."""
    stages = _stages(record.get("stages", {}), ctx)
    roles: dict[str, str] = record.get("roles", {})
    activities = _activities(record.get("activities", {}), stages, bool(roles), ctx)
    ignore: list[str | None] = record.get("ignore", [])
    for index, name in enumerate(ignore):
        if name is not None and name in activities:
            ctx.report(ctx.at[f"ignore.{index}"], MAPPING_CODE, f"activity {name!r} is both mapped and ignored")
    status = record.get("status", {})
    completed_by = _status_list(status, "completed_by", activities, ctx)
    cancelled_by = _status_list(status, "cancelled_by", activities, ctx)
    ocel = _ocel(record.get("ocel"), ctx)
    csv = _csv(record.get("csv"))
    order = order_spec_from(record.get("order"), ctx)
    if not {"timezone", "stages", "activities"} <= set(record) or ctx.problems:
        return None
    return Mapping(
        path=ctx.path,
        timezone=record["timezone"],
        stages=stages,
        activities=activities,
        title=record.get("title", DEFAULT_TITLE),
        customer_default=record.get("customer_default", DEFAULT_CUSTOMER),
        ignore=frozenset(name for name in ignore if name is not None),
        roles=roles,
        completed_by=completed_by,
        cancelled_by=cancelled_by,
        otherwise=status.get("otherwise", OTHERWISE[0]),
        ocel=ocel,
        csv=csv,
        order=order,
        folders=record.get("folders", FOLDER_LAYOUTS[0]),
        departments=_department_positions(stages, roles, ctx),
    )


def _department_positions(
    stages: dict[str, StageRule], roles: dict[str, str], ctx: FileContext
) -> dict[str, tuple[int, int]]:
    named = [(rule.owner, f"stages.{key}.owner") for key, rule in stages.items() if rule.owner is not None]
    named += [(department, f"roles.{role}") for role, department in roles.items()]
    positions: dict[str, tuple[int, int]] = {}
    for department, where in named:
        line, col = ctx.at[where]
        positions.setdefault(department, (line, col))
    return positions


def _stages(section: dict[str, Any], ctx: FileContext) -> dict[str, StageRule]:
    stages: dict[str, StageRule] = {}
    for key, rule in section.items():
        where = f"stages.{key}"
        owner = rule.get("owner")
        owner_source = source_from(owner, f"{where}.owner", ctx) if isinstance(owner, dict) else None
        due = source_from(rule["due"], f"{where}.due", ctx, VISIT_MOMENTS) if "due" in rule else None
        stages[key] = StageRule(
            owner=owner if isinstance(owner, str) else None,
            customer_in_view=rule.get("customer_in_view", "none"),
            ends=rule.get("ends", VISIT_ENDS[0]),
            due=due,
            owner_source=owner_source,
        )
    return stages


def _activities(
    section: dict[str, Any], stages: dict[str, StageRule], has_roles: bool, ctx: FileContext
) -> dict[str, ActivityRule]:
    activities: dict[str, ActivityRule] = {}
    for name, rule in section.items():
        where = f"activities.{name}"
        stage = rule.get("stage")
        public = template_from(rule["public"], f"{where}.public", ctx) if "public" in rule else None
        if stage is None:
            continue
        stage_at = ctx.at[f"{where}.stage"]
        if f"stages.{stage}" in ctx.at and stage not in stages:
            continue  # its entry was refused, and reported
        if stage not in stages:
            message = f"stage {stage!r} has no entry under `stages` (its owner and customer_in_view)"
            ctx.report(stage_at, MAPPING_CODE, message)
            continue
        rule_of_stage = stages[stage]
        if rule_of_stage.owner is None and rule_of_stage.owner_source is None and not has_roles:
            ctx.report(stage_at, MAPPING_CODE, f"stage {stage!r} has no owner and the mapping has no `roles`")
        activities[name] = ActivityRule(stage=stage, public=public, placed=rule.get("placed", False))
    return activities


def _status_list(
    status: dict[str, Any], key: str, activities: dict[str, ActivityRule], ctx: FileContext
) -> frozenset[str]:
    names: list[str | None] = status.get(key, [])
    for index, name in enumerate(names):
        if name is not None and name not in activities:
            message = f"status.{key} names {name!r}, which is not under `activities`"
            ctx.report(ctx.at[f"status.{key}.{index}"], MAPPING_CODE, message)
    return frozenset(name for name in names if name is not None)


_OCEL_POSITIONS = ("case_type", "customer_type", "resource_type", "role_attribute")


def _ocel(section: dict[str, Any] | None, ctx: FileContext) -> OcelSettings | None:
    if section is None:
        return None
    follow: list[str | None] = section.get("follow", [])
    positions = {f"follow:{name}": _position(ctx, f"ocel.follow.{index}") for index, name in enumerate(follow) if name}
    positions.update({key: _position(ctx, f"ocel.{key}") for key in _OCEL_POSITIONS if f"ocel.{key}" in ctx.at})
    if "role_attribute" in section and "resource_type" not in section and "ocel.resource_type" not in ctx.at:
        ctx.report(ctx.at["ocel"], MAPPING_CODE, "ocel.role_attribute needs ocel.resource_type")
    if "case_type" not in section:
        return None
    value = section.get("value", {})
    return OcelSettings(
        case_type=section["case_type"],
        follow=tuple(name for name in follow if name is not None),
        customer_type=section.get("customer_type"),
        resource_type=section.get("resource_type"),
        role_attribute=section.get("role_attribute"),
        value_attribute=value.get("attribute"),
        value_currency=value.get("currency"),
        mapping_path=ctx.path,
        positions=positions,
    )


def _position(ctx: FileContext, where: str) -> tuple[int, int]:
    line, col = ctx.at[where]
    return line, col


def _csv(section: dict[str, Any] | None) -> CsvSettings | None:
    if section is None or not {"case", "activity", "timestamp"} <= set(section):
        return None
    return CsvSettings(
        case=section["case"],
        activity=section["activity"],
        timestamp=section["timestamp"],
        resource=section.get("resource"),
        role=section.get("role"),
        customer=section.get("customer"),
        event_id=section.get("event_id"),
        delimiter=section.get("delimiter", ","),
        timezone=section.get("timezone"),
    )
