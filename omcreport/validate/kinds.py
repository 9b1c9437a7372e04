"""The five content file kinds, where they live and their field tables; and the import
mapping file, a kind of its own that `omcreport schema` and the references know too."""

from __future__ import annotations

from dataclasses import dataclass

from omcreport.importers import mapping_table
from omcreport.validate import journey, notice, observation, site, stages
from omcreport.validate.structure import Mapping, described

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Kind:
    name: str
    location: str
    summary: str
    table: Mapping
    # Mappings many fields take, documented once as `<name>.` rows (the mapping's sources).
    shared: tuple[tuple[str, Mapping], ...] = ()


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


MAPPING = Kind(
    "mapping",
    "mapping.yaml, the file of omcreport import --mapping",
    "How an event log becomes journeys (docs/import.md). A value given as a constant for a journey field "
    "is checked by that field's rule; the rules between keys are OMC910.",
    mapping_table.TABLE,
    shared=(("source", mapping_table.SOURCE),),
)

# Every kind with a JSON Schema: the content kinds, then the import mapping.
SCHEMA_KINDS: dict[str, Kind] = {**KINDS, MAPPING.name: MAPPING}


def json_schema(kind: str) -> dict[str, object]:
    """JSON Schema (draft 2020-12) of one file kind, for editors' `$schema` lines."""
    found = SCHEMA_KINDS[kind]
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:omcreport:schema:{kind}:v1",
        "title": f"omcreport {kind} ({found.location})",
        **described(found.summary),
        **found.table.json_schema(),
    }
