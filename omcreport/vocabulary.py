"""The words and shapes of the format, declared once: enumerations, name patterns, URL shapes.

Validation, the model, the importer, the site's paths, the preview and the scaffolds
import these; none of them spells a pattern or a list of words of its own.
"""

from __future__ import annotations

import re

# Enumerations of FORMAT.md.
CUSTOMER_IN_VIEW_LEVELS: tuple[str, ...] = ("none", "low", "medium", "high")
HEALTHS: tuple[str, ...] = ("on-track", "delayed", "action-needed", "problem", "on-hold", "cancelled")
# The health of a public order that writes none.
DEFAULT_HEALTH = "on-track"
JOURNEY_STATUSES: tuple[str, ...] = ("open", "completed", "cancelled")
# The states of a step on a tracking page's progress bar, each with its own wording.
STEP_STATES: tuple[str, ...] = ("done", "current", "upcoming")
OBSERVATION_SOURCES: tuple[str, ...] = (
    "csr-interview",
    "ride-along",
    "customer-feedback",
    "data-review",
    "other",
)
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
OBSERVATION_STATUSES: tuple[str, ...] = ("open", "in-progress", "resolved", "wont-fix")
IMPACTS: tuple[str, ...] = ("minor", "major")
PAPER_SIZES: tuple[str, ...] = ("A4", "Letter")

# An order number, a notice or observation id: also a file name, so ASCII only.
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
NAME_WORDS = "1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
# A tracking page's secret address part.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{22,64}"
TOKEN_WORDS = "22-64 characters of A-Z, a-z, 0-9, '_' and '-'"

NAME = re.compile(NAME_PATTERN, re.ASCII)
TOKEN = re.compile(TOKEN_PATTERN, re.ASCII)


def is_name(text: str) -> bool:
    return text.isascii() and NAME.fullmatch(text) is not None


# Where pages live inside the site, relative to its base URL.
TRACK_FOLDER = "track/{token}/"
NOTICE_FOLDER = "notices/{id}/"
# The same shapes as the preview reads them back from a URL path.
TRACK_URL_PATH = re.compile(r"/track/(" + TOKEN_PATTERN + r")/")
