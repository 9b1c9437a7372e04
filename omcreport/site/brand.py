"""The brand's files in the public site: the logo under a content-hashed name (so a new
logo is never served from a stale cache) and a small stylesheet that sets the accent."""

from __future__ import annotations

import hashlib

from omcreport.colour import lightened_for_dark
from omcreport.model import Brand
from omcreport.output_names import ASSETS_FOLDER


def _hashed(name: str, data: bytes, extension: str) -> str:
    return f"{ASSETS_FOLDER}/{name}-{hashlib.sha256(data).hexdigest()[:16]}.{extension}"


def accent_stylesheet(accent: str) -> bytes:
    dark = lightened_for_dark(accent)
    return (
        f":root {{ --link: {accent}; --focus: {accent}; }}\n"
        f"@media (prefers-color-scheme: dark) {{ :root {{ --link: {dark}; --focus: {dark}; }} }}\n"
    ).encode()


def brand_files(brand: Brand) -> dict[str, bytes]:
    """Site-relative path to bytes, for every file the brand adds to the site."""
    files: dict[str, bytes] = {}
    if brand.logo is not None:
        files[_hashed("logo", brand.logo.data, brand.logo.extension)] = brand.logo.data
    if brand.accent is not None:
        sheet = accent_stylesheet(brand.accent.lower())
        files[_hashed("brand", sheet, "css")] = sheet
    return files


def logo_path(brand: Brand) -> str | None:
    return next((path for path in brand_files(brand) if path.startswith(f"{ASSETS_FOLDER}/logo-")), None)


def stylesheet_path(brand: Brand) -> str | None:
    return next((path for path in brand_files(brand) if path.startswith(f"{ASSETS_FOLDER}/brand-")), None)
