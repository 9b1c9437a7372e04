"""`omcreport schema`: print the JSON Schema of a content file kind or of the import mapping."""

from __future__ import annotations

import json

import click

from omcreport.validate.kinds import SCHEMA_KINDS, json_schema


@click.command("schema")
@click.argument("kind", required=False, type=click.Choice(tuple(SCHEMA_KINDS)))
def command(kind: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of KIND: journey, observation, notice, site, stages,
    or mapping (the file `omcreport import --mapping` reads).

    Without KIND, print one JSON object mapping each kind to its schema. Editors use the
    schemas through a first line such as
    `# yaml-language-server: $schema=../.schemas/journey.schema.json`; `omcreport new`
    writes the content kinds' into the content folder's .schemas/ (and refreshes them there). The
    schema checks the shape of a file; `omcreport check` also applies the rules between
    fields and files.

    \b
    Example:
      omcreport schema journey > journey.schema.json
    """
    if kind is not None:
        click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
        return
    click.echo(json.dumps({name: json_schema(name) for name in SCHEMA_KINDS}, indent=2, ensure_ascii=False))
