"""Rules across files, and every rule that reads site.yaml or stages.yaml: never cached.

Files arrive in sorted path order, so "the second occurrence" of a duplicate is the one
in the later path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import omcreport
from omcreport.catalogue import built_in_catalogue
from omcreport.errors import Problem
from omcreport.validate.context import did_you_mean
from omcreport.validate.per_file import CheckedFile
from omcreport.validate.regional import known_timezones
from omcreport.validate.rules import make_problem
from omcreport.yamlio import RuleCap

_LOCALE_DIR = Path(omcreport.__file__).parent / "locale"


def shipped_interface_locales() -> frozenset[str]:
    """Languages with an interface catalogue in the package (omcreport/locale/<lang>/)."""
    if not _LOCALE_DIR.is_dir():
        return frozenset({"en"})
    return frozenset(entry.name.lower() for entry in _LOCALE_DIR.iterdir() if entry.is_dir()) | {"en"}


@dataclass(frozen=True)
class SiteFacts:
    """What the rules of other files read from site.yaml and stages.yaml."""

    departments: tuple[str, ...] | None
    timezone: str | None  # None: site.yaml's timezone is itself in error
    locale: str | None
    public_stages: frozenset[str]


def site_facts(site: CheckedFile | None, stages: CheckedFile | None) -> SiteFacts:
    record = site.record if site is not None and site.record is not None else {}
    departments = record.get("departments")
    written = site.at if site is not None else {}
    # A value written but in error is None: rules that need it stay silent.
    timezone = record.get("timezone", "UTC") if "timezone" not in written or "timezone" in record else None
    locale = record.get("locale", "en") if "locale" not in written or "locale" in record else None
    overrides = stages.record if stages is not None and stages.record is not None else {}
    public = frozenset(
        stage.key
        for stage in built_in_catalogue().stages
        if (overrides.get(stage.key) or {}).get("public", stage.public)
    )
    return SiteFacts(
        departments=tuple(item for item in departments if item is not None) if departments is not None else None,
        timezone=timezone,
        locale=locale,
        public_stages=public,
    )


class _Problems:
    """Collects problems, capped per rule and file by RuleCap."""

    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.cap = RuleCap()

    def shown(self, path: str, code: str) -> bool:
        return self.cap.shown(path, code)

    def add(self, path: str, position: Sequence[int], code: str, message: str) -> None:
        listed = self.cap.admit(path, code, message)
        if listed is not None:
            self.found.append(make_problem(path, position[0], position[1], code, listed))


class _FirstSeen:
    """Remembers where each name (ignoring case) was first written."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[str, int]] = {}

    def again(self, name: str, checked: CheckedFile, where: str, code: str, what: str, problems: _Problems) -> None:
        """Report `what` under `code` at `where` when `name` was written before."""
        position = checked.at[where]
        first = self.first.setdefault(name.lower(), (checked.path, position[0]))
        if first != (checked.path, position[0]):
            problems.add(checked.path, position, code, f"{what} (first at {first[0]}:{first[1]})")


def check_across(
    site: CheckedFile | None,
    stages: CheckedFile | None,
    journeys: list[CheckedFile],
    observations: list[CheckedFile],
    notices: list[CheckedFile],
) -> list[Problem]:
    facts = site_facts(site, stages)
    problems = _Problems()
    _check_journeys(journeys, facts, problems)
    _check_locales(site, journeys, facts, problems)
    _check_observations(observations, journeys, facts, problems)
    _check_notices(notices, facts, problems)
    return problems.found


def _file_name(checked: CheckedFile, key: str, value: str, problems: _Problems) -> None:
    if checked.stem.lower() != value.lower():
        problems.add(
            checked.path,
            checked.at[key],
            "OMC402",
            f"the file name {checked.stem!r} differs from its {key} {value!r}; name the file {value}.yaml",
        )


def _owner(checked: CheckedFile, where: str, owner: str, facts: SiteFacts, problems: _Problems) -> None:
    hint = did_you_mean(owner, facts.departments or ()) if problems.shown(checked.path, "OMC310") else ""
    message = f"owner {owner!r} is not one of site.yaml's departments{hint}"
    problems.add(checked.path, checked.at[where], "OMC310", message)


