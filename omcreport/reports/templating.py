"""The Jinja environment of the report templates: autoescaped, strict about undefined
names, loading only from the theme folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from omcreport.reports.defang import defang_value
from omcreport.reports.document import DocumentMeta


def css_string(value: str) -> Markup:
    """`value` as a quoted CSS string, safe inside a <style> element (where HTML
    entities are not decoded): backslash escapes for quotes, backslashes, newlines and
    `<`, so no text can close the element."""
    escaped = "".join(f"\\{ord(char):X} " if char in '"\\<>&\n\r' or ord(char) < 0x20 else char for char in value)
    return Markup(f'"{escaped}"')


@cache
def environment(folder: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=defang_value,
    )
    env.filters["css_string"] = css_string
    return env


def render_html(folder: Path, template: str, doc: DocumentMeta, context: dict[str, object]) -> str:
    return environment(folder).get_template(template).render(doc=doc, **context)
