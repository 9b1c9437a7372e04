"""The five content file kinds: where they live and their field tables."""

from __future__ import annotations

from dataclasses import dataclass

from omcreport.validate import journey, notice, observation, site, stages
from omcreport.validate.structure import Mapping, described

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Kind:
    name: str
    location: str
    summary: str
    table: Mapping


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "journey",
            "journeys/*.yaml",
            "One order followed through the Order Management Cycle. A journey file may sit in "
            "subfolders of journeys/ to two levels (`journeys/2026/11/SO-1042.yaml`, as `omcreport "
            "import` writes them with `folders: year/month`); every rule holds across them: orders "
            "unique ignoring case, the file named after its order, files read in sorted path order. "
            "Deeper folders are a warning and not read.",
            journey.TABLE,
        ),
        Kind("observation", "observations/*.yaml", "One finding from a stage; internal.", observation.TABLE),
        Kind("notice", "notices/*.yaml", "A public service notice (a delay, an incident).", notice.TABLE),
        Kind("site", "site.yaml", "The organisation and how the public site looks.", site.TABLE),
        Kind("stages", "stages.yaml", "Overrides of the built-in stage catalogue.", stages.TABLE),
    )
}


def json_schema(kind: str) -> dict[str, object]:
    """JSON Schema (draft 2020-12) of one file kind, for editors' `$schema` lines."""
    found = KINDS[kind]
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:omcreport:schema:{kind}:v1",
        "title": f"omcreport {kind} ({found.location})",
        **described(found.summary),
        **found.table.json_schema(),
    }
