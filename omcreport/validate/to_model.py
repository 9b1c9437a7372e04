"""Checked records (without any error) into the frozen model of omcreport.model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from omcreport.catalogue import built_in_catalogue
from omcreport.model import (
    Brand,
    Catalogue,
    Contact,
    Content,
    Journey,
    Localized,
    Logo,
    Notice,
    Observation,
    Site,
    SourceRef,
    locale_candidates,
)
from omcreport.validate import journey as journey_table
from omcreport.validate import notice as notice_table
from omcreport.validate import observation as observation_table
from omcreport.validate import site as site_table
from omcreport.validate.model_of import ModelOf
from omcreport.validate.per_file import CheckedFile
from omcreport.vocabulary import STEP_STATES

CONTACT = ModelOf(Contact, site_table.CONTACT)


def _source(checked: CheckedFile, key: str) -> SourceRef:
    line, col = checked.at.get(key, (1, 1))
    return SourceRef(checked.path, line, col)


def _site_contact(blocks: dict[str, dict[str, Any]], locale: str) -> Contact:
    """The site locale's block of a per-locale contact (tag, then language, then en, then the first)."""
    table = {tag.lower(): block for tag, block in blocks.items()}
    for candidate in (*locale_candidates(locale), "en"):
        if candidate in table:
            return CONTACT.build(table[candidate])
    return CONTACT.build(next(iter(blocks.values()), {}))


SITE = ModelOf(Site, site_table.TABLE, derived=("contact", "contacts", "brand"))


def build_site(record: dict[str, Any], logo: Logo | None = None) -> Site:
    # {"": block} when written as one block, else {locale tag: block}
    blocks: dict[str, dict[str, Any]] = record.get("contact", {})
    site = SITE.build(
        record,
        contacts=tuple((tag, CONTACT.build(block)) for tag, block in sorted(blocks.items()) if tag),
        brand=Brand(logo=logo, accent=(record.get("brand") or {}).get("accent")),
    )
    return replace(site, contact=_site_contact(blocks, site.locale))


def build_catalogue(overrides: dict[str, Any]) -> Catalogue:
    stages = []
    for stage in built_in_catalogue().stages:
        override = overrides.get(stage.key, {})
        changes: dict[str, Any] = {key: override[key] for key in ("name", "public", "target") if key in override}
        for key in ("customer_label", "customer_description"):
            if key in override:
                changes[key] = Localized.of(override[key])
        if "customer_label" in override:
            changes["state_labels"] = ()  # the team's own label reads in every state
        if "customer_labels" in override:
            written = tuple((state, Localized.of(text)) for state, text in override["customer_labels"].items())
            by_state = dict(changes.get("state_labels", stage.state_labels)) | dict(written)
            changes["state_labels"] = tuple((state, by_state[state]) for state in STEP_STATES if state in by_state)
        stages.append(replace(stage, **changes))
    return Catalogue(stages=tuple(stages))


JOURNEY = ModelOf(Journey, journey_table.TABLE, derived=("locale", "timezone", "source"))
OBSERVATION = ModelOf(Observation, observation_table.TABLE, derived=("source_ref",))
NOTICE = ModelOf(Notice, notice_table.TABLE, derived=("source",))


def build_journey(checked: CheckedFile, site: Site) -> Journey:
    record = checked.record or {}
    public = record.get("public") or {}
    return JOURNEY.build(
        record,
        locale=public.get("locale") or site.locale,
        timezone=public.get("timezone") or site.timezone,
        source=_source(checked, "order"),
    )


def build_observation(checked: CheckedFile, canonical_orders: dict[str, str]) -> Observation:
    record = checked.record or {}
    return OBSERVATION.build(
        record,
        orders=tuple(canonical_orders[order.lower()] for order in record.get("orders", ())),
        source_ref=_source(checked, "id"),
    )


def build_notice(checked: CheckedFile) -> Notice:
    return NOTICE.build(checked.record or {}, source=_source(checked, "id"))


def build_content(
    site: CheckedFile,
    stages: CheckedFile | None,
    journeys: Iterable[CheckedFile],
    observations: Iterable[CheckedFile],
    notices: Iterable[CheckedFile],
    *,
    logo: Logo | None = None,
) -> Content:
    """The model of a content folder whose files all passed; journeys sorted by order,
    observations and notices by id (code point order)."""
    built_site = build_site(site.record or {}, logo)
    catalogue = build_catalogue(stages.record or {} if stages is not None else {})
    built_journeys = sorted((build_journey(item, built_site) for item in journeys), key=lambda j: j.order)
    canonical = {journey.order.lower(): journey.order for journey in built_journeys}
    return Content(
        site=built_site,
        catalogue=catalogue,
        journeys=tuple(built_journeys),
        observations=tuple(sorted((build_observation(item, canonical) for item in observations), key=lambda o: o.id)),
        notices=tuple(sorted((build_notice(item) for item in notices), key=lambda n: n.id)),
    )
