"""A few helpers to write print SVG by hand.

Charts are hand-made SVG rather than a plotting library: a report needs a handful of
simple shapes, exact control over patterns and labels for greyscale print, byte-stable
output for the render cache, and no heavyweight dependency in the worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

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


# Widths of DejaVu Sans (the theme's "OMC Sans") in em, rounded up per class of
# character, so a measured label is never narrower than the PDF draws it.
_NARROW = frozenset(" !'(),-./:;I[]fijlrt|·›")
_WIDE = frozenset("mwMW%@—…→≥")
_EM_NARROW, _EM_UPPER, _EM_WIDE, _EM_OTHER = 0.42, 0.8, 1.0, 0.66
_BOLD = 1.1


def text_width(content: str, font_size: float, *, bold: bool = False) -> float:
    """The width `content` takes at `font_size`, estimated from above."""
    ems = 0.0
    for char in content:
        if char in _NARROW:
            ems += _EM_NARROW
        elif char in _WIDE:
            ems += _EM_WIDE
        elif char.isupper():
            ems += _EM_UPPER
        else:
            ems += _EM_OTHER
    # Never below 0.6 em a character either: the rough rule a reader (or a test) checks with.
    ems = max(ems, 0.6 * len(content))
    return ems * font_size * (_BOLD if bold else 1.0)


def nice_step(span: float, most: int) -> float:
    """The smallest of 1, 2, 5 times a power of ten that cuts `span` into at most `most` steps."""
    if span <= 0:
        return 1.0
    power = 1.0
    while span / (power * 10) > most:
        power *= 10
    while power > 1e-9 and span / (power / 10) <= most * 5:
        power /= 10
    for factor in (1, 2, 5, 10, 20, 50):
        if span / (power * factor) <= most:
            return power * factor
    return power * 100


@dataclass(frozen=True)
class DurationAxis:
    """A duration axis in one readable unit: its ticks (seconds) and the unit's name."""

    unit: str  # "days", "hours", "minutes"
    unit_seconds: int
    ticks: tuple[float, ...]  # seconds, from 0 up to the top tick

    @property
    def top(self) -> float:
        return self.ticks[-1]

    def tick_text(self, seconds: float) -> str:
        return num(seconds / self.unit_seconds)


DURATION_UNITS = (("days", 86_400), ("hours", 3_600), ("minutes", 60))


