"""The Jinja environment of the site: theme templates from `omcreport.theme`, one
environment per interface language, autoescape and StrictUndefined always on."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined, Template
from markupsafe import Markup

from omcreport import __version__
from omcreport.site.i18n import catalogue_language, po_source, shipped_languages, translations
from omcreport.vocabulary import HEALTHS

THEME_PACKAGE = "omcreport.theme"
THEME_FOLDER = "site"

# No inline script or style may run; the JSON-LD block is data, not script, and needs no allowance.
BUILD_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
# `omcreport serve` adds one same-origin script that polls the preview server.
PREVIEW_CSP = BUILD_CSP + "; script-src 'self'; connect-src 'self'"
PREVIEW_SCRIPT = "/_preview/reload.js"
ICON_NAMES: tuple[str, ...] = (
    *HEALTHS,
    "notice",
    *("step-done", "step-current", "step-upcoming"),
    *("stage-normal", "stage-slower", "stage-delayed", "stage-disrupted", "stage-no-target", "stage-not-enough-data"),
)


def theme_root() -> Traversable:
    return resources.files(THEME_PACKAGE) / THEME_FOLDER


def _load_template(name: str) -> str | None:
    entry = theme_root() / name
    if not entry.is_file():
        return None
    return entry.read_text(encoding="utf-8")


def _theme_files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            found.extend(_theme_files(entry, f"{prefix}{entry.name}/"))
        else:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def theme_files() -> list[tuple[str, Traversable]]:
    """Every file of the site theme, by path relative to templates/site/, sorted."""
    return _theme_files(theme_root())


@cache
def render_fingerprint() -> str:
    """A digest of everything a page is rendered with besides its own data: the tool
    version, the rendering code itself (so a development checkout never serves a page
    cached by older code), every theme file and every interface catalogue."""
    digest = hashlib.sha256(f"omcreport {__version__}\n".encode())
    code = resources.files("omcreport.site")
    for entry in sorted(code.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(f"code {entry.name}\n".encode())
            digest.update(entry.read_bytes())
    for name, entry in theme_files():
        digest.update(f"theme {name}\n".encode())
        digest.update(entry.read_bytes())
    for language in shipped_languages():
        digest.update(f"catalogue {language}\n".encode())
        digest.update(po_source(language))
    return digest.hexdigest()


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=FunctionLoader(_load_template),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    # Icons are the same on every page: render the macro once, not once per use.
    icon = env.get_template("_icons.html").module.icon  # type: ignore[attr-defined]
    env.globals["icons"] = {name: Markup(str(icon(name)).strip()) for name in ICON_NAMES}
    return env


def template(locale: str, name: str) -> Template:
    return environment(catalogue_language(locale)).get_template(name)


def page_chrome(*, root: str, noindex: bool, preview: bool) -> dict[str, Any]:
    """What every page's <head> needs: the relative way to the site root, robots, CSP."""
    return {
        "root": root,
        "noindex": noindex,
        "csp": PREVIEW_CSP if preview else BUILD_CSP,
        "preview_script": PREVIEW_SCRIPT if preview else None,
    }
