"""The Jinja environment of the report templates: autoescaped, strict about undefined
names, loading only from the theme folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from omcreport.reports.document import DocumentMeta


@cache
def environment(folder: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(folder: Path, template: str, doc: DocumentMeta, context: dict[str, object]) -> str:
    return environment(folder).get_template(template).render(doc=doc, **context)
