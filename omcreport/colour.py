"""WCAG 2.x colour contrast, for the brand accent of site.yaml: the one colour a team picks
must stay readable as link and focus colour on the theme's light and dark backgrounds."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Every background the default theme puts text and links on (templates/site/assets/site.css:
# --bg, --card and the tinted --*-bg boxes), light and dark; tests/test_validate_brand.py
# checks they match the stylesheet.
LIGHT_BACKGROUNDS: tuple[str, ...] = (
    "#ffffff", "#f5f7fa", "#e9f6ee", "#fff4e0", "#fdecec", "#eef0f4", "#e8f1fb",
)  # fmt: skip
DARK_BACKGROUNDS: tuple[str, ...] = (
    "#121418", "#1c2027", "#14281b", "#2e2210", "#331618", "#23272f", "#132333",
)  # fmt: skip
LIGHT_BACKGROUND, DARK_BACKGROUND = LIGHT_BACKGROUNDS[0], DARK_BACKGROUNDS[0]
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


def worst_contrast(colour: str, backgrounds: tuple[str, ...]) -> tuple[float, str]:
    """The lowest contrast of `colour` on any of `backgrounds`, and that background."""
    return min((contrast(colour, background), background) for background in backgrounds)


def lightened_for_dark(accent: str) -> str:
    """The accent mixed with white, just enough to reach MIN_CONTRAST on every dark background.

    One colour cannot reach 4.5:1 on both white and near-black (it would need a luminance
    both below 0.18 and above 0.20), so the dark theme gets this lighter shade of it."""
    r, g, b = _rgb(accent)
    for step in range(101):
        mix = step / 100
        shade = "#{:02x}{:02x}{:02x}".format(*(round(v + (255 - v) * mix) for v in (r, g, b)))
        if worst_contrast(shade, DARK_BACKGROUNDS)[0] >= MIN_CONTRAST:
            return shade
    return "#ffffff"
