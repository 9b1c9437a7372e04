"""WCAG 2.x colour contrast, for the brand accent of site.yaml: the one colour a team picks
must stay readable as link and focus colour on the theme's light and dark backgrounds."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# The theme's page backgrounds (templates/site/assets/site.css, --bg).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#121418"
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lightened_for_dark(accent: str) -> str:
    """The accent mixed with white, just enough to reach MIN_CONTRAST on the dark background.

    One colour cannot reach 4.5:1 on both white and near-black (it would need a luminance
    both below 0.18 and above 0.20), so the dark theme gets this lighter shade of it."""
    r, g, b = _rgb(accent)
    for step in range(101):
        mix = step / 100
        shade = "#{:02x}{:02x}{:02x}".format(*(round(v + (255 - v) * mix) for v in (r, g, b)))
        if contrast(shade, DARK_BACKGROUND) >= MIN_CONTRAST:
            return shade
    return "#ffffff"
