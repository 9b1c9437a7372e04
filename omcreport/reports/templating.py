"""The Jinja environment of the report templates: autoescaped, strict about undefined
names, loading only from the theme folder."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from omcreport.analyze.figures import figure
from omcreport.reports.contents import with_contents
from omcreport.reports.defang import defang_value
from omcreport.reports.document import DocumentMeta


def css_string(value: str) -> Markup:
    """`value` as a quoted CSS string, safe inside a <style> element (where HTML
    entities are not decoded): backslash escapes for quotes, backslashes, newlines and
    `<`, so no text can close the element."""
    escaped = "".join(f"\\{ord(char):X} " if char in '"\\<>&\n\r' or ord(char) < 0x20 else char for char in value)
    return Markup(f'"{escaped}"')


# A printed duration, date, share or amount is never split across lines ("1 d" / "22 h").
_VALUE = re.compile(
    r"\b\d[\d,.]* (?:d|h|min|s)\b(?: \d+ (?:h|min|s)\b)?"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}(?: \d{2}:\d{2})?"
    r"|\b\d+ %(?: of \d+)?"
    r"|\b\d[\d,]*(?:\.\d+)? [A-Z]{3}\b"
)


def keep_values_whole(value: str) -> Markup:
    """`value` (escaped unless already markup) with every printed value wrapped so that
    no line breaks inside it."""
    text = str(value if isinstance(value, Markup) else Markup.escape(value))
    return Markup(_VALUE.sub(lambda match: f'<span class="keep">{match[0]}</span>', text))


def figure_label(path: str) -> str:
    """`label("stages.*.visits")` in a template: the figure's label, from the registry (an
    unknown path fails the render)."""
    return figure(path).label


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
    env.filters["whole"] = keep_values_whole
    env.globals["label"] = figure_label
    return env


def render_html(folder: Path, template: str, doc: DocumentMeta, context: dict[str, object]) -> str:
    return with_contents(environment(folder).get_template(template).render(doc=doc, **context))
