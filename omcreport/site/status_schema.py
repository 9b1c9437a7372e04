"""The published JSON Schema of a tracking page's status.json.

Written by hand in omcreport/schemas/status-v2.schema.json, except the lists whose
entries are the public fields of a block of the journey table (visits, items,
shipments): their item schemas are generated from the table by `public_schema`, so the
schema describes a public field the moment the table declares it. The reference
generator (python -m omcreport.validate.reference) rewrites them; a test keeps the file
up to date.
"""

from __future__ import annotations

import json
from importlib import resources

from omcreport.site.public_fields import public_schema
from omcreport.validate.journey import ITEM, SHIPMENT, VISIT
from omcreport.validate.structure import Mapping

SCHEMA_FILE = "omcreport/schemas/status-v2.schema.json"
GENERATED_LISTS: dict[str, Mapping] = {"visits": VISIT, "items": ITEM, "shipments": SHIPMENT}


def status_schema_text() -> str:
    schema = json.loads((resources.files("omcreport") / "schemas" / "status-v2.schema.json").read_text("utf-8"))
    for key, table in GENERATED_LISTS.items():
        schema["properties"][key]["items"] = public_schema(table)
        if key not in schema["required"]:
            schema["required"].append(key)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
