"""Every rule `check` enforces: a stable code, its severity and one line saying what it is.

Codes: OMC1xx the file and YAML level (omcreport.yamlio), OMC2xx fields and types,
OMC3xx rules across fields and files, OMC4xx warnings, OMC9xx `omcreport import` (its
log and its mapping file, whose fields and types are OMC2xx like any kind's).
docs/reference/rules.md is generated from this table; a code is never reused for another rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from omcreport.errors import Problem, Severity
from omcreport.yamlio import YAML_RULES


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str


_FIELD_AND_CROSS_RULES: dict[str, tuple[Severity, str]] = {
    "OMC201": ("error", "A required key is missing (reported at the first key of its mapping)."),
    "OMC202": ("error", 'An unknown key (with a "did you mean" hint where a known key is close).'),
    "OMC203": ("error", "A value of the wrong kind: a mapping, list or text where another is expected."),
    "OMC204": (
        "error",
        (
            "A plain value YAML 1.1 reads as a number, boolean, date or null where a text is expected "
            "(for a list of words, the message names them at once)."
        ),
    ),
    "OMC205": ("error", "A key without a value (`ended:`, `ended: ~`); only `target: null` is allowed."),
    "OMC206": ("error", 'A value that is not one of the allowed words (with a "did you mean" hint).'),
    "OMC207": ("error", "A boolean that is not an unquoted `true` or `false`."),
    "OMC208": ("error", "A timestamp that does not parse as YYYY-MM-DDTHH:MM[:SS[.f]] with Z or ±HH:MM."),
    "OMC209": ("error", "A timestamp without a UTC offset."),
    "OMC210": ("error", "A date that does not parse as YYYY-MM-DD."),
    "OMC211": ("error", "A duration that is not ISO 8601 with D, H, M, S only (no weeks, months, years), or is zero."),
    "OMC212": ("error", "An `amount` that is not a quoted decimal string."),
    "OMC213": ("error", "A currency that is not an ISO 4217 code."),
    "OMC214": ("error", "An `order` or `id` that is not 1-64 ASCII letters, digits, `.`, `_`, `-` (first alnum)."),
    "OMC215": ("error", "A `token` that is not 22-64 characters of [A-Za-z0-9_-]."),
    "OMC216": ("error", "A locale that is not a known BCP 47 tag."),
    "OMC217": ("error", "A timezone that is not an IANA name."),
    "OMC218": (
        "error",
        "A URL that is not an absolute http(s) URL (`base_url` also ends in `/`; a `tracking_url` is https: "
        "only, an `action.url` https: or mailto:).",
    ),
    "OMC219": ("error", "An email address that is not of the form name@domain."),
    "OMC220": ("error", "An empty text, or an empty list where at least one item is required."),
    "OMC221": ("error", 'An unknown stage key (with a "did you mean" hint).'),
    "OMC222": (
        "error",
        "A value past the bounds omcreport computes with, chosen far beyond any real order: a moment outside "
        "the years 2 to 9998 (as written or in UTC; a day away from the ends of the calendar, so no timezone "
        "or date arithmetic overflows), an amount of more than 30 significant digits (no order value needs "
        "more; the figures stay exact), a duration over 100 years, a journey of more than 500 visits or a "
        "visit of more than 500 events or a journey of more than 1,000 (a mis-imported log, not an order), "
        "more than 200 items or 50 shipments on one order, Markdown with more than 200 `[` or nested more "
        "than 20 levels.",
    ),
    "OMC223": ("error", "An item `quantity` that is not a whole number of at least 1."),
    "OMC224": ("error", "A `brand.accent` that is not `#rrggbb`, or has less than 4.5:1 contrast on the white page."),
    "OMC225": ("error", "A path that does not stay inside the content folder (`/`, `..`, `\\` or a drive)."),
    "OMC301": ("error", "A visit's `ended` before its `started`."),
    "OMC302": ("error", "An event outside its visit's interval."),
    "OMC303": ("error", "Events out of time order (reported at the later one)."),
    "OMC304": ("error", "Visits out of time order: a visit starting before the previous visit started."),
    "OMC305": ("error", "More than one visit without `ended`."),
    "OMC306": ("error", "A completed or cancelled journey with an open visit."),
    "OMC307": ("error", "`closed` before a moment of the journey that happened (placed, started, ended, an event)."),
    "OMC308": ("error", "`closed` on a journey whose status, written or derived, is `open`."),
    "OMC309": ("error", "`public.health: cancelled` on a journey whose status is not `cancelled`."),
    "OMC310": ("error", "An `owner` that site.yaml's `departments` does not list."),
    "OMC311": ("error", "Two journeys with the same `order` (ignoring case)."),
    "OMC312": ("error", "Two public pages with the same `token` (ignoring case)."),
    "OMC313": ("error", "Two observations, or two notices, with the same `id` (ignoring case)."),
    "OMC314": ("error", "An observation's `orders` entry that matches no journey's `order` (ignoring case)."),
    "OMC315": ("error", "An observation's `orders` entry that repeats an earlier one (ignoring case)."),
    "OMC316": ("error", "A notice naming a stage that is not public."),
    "OMC317": ("error", "A notice `resolved` before it `started`."),
    "OMC318": ("error", "A public stage without a `customer_label` (planning or generation made public)."),
    "OMC319": ("error", "The content folder has no site.yaml (the run stops at this one problem)."),
    "OMC320": ("error", "A department listed twice in site.yaml."),
    "OMC321": (
        "error",
        "A shipment whose `delivered` precedes its `shipped`, or whose `shipped` precedes the first `started`.",
    ),
    "OMC322": ("error", "A `brand.logo` that is missing, not a regular file, or outside the content folder."),
    "OMC323": ("error", "A `brand.logo` that is not a PNG, JPEG or WebP image by its bytes, or is over 64 KiB."),
    "OMC324": (
        "error",
        "`check --as-of`: a moment the content says has happened (placed, closed, health_since, a visit's "
        "`started` or `ended`, an event, a notice's `started` or `resolved`) after the as-of: a build then stops.",
    ),
    "OMC401": (
        "warning",
        "An unexpected file or folder in the content folder or its three folders (journeys/ is read to two "
        "levels of subfolders, journeys/2026/11/).",
    ),
    "OMC402": ("warning", "A file name that differs from its `order` or `id` (ignoring case)."),
    "OMC403": ("warning", "More than 30 days from one visit's `ended` to the next visit's `started`."),
    "OMC404": ("warning", "`promised` before `placed` (dates in the journey's timezone)."),
    "OMC405": ("warning", "`health: on-track` while `expected` is after `promised`."),
    "OMC406": ("warning", "No `status`, no open visit and no ended fulfillment visit: taken as completed."),
    "OMC407": ("warning", "A locale for which no interface catalogue ships: pages fall back to English."),
    "OMC408": ("warning", "`build`: an open order written on-track that is late, so its page shows it as delayed."),
    "OMC409": ("warning", "`build`: a `next_update` already past with no customer update since; the page says so."),
    "OMC410": ("warning", "`public.action` on a journey whose health is not `action-needed`: the page hides it."),
}

_IMPORT_RULES: dict[str, tuple[Severity, str]] = {
    "OMC901": (
        "error",
        "A log file that cannot be read: missing, not gzip, not UTF-8, not JSON, XML, CSV, SQLite or Parquet.",
    ),
    "OMC902": (
        "error",
        "A log not in the OCEL 2.0 shape (JSON, XML, SQLite) or without a mapped CSV or Parquet column.",
    ),
    "OMC903": ("error", "An event without a time, or with a time that is not ISO 8601 with a UTC offset."),
    "OMC904": ("error", "An activity in the log that the mapping neither maps to a stage nor ignores."),
    "OMC905": ("error", "A relationship to an object that does not exist, or a duplicate object or event id."),
    "OMC906": (
        "error",
        "A case id that cannot be an order (see the field reference) or clashes with another ignoring case.",
    ),
    "OMC907": ("error", "The journeys folder cannot be written (not a folder, no permission, disk full)."),
    "OMC908": (
        "error",
        "A text from the log holding a character a content file may not (a control or bidi character).",
    ),
    "OMC909": (
        "error",
        "A log past a budget of the import (omcreport/limits.py): size, gzip inflation, events, objects.",
    ),
    "OMC910": (
        "error",
        "A mapping rule between its keys (an activity's stage without an entry under `stages`, a source that "
        "needs exactly one of its keys, a bad note placeholder, a `csv.delimiter` that is not one character, a "
        "department site.yaml does not list), or a type or qualifier the log never uses. The mapping's keys "
        "and types are checked as content's (OMC2xx).",
    ),
    "OMC911": ("error", "A visit whose owner the mapping cannot tell (no stage owner, no mapped role)."),
    "OMC912": (
        "error",
        "A log value that a journey field's rule refuses, or a note placeholder the log has no value for.",
    ),
    "OMC920": ("warning", "A journey file the import cannot update without losing a hand edit: left untouched."),
    "OMC921": ("warning", "A journey file the import did not write, in its way: left untouched."),
    "OMC922": ("warning", "A journey file deleted by hand since the last import: not written again."),
    "OMC923": ("warning", "A hand edit kept over a value the log now gives differently."),
}

RULES: dict[str, Rule] = {
    **{code: Rule(code, "error", summary) for code, summary in YAML_RULES.items()},
    **{code: Rule(code, severity, summary) for code, (severity, summary) in _FIELD_AND_CROSS_RULES.items()},
    **{code: Rule(code, severity, summary) for code, (severity, summary) in _IMPORT_RULES.items()},
}

# The rules only `omcreport import` reports (its own section of docs/reference/rules.md).
IMPORT_RULES: dict[str, Rule] = {code: RULES[code] for code in _IMPORT_RULES}


def make_problem(path: str, line: int, col: int, code: str, message: str) -> Problem:
    """A Problem whose severity comes from the rule table, so a code is never both."""
    return Problem(path, line, col, RULES[code].severity, code, message)
