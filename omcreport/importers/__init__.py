"""Order event logs (OCEL 2.0 JSON, XML or SQLite; CSV) into journey YAML: `omcreport import`.

The one entry point is `omcreport.importers.importer.import_log`; it raises
`omcreport.importers.failure.ImportFailed` (problems with file:line:col, nothing written)
or returns an `ImportReport`. The modules, in the order an import runs through them:

- `mapping`: the mapping file, read with the strict YAML loader and checked with its field
  table (`mapping_table`, with the field types of `mapping_fields`), like a content file;
- `ocel`, `ocel_xml`, `ocel_sqlite`, `csvlog`, `parquetlog`: the log readers, each giving an
  `eventlog.EventLog` (`ocel_xml` and `ocel_sqlite` hand `ocel` the shape of OCEL JSON);
- `sources`, `order_spec`, `notes`, `field_rules`: the mapping's value
  sources, its `order` section, note templates, and the journey field rules they obey;
- `journeys`: one case's events into the journey data to write, with `order_fields` and
  `scopes` reading the case's log values;
- `yamltext`: that data to deterministic YAML and back;
- `manifest`, `merge`, `folder`: what was written before, the three-way merge that keeps
  hand edits, and the staged write into the journeys folder (`layout`: where files are).

docs/import.md describes the mapping format and the re-import design.
"""
