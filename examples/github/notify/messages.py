"""One e-mail per order listed in omcreport's reports/changes.json, in the page's language.

    python messages.py reports/changes.json TEMPLATE_DIR >> "$GITHUB_OUTPUT"

prints `messages=<JSON list of {to, subject, body}>` for a GitHub Actions matrix. The
template of a page's locale is TEMPLATE_DIR/<locale>.yaml, else <language>.yaml, else
en.yaml (see en.yaml for the keys). Orders without `email`, and every order when no
previous site was compared (the first build), get no message; a matrix takes at most
256 entries, so any beyond that are listed in the job summary instead, with a warning.
Needs only the standard library and PyYAML (which omcreport installs).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from string import Template
from typing import Any

import yaml

MATRIX_LIMIT = 256


def _template_for(locale: str, folder: Path, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    for name in (locale, locale.split("-")[0], "en"):
        path = folder / f"{name}.yaml"
        if name not in cache and path.is_file():
            cache[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        if name in cache:
            return cache[name]
    raise SystemExit(f"no template for {locale!r} and no en.yaml in {folder}")


def _line(change: dict[str, Any], template: dict[str, Any]) -> str | None:
    phrase = template["changes"].get(change["what"])
    if phrase is None:
        return None
    words = template.get("words", {})
    values = {key: "" if value is None else str(value) for key, value in change.items()}
    values["to_words"] = str(words.get(values.get("to", ""), values.get("to", "")))
    return Template(phrase).safe_substitute(values)


def message(order: dict[str, Any], template: dict[str, Any]) -> dict[str, str]:
    lines = [line for line in (_line(change, template) for change in order["changes"]) if line]
    values = {
        "customer": order["customer"],
        "order": order["order"],
        "url": order["url"],
        "changes": "\n".join(f"- {line}" for line in lines),
    }
    return {
        "to": order["email"],
        "subject": Template(template["subject"]).safe_substitute(values),
        "body": Template(template["body"]).safe_substitute(values),
    }


def messages(changes: dict[str, Any], folder: Path) -> list[dict[str, str]]:
    if changes.get("schema") != "omcreport/changes/v1":
        raise SystemExit(f"not an omcreport changes.json: schema {changes.get('schema')!r}")
    if not changes["compared"]:
        return []  # the first build: every page is new, and links.csv is how customers get theirs
    cache: dict[str, dict[str, Any]] = {}
    return [
        message(order, _template_for(order["locale"], folder, cache)) for order in changes["orders"] if order["email"]
    ]


def main(changes_path: str, folder: str) -> None:
    changes = json.loads(Path(changes_path).read_text(encoding="utf-8"))
    written = messages(changes, Path(folder))
    sent, held = written[:MATRIX_LIMIT], written[MATRIX_LIMIT:]
    if held:
        print(f"::warning::{len(held)} messages over the matrix limit of {MATRIX_LIMIT} were not sent", file=sys.stderr)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(f"## Not sent ({len(held)})\n\n")
                handle.writelines(f"- {item['to']}: {item['subject']}\n" for item in held)
    print("messages=" + json.dumps(sent, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