def duration_axis(largest: float, *, most: int = 6) -> DurationAxis:
    """Ticks from 0 past `largest` seconds in days (from 2 days), hours (from 2 hours) or minutes."""
    unit, unit_seconds = next(
        ((name, size) for name, size in DURATION_UNITS if largest >= 2 * size), DURATION_UNITS[-1]
    )
    span = max(largest / unit_seconds, 1.0)
    step = max(nice_step(span, most), 1.0)  # whole units: no "0.5 days"
    count = max(1, -(-span // step))
    return DurationAxis(unit, unit_seconds, tuple(i * step * unit_seconds for i in range(int(count) + 1)))


@dataclass(frozen=True)
class LegendItem:
    swatch: str  # a kind _swatch draws: "solid", "hatch", "open", "tick", "line", "back-line", ...
    words: str


LEGEND_FONT = 8.5
SWATCH = 14.0


def legend(items: list[LegendItem], x: float, y: float, width: float) -> tuple[list[str], float]:
    """The legend's shapes laid left to right from (x, y = baseline), wrapping at `width`;
    returns them and the baseline of the last row."""
    shapes: list[str] = []
    cursor = x
    for item in items:
        needed = SWATCH + 4 + text_width(item.words, LEGEND_FONT) + 14
        if cursor > x and cursor + needed > x + width:
            cursor, y = x, y + 13
        shapes.append(_swatch(item.swatch, cursor, y))
        shapes.append(text(cursor + SWATCH + 4, y, item.words, fill=INK, font_size=LEGEND_FONT))
        cursor += needed
    return shapes, y


def _swatch(kind: str, x: float, y: float) -> str:
    top = y - 7.5
    if kind == "solid":
        return rect(x, top, SWATCH, 8, fill=ACCENT)
    if kind == "hatch":
        return rect(x, top, SWATCH, 8, fill="url(#hatch)", stroke=MUTED, stroke_width=0.6)
    if kind == "outline-hatch":
        return rect(x, top, SWATCH, 8, fill="url(#hatch)", stroke=ALERT, stroke_width=0.9)
    if kind == "open":
        return rect(x, top, SWATCH, 8, fill="url(#hatch)", stroke=ACCENT, stroke_width=0.9)
    if kind == "tick":
        return line(x + SWATCH / 2, top - 1, x + SWATCH / 2, y + 1.5, stroke=INK, stroke_width=2.2)
    if kind == "dot-filled":
        return circle(x + SWATCH / 2, y - 3, 3.4, fill=ACCENT, stroke=ACCENT, stroke_width=1.2)
    if kind == "dot-hollow":
        return circle(x + SWATCH / 2, y - 3, 3.4, fill="#ffffff", stroke=ACCENT, stroke_width=1.2)
    if kind == "dots":
        return rect(x, top, SWATCH, 8, fill="url(#dots)", stroke=INK, stroke_width=0.5)
    if kind == "line":
        return line(x, y - 3.5, x + SWATCH, y - 3.5, stroke=ACCENT, stroke_width=1.8)
    if kind == "crosshatch":
        return rect(x, top, SWATCH, 8, fill="url(#crosshatch)")
    if kind == "dashed":
        return line(x, y - 3.5, x + SWATCH, y - 3.5, stroke=MUTED, stroke_width=0.8, stroke_dasharray="2.5 1.5")
    if kind == "as-of":
        return line(x + SWATCH / 2, top - 1, x + SWATCH / 2, y + 1.5, stroke=ALERT, stroke_width=1.0)
    if kind == "back-line":
        return line(x, y - 3.5, x + SWATCH, y - 3.5, stroke=ALERT, stroke_width=1.8, stroke_dasharray="4 2")
    raise ValueError(f"unknown legend swatch {kind!r}")


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def crosses(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether the segment from `start` to `end` passes through the box (Liang-Barsky)."""
        (x1, y1), (x2, y2) = start, end
        dx, dy = x2 - x1, y2 - y1
        low, high = 0.0, 1.0
        for p, q in ((-dx, x1 - self.left), (dx, self.right - x1), (-dy, y1 - self.top), (dy, self.bottom - y1)):
            if p == 0:
                if q < 0:
                    return False
                continue
            ratio = q / p
            if p < 0:
                low = max(low, ratio)
            else:
                high = min(high, ratio)
            if low > high:
                return False
        return True


def text_box(x: float, y: float, content: str, font_size: float, *, anchor: str = "start", bold: bool = False) -> Box:
    """The box a text drawn with baseline `y` covers (ascent 0.8 em, descent 0.25 em)."""
    width = text_width(content, font_size, bold=bold)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - 0.8 * font_size, left + width, y + 0.25 * font_size)


class LabelPlacer:
    """Places labels where they collide with no label placed before and cross no line
    it was told about, trying each offered position in turn; a label with no free
    position is left out (the table beside every chart holds every value)."""

    def __init__(self, bounds: Box) -> None:
        self.bounds = bounds
        self.boxes: list[Box] = []
        self.segments: list[tuple[tuple[float, float], tuple[float, float]]] = []

    def block(self, box: Box) -> None:
        self.boxes.append(box)

    def block_line(self, points: list[tuple[float, float]]) -> None:
        self.segments.extend(pairwise(points))

    def free(self, box: Box) -> bool:
        inside = (
            box.left >= self.bounds.left
            and box.right <= self.bounds.right
            and box.top >= self.bounds.top
            and box.bottom <= self.bounds.bottom
        )
        return (
            inside
            and not any(box.overlaps(other) for other in self.boxes)
            and not any(box.crosses(a, b) for a, b in self.segments)
        )

    def place(
        self,
        content: str,
        positions: list[tuple[float, float, str]],
        font_size: float,
        *,
        bold: bool = False,
        **style: object,
    ) -> str | None:
        """The text at the first free (x, baseline y, anchor) of `positions`, or None."""
        for x, y, anchor in positions:
            box = text_box(x, y, content, font_size, anchor=anchor, bold=bold)
            if self.free(box):
                self.boxes.append(box)
                weight = "bold" if bold else None
                return text(x, y, content, font_size=font_size, text_anchor=anchor, font_weight=weight, **style)
        return None
