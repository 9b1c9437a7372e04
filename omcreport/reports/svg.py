"""A few helpers to write print SVG by hand.

Charts are hand-made SVG rather than a plotting library: a report needs a handful of
simple shapes, exact control over patterns and labels for greyscale print, byte-stable
output for the render cache, and no heavyweight dependency in the worker processes.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# Fills that stay distinct in greyscale: solid tones plus hatch patterns (see PATTERNS).
INK = "#1b2733"
MUTED = "#5f6b76"
RULE = "#c4cad0"
FAINT = "#eef1f4"
ACCENT = "#1f4e79"
ACCENT_LIGHT = "#b7c9dc"
ALERT = "#8c2d19"

PATTERNS = (
    "<defs>"
    '<pattern id="{name}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="5" height="5" fill="#ffffff"/>'
    f'<line x1="0" y1="0" x2="0" y2="5" stroke="{MUTED}" stroke-width="1.6"/>'
    "</pattern>"
    '<pattern id="{name}-crosshatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    f'<rect width="4" height="4" fill="{ACCENT_LIGHT}"/>'
    f'<line x1="0" y1="0" x2="0" y2="4" stroke="{INK}" stroke-width="0.8"/>'
    f'<line x1="0" y1="0" x2="4" y2="0" stroke="{INK}" stroke-width="0.8"/>'
    "</pattern>"
    '<pattern id="{name}-dots" width="4" height="4" patternUnits="userSpaceOnUse">'
    f'<rect width="4" height="4" fill="#ffffff"/><circle cx="2" cy="2" r="0.9" fill="{INK}"/>'
    "</pattern>"
    "</defs>"
)


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable text)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def attrs(**values: object) -> str:
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f'{name}="{escape(shown)}"')
    return " ".join(parts)


def rect(x: float, y: float, width: float, height: float, **style: object) -> str:
    return f"<rect {attrs(x=float(x), y=float(y), width=float(max(width, 0.0)), height=float(height), **style)}/>"


def line(x1: float, y1: float, x2: float, y2: float, **style: object) -> str:
    return f"<line {attrs(x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), **style)}/>"


def text(x: float, y: float, content: str, **style: object) -> str:
    return f"<text {attrs(x=float(x), y=float(y), **style)}>{escape(content)}</text>"


def polyline(points: list[tuple[float, float]], **style: object) -> str:
    shown = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return f"<polyline {attrs(points=shown, **style)}/>"


def circle(cx: float, cy: float, r: float, **style: object) -> str:
    return f"<circle {attrs(cx=float(cx), cy=float(cy), r=float(r), **style)}/>"


def document(width: float, height: float, body: list[str], *, label: str, name: str) -> Markup:
    """An inline SVG sized by its viewBox; `label` is its text alternative. `name`
    prefixes its pattern ids (fills written `url(#hatch)`): ids must be unique in the
    whole document, which holds several charts."""
    head = (
        # No xmlns: the HTML parser puts inline <svg> in the SVG namespace.
        f'<svg viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="img" aria-label="{escape(label)}" '
        'font-family="OMC Sans" font-size="8">'
    )
    shapes = "".join(body).replace('"url(#', f'"url(#{name}-')
    # The <title> becomes the figure's /Alt text in the tagged PDF.
    title = f"<title>{escape(label)}</title>"
    return Markup(head + title + PATTERNS.replace("{name}", name) + shapes + "</svg>")