def _check_journeys(journeys: list[CheckedFile], facts: SiteFacts, problems: _Problems) -> None:
    orders, tokens = _FirstSeen(), _FirstSeen()
    departments = frozenset(facts.departments) if facts.departments is not None else None
    for journey in journeys:
        record = journey.record
        if record is None:
            continue
        order = record.get("order")
        if order is not None:
            _file_name(journey, "order", order, problems)
            orders.again(order, journey, "order", "OMC311", f"order {order!r} is already used", problems)
        token = (record.get("public") or {}).get("token")
        if token is not None:
            what = "another public page has the same token"
            tokens.again(token, journey, "public.token", "OMC312", what, problems)
        if departments is not None:
            for index, visit in enumerate(record.get("stages", ())):
                owner = visit.get("owner") if visit is not None else None
                if owner is not None and owner not in departments:
                    _owner(journey, f"stages.{index}.owner", owner, facts, problems)
        _promised_before_placed(journey, facts, problems)


def _promised_before_placed(journey: CheckedFile, facts: SiteFacts, problems: _Problems) -> None:
    record = journey.record or {}
    promised, placed = record.get("promised"), record.get("placed")
    public = record.get("public") or {}
    zone = public.get("timezone") or facts.timezone
    if promised is None or placed is None or zone is None or zone not in known_timezones():
        return
    placed_day = datetime.fromisoformat(placed).astimezone(ZoneInfo(zone)).date()
    if date.fromisoformat(promised) < placed_day:
        problems.add(
            journey.path,
            journey.at["promised"],
            "OMC404",
            f"promised ({promised}) is before placed ({placed_day.isoformat()} in {zone})",
        )


def _check_locales(
    site: CheckedFile | None, journeys: list[CheckedFile], facts: SiteFacts, problems: _Problems
) -> None:
    """One warning per locale tag without an interface catalogue, at its first use."""
    shipped = shipped_interface_locales()
    uses: list[tuple[str, str, Sequence[int]]] = []
    if site is not None and facts.locale is not None and "locale" in site.at:
        uses.append((facts.locale, site.path, site.at["locale"]))
    for journey in journeys:
        tag = ((journey.record or {}).get("public") or {}).get("locale")
        if tag is not None:
            uses.append((tag, journey.path, journey.at["public.locale"]))
    warned: set[str] = set()
    for tag, path, position in uses:
        if tag.split("-")[0].lower() in shipped or tag.lower() in warned:
            continue
        warned.add(tag.lower())
        problems.add(
            path,
            position,
            "OMC407",
            f"no interface catalogue ships for locale {tag!r}; its pages fall back to English",
        )


def _check_observations(
    observations: list[CheckedFile], journeys: list[CheckedFile], facts: SiteFacts, problems: _Problems
) -> None:
    known_orders = {
        journey.record["order"].lower(): journey.record["order"]
        for journey in journeys
        if journey.record is not None and journey.record.get("order") is not None
    }
    spellings = sorted(known_orders.values()) if len(known_orders) <= 5_000 else []
    # A journey whose order could not be read is already an error; naming it is not another.
    all_orders_read = all(journey.record is not None and "order" in journey.record for journey in journeys)
    departments = frozenset(facts.departments) if facts.departments is not None else None
    ids = _FirstSeen()
    for observation in observations:
        record = observation.record
        if record is None:
            continue
        _check_id(observation, ids, problems)
        owner = record.get("owner")
        if owner is not None and departments is not None and owner not in departments:
            _owner(observation, "owner", owner, facts, problems)
        for index, order in enumerate(record.get("orders", [])):
            if order is None or order.lower() in known_orders or not all_orders_read:
                continue
            hint = did_you_mean(order, spellings) if problems.shown(observation.path, "OMC314") else ""
            message = f"order {order!r} matches no journey's order{hint}"
            problems.add(observation.path, observation.at[f"orders.{index}"], "OMC314", message)


def _check_id(checked: CheckedFile, ids: _FirstSeen, problems: _Problems) -> None:
    identifier = (checked.record or {}).get("id")
    if identifier is None:
        return
    _file_name(checked, "id", identifier, problems)
    ids.again(identifier, checked, "id", "OMC313", f"{checked.kind} id {identifier!r} is already used", problems)


def _check_notices(notices: list[CheckedFile], facts: SiteFacts, problems: _Problems) -> None:
    ids = _FirstSeen()
    for notice in notices:
        record = notice.record
        if record is None:
            continue
        _check_id(notice, ids, problems)
        for index, stage in enumerate(record.get("stages", [])):
            if stage is None or stage in facts.public_stages:
                continue
            problems.add(
                notice.path,
                notice.at[f"stages.{index}"],
                "OMC316",
                f"stage {stage!r} is not public; a notice names public stages only",
            )
