"""The rules of FORMAT.md, driven by one field table per file kind.

- `rules`: every rule code with its severity and a one-line summary.
- `fields`, `regional`, `structure`: what a field may hold (texts, names, tokens, words,
  booleans, timestamps, dates, durations, decimals, currencies, URLs, locales,
  timezones), and mappings and lists of fields; each checks a YAML node and describes
  itself for the JSON Schema and the field reference.
- `site`, `stages`, `journey`, `observation`, `notice`: each kind's field table and the
  rules within one file.
- `per_file`: one file's bytes to its checked record and problems (cacheable).
- `crossfile`: rules across files and every rule that reads site.yaml or stages.yaml.
- `to_model`: checked records to the frozen model.
- `kinds`, `reference`: the JSON Schemas and the generated docs/reference pages.
"""
