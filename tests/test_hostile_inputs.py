"""Hostile and broken content files through the real CLI.

Each case writes a valid minimal site.yaml plus the files of the case into `content/`,
runs `omcreport check content` in a subprocess (a timeout turns a hang into a failure)
and looks for the diagnostic at the exact path, line and column FORMAT.md names. Every
case exits 1 (valid CRLF files exit 0) and nothing prints a traceback.

Past the files themselves, content reaches other places that must stay intact: file names
(a newline must not forge a diagnostic line), GitHub workflow commands and the job summary
(no forged annotations, no images or links from a pull request), and the parse cache (a
damaged cache changes nothing)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TIMEOUT_SECONDS = 60
# A file's content in a case: text is written as UTF-8 exactly as given (no newline translation).
FileContent = str | bytes

SITE = "name: Hostile Test Pumps\nbase_url: https://track.example.com/\n"
JOURNEY = """\
order: SO-1
title: Replacement pump
customer:
  display_name: Acme Mills
status: completed
stages:
  - stage: entry
    started: 2026-03-10T09:12:00+01:00
    ended: 2026-03-10T11:40:00+01:00
    owner: Customer Service
    customer_in_view: high
"""
TOKEN = "3q2-7wVwTnC1mZ8dR0a9Zg"
EVENT = """\
    events:
      - at: 2026-03-10T09:30:00+01:00
        note: Credit check passed
"""
OBSERVATION = """\
id: OBS-1
title: Invoices list internal part numbers
stage: billing
orders: [SO-1]
observed: 2026-04-05
source: csr-interview
severity: high
body: Customers call because the invoice lists our part numbers.
status: open
"""
NOTICE = """\
id: 2026-04-leeds-delays
title: Shipping delays from our Leeds warehouse
stages: [fulfillment]
impact: minor
started: 2026-04-03T08:00:00+01:00
body: A conveyor fault slowed dispatch.
"""

DIAGNOSTIC = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning)\[(?P<code>OMC\d+)\]: (?P<message>.*)$"
)


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str


@dataclass(frozen=True)
class Expect:
    """A diagnostic that must be printed: an error at path (relative to content/), line and col."""

    path: str
    line: int
    col: int | None
    code: str | None = None  # None: any rule code
    says: tuple[str, ...] = ()  # the message contains each of these
    never_says: tuple[str, ...] = ()  # the message contains none of these

    def matches(self, found: Diagnostic) -> bool:
        return (
            found.severity == "error"
            and found.path == f"content/{self.path}"
            and found.line == self.line
            and (self.col is None or found.col == self.col)
            and (self.code is None or found.code == self.code)
            and all(text in found.message for text in self.says)
            and not any(text in found.message for text in self.never_says)
        )


@dataclass(frozen=True)
class Case:
    name: str
    files: Mapping[str, FileContent]
    expect: tuple[Expect, ...] = ()
    exit_code: int = 1
    never_shows: tuple[str, ...] = ()  # text that must not appear anywhere in the output
    never_codes: tuple[str, ...] = ()  # rule codes that must not be reported
    setup: Callable[[Path], None] | None = field(default=None, compare=False)


def at(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column (in characters) of the first occurrence of needle in text."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def journey_with(old: str, new: str) -> str:
    return swap(JOURNEY, old, new)


def error_at(path: str, text: str, needle: str, code: str | None = None, **kwargs: tuple[str, ...]) -> Expect:
    line, col = at(text, needle)
    return Expect(path, line, col, code, **kwargs)


def journey_case(name: str, text: str, needle: str, code: str | None = None, **kwargs: tuple[str, ...]) -> Case:
    """One bad journey file, journeys/SO-1.yaml, with its error at the first `needle`."""
    return Case(name, {"journeys/SO-1.yaml": text}, (error_at("journeys/SO-1.yaml", text, needle, code, **kwargs),))


# --- YAML bombs, anchors, aliases and merge keys -------------------------------------------------

BILLION_LAUGHS = "\n".join(
    [
        "order: SO-1",
        'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)),
        JOURNEY.split("\n", 1)[1],
    ]
)
ANCHORED_TITLE = journey_with("status: completed", "status: completed\nfollowed_by: *t").replace(
    "title: Replacement pump", "title: &t Replacement pump"
)
ANCHORED_VISIT = JOURNEY.replace("  - stage: entry", "  - &visit\n    stage: entry") + "  - *visit\n"

ALIAS_CASES = [
    journey_case("billion-laughs", BILLION_LAUGHS, "&a0", "OMC107"),
    journey_case("anchor-on-scalar", ANCHORED_TITLE, "&t", "OMC107"),
    journey_case("alias-to-scalar", ANCHORED_TITLE, "*t", "OMC107"),
    journey_case("alias-to-visit", ANCHORED_VISIT, "*visit", "OMC107"),
    journey_case(
        "merge-key",
        journey_with("status: completed", "<<: {followed_by: COO}\nstatus: completed"),
        "<<",
        "OMC107",
    ),
]

# --- explicit tags ----------------------------------------------------------------------------

PYTHON_APPLY = journey_with("title: Replacement pump", 'title: !!python/object/apply:os.system ["touch PWNED"]')
TAG_CASES = [
    journey_case("tag-python-object-apply", PYTHON_APPLY, "!!python", "OMC108"),
    journey_case(
        "tag-python-name", journey_with("title: Replacement pump", "title: !!python/name:os.system"), "!!", "OMC108"
    ),
    journey_case(
        "tag-local", journey_with("title: Replacement pump", "title: !foo Replacement pump"), "!foo", "OMC108"
    ),
    journey_case("tag-standard-str", journey_with("title: Replacement pump", "title: !!str 2026"), "!!str", "OMC108"),
    journey_case(
        "tag-verbatim",
        journey_with("title: Replacement pump", "title: !<tag:yaml.org,2002:str> pump"),
        "!<",
        "OMC108",
    ),
    journey_case(
        "tag-on-mapping",
        journey_with("customer:\n", "customer: !!python/object:os.Popen\n"),
        "!!python",
        "OMC108",
    ),
    journey_case(
        "tag-directive", "%TAG !e! tag:evil.example,2026:\n---\n" + journey_with("SO-1", "!e!x SO-1"), "!e!x", "OMC108"
    ),
]

# --- duplicate and non-string keys --------------------------------------------------------------

DUPLICATE_TITLE = journey_with("status: completed", "title: Another pump\nstatus: completed")
DUPLICATE_QUOTED = journey_with("status: completed", '"title": Another pump\nstatus: completed')
DUPLICATE_OWNER = journey_with("    owner: Customer Service\n", "    owner: Customer Service\n    owner: Warehouse\n")
KEY_CASES = [
    journey_case(
        "duplicate-key", DUPLICATE_TITLE, "title: Another", "OMC109", says=("first at content/journeys/SO-1.yaml:2",)
    ),
    journey_case(
        "duplicate-key-quoted",
        DUPLICATE_QUOTED,
        '"title"',
        "OMC109",
        says=("first at content/journeys/SO-1.yaml:2",),
    ),
    journey_case(
        "duplicate-key-in-visit",
        DUPLICATE_OWNER,
        "owner: Warehouse",
        "OMC109",
        says=("first at content/journeys/SO-1.yaml:10",),
    ),
    journey_case("key-integer", journey_with("status:", "1: one\nstatus:"), "1: one", "OMC110"),
    journey_case("key-boolean-yes", journey_with("status:", "yes: sure\nstatus:"), "yes: sure", "OMC110"),
    journey_case("key-null", journey_with("status:", "~: nothing\nstatus:"), "~: nothing", "OMC110"),
    journey_case("key-sequence", journey_with("status:", "? [a, b]\n: pair\nstatus:"), "[a, b]", "OMC110"),
]

# --- more than one document ---------------------------------------------------------------------

EXPLICIT_DOCUMENTS = "---\n" + JOURNEY + "...\n---\norder: SO-2\n"
DOCUMENT_CASES = [
    journey_case("two-documents", JOURNEY + "---\norder: SO-2\n", "---", "OMC106"),
    # The second `---`, after the journey and its `...` end marker.
    journey_case("two-documents-explicit-markers", EXPLICIT_DOCUMENTS, "---\norder: SO-2", "OMC106"),
]

# --- YAML 1.1 surprises where a string, enum, timestamp or decimal is expected ------------------

ORDER_0012 = journey_with("order: SO-1", "order: 0012")
NOTE_9_30 = JOURNEY + EVENT.replace("note: Credit check passed", "note: 9:30")
DUE_9_30 = journey_with("    owner:", "    due: 9:30\n    owner:")
UNQUOTED_AMOUNT = journey_with("status: completed", "status: completed\nvalue: {amount: 12400.00, currency: EUR}")
LOCALE_NO_SITE = SITE + "locale: no\n"
SEGMENT_AFTER_UMLAUTS = journey_with(
    "customer:\n  display_name: Acme Mills", 'customer: {display_name: "Müller Getränke AG", segment: 2026}'
)


def quote_case(name: str, text: str, needle: str, shown: str, code: str | None = "OMC204") -> Case:
    """A plain value YAML 1.1 reads as something else: the message quotes it and asks for quotes."""
    return journey_case(name, text, needle, code, says=(shown, "quote"))


YAML11_CASES = [
    quote_case("title-2026", journey_with("title: Replacement pump", "title: 2026"), "2026", "2026"),
    quote_case("title-on", journey_with("title: Replacement pump", "title: on"), "on\n", "on"),
    quote_case("title-yes", journey_with("title: Replacement pump", "title: yes"), "yes", "yes"),
    quote_case("title-inf", journey_with("title: Replacement pump", "title: .inf"), ".inf", ".inf"),
    quote_case("title-float-exponent", journey_with("title: Replacement pump", "title: 1.0e+3"), "1.0e+3", "1.0e+3"),
    quote_case(
        "title-date", journey_with("title: Replacement pump", "title: 2026-03-10"), "2026-03-10\n", "2026-03-10"
    ),
    quote_case("order-octal-0012", ORDER_0012, "0012", "0012"),
    quote_case("note-sexagesimal-9-30", NOTE_9_30, "9:30\n", "9:30"),
    # On a word-list field the message names the words instead of asking for quotes.
    journey_case(
        "customer-in-view-no",
        journey_with("customer_in_view: high", "customer_in_view: no"),
        "no\n",
        "OMC204",
        says=("no", "boolean", "none, low, medium, high", "did you mean 'none'"),
        never_says=("quote",),
    ),
    quote_case("amount-unquoted-number", UNQUOTED_AMOUNT, "12400.00", "12400.00", "OMC212"),
    quote_case("columns-count-characters", SEGMENT_AFTER_UMLAUTS, "2026}", "2026"),
    journey_case(
        "customer-in-view-1e3", journey_with("customer_in_view: high", "customer_in_view: 1e3"), "1e3", "OMC206"
    ),
    journey_case("due-9-30-is-a-bad-timestamp", DUE_9_30, "9:30", "OMC208", never_says=("quote",)),
    journey_case(
        "timestamp-without-offset",
        journey_with("started: 2026-03-10T09:12:00+01:00", "started: 2026-03-10T09:12:00"),
        "2026-03-10T09:12:00\n",
        "OMC209",
    ),
    journey_case(
        "null-tilde", journey_with("ended: 2026-03-10T11:40:00+01:00", "ended: ~"), "~", "OMC205", says=("ended",)
    ),
    Case(
        "locale-no-in-site",
        {"site.yaml": LOCALE_NO_SITE, "journeys/SO-1.yaml": JOURNEY},
        (error_at("site.yaml", LOCALE_NO_SITE, "no\n", "OMC204", says=("no", "quote")),),
    ),
]

# --- traversal ids and tokens, look-alikes, trailing newlines -----------------------------------

PUBLIC_JOURNEY = journey_with("stages:", f"public:\n  token: {TOKEN}\nstages:")
TRAVERSAL_TOKEN = "../../../../../../etc/passwd"
CYRILLIC_TOKEN = TOKEN[:-1] + "а"  # the last letter is CYRILLIC SMALL LETTER A
UPPER_TOKEN_JOURNEY = swap(swap(PUBLIC_JOURNEY, "order: SO-1", "order: SO-2"), TOKEN, TOKEN.upper())
OBSERVATION_TRAVERSAL = swap(OBSERVATION, "orders: [SO-1]", 'orders: [SO-1, "../SO-1"]')
ORDER_LOWER = journey_with("order: SO-1", "order: so-1")

NOTICE_TRAVERSAL = swap(NOTICE, "id: 2026-04-leeds-delays", "id: ../../../index")
OBSERVATION_ABSOLUTE = swap(OBSERVATION, "id: OBS-1", "id: /etc/cron.d/OBS-1")
NUL_TOKEN_JOURNEY = swap(PUBLIC_JOURNEY, f"token: {TOKEN}", f'token: "{TOKEN}\\0"')

NAME_CASES = [
    # A notice's id names its page folder (site/notices/<id>/), an observation's its report entry.
    Case(
        "notice-id-traversal",
        {"journeys/SO-1.yaml": JOURNEY, "notices/index.yaml": NOTICE_TRAVERSAL},
        (error_at("notices/index.yaml", NOTICE_TRAVERSAL, "../../../index", "OMC214"),),
    ),
    Case(
        "observation-id-absolute-path",
        {"journeys/SO-1.yaml": JOURNEY, "observations/OBS-1.yaml": OBSERVATION_ABSOLUTE},
        (error_at("observations/OBS-1.yaml", OBSERVATION_ABSOLUTE, "/etc/cron.d/OBS-1", "OMC214"),),
    ),
    Case(
        "token-nul-escape",
        {"journeys/SO-1.yaml": NUL_TOKEN_JOURNEY},
        (error_at("journeys/SO-1.yaml", NUL_TOKEN_JOURNEY, f'"{TOKEN}', "OMC215"),),
        never_shows=(TOKEN,),
    ),
    journey_case("order-traversal", journey_with("order: SO-1", "order: ../../etc"), "../../etc", "OMC214"),
    journey_case("order-slash", journey_with("order: SO-1", "order: a/b"), "a/b", "OMC214"),
    journey_case("order-absolute-path", journey_with("order: SO-1", "order: /etc/passwd"), "/etc/passwd", "OMC214"),
    journey_case("order-nul-escape", journey_with("order: SO-1", 'order: "SO-1\\0"'), '"SO-1', "OMC214"),
    journey_case("order-cyrillic-lookalike", journey_with("order: SO-1", "order: SO-1а"), "SO-1а", "OMC214"),
    journey_case(
        "order-block-scalar-trailing-newline", journey_with("order: SO-1\n", "order: |\n  SO-1\n"), "|", "OMC214"
    ),
    Case(
        "token-traversal",
        {"journeys/SO-1.yaml": swap(PUBLIC_JOURNEY, TOKEN, TRAVERSAL_TOKEN)},
        (error_at("journeys/SO-1.yaml", swap(PUBLIC_JOURNEY, TOKEN, TRAVERSAL_TOKEN), TRAVERSAL_TOKEN, "OMC215"),),
        never_shows=(TRAVERSAL_TOKEN,),
    ),
    Case(
        "token-cyrillic-lookalike",
        {"journeys/SO-1.yaml": swap(PUBLIC_JOURNEY, TOKEN, CYRILLIC_TOKEN)},
        (error_at("journeys/SO-1.yaml", swap(PUBLIC_JOURNEY, TOKEN, CYRILLIC_TOKEN), CYRILLIC_TOKEN, "OMC215"),),
        never_shows=(CYRILLIC_TOKEN, TOKEN[:-1]),
    ),
    Case(
        "token-duplicate-ignoring-case",
        {"journeys/SO-1.yaml": PUBLIC_JOURNEY, "journeys/SO-2.yaml": UPPER_TOKEN_JOURNEY},
        (
            error_at(
                "journeys/SO-2.yaml",
                UPPER_TOKEN_JOURNEY,
                TOKEN.upper(),
                "OMC312",
                says=(f"first at content/journeys/SO-1.yaml:{at(PUBLIC_JOURNEY, TOKEN)[0]}",),
            ),
        ),
        never_shows=(TOKEN, TOKEN.upper()),
    ),
    Case(
        "order-duplicate-ignoring-case",
        {"journeys/SO-1.yaml": JOURNEY, "journeys/so-1.yaml": ORDER_LOWER},
        (
            error_at(
                "journeys/so-1.yaml", ORDER_LOWER, "so-1", "OMC311", says=("first at content/journeys/SO-1.yaml:1",)
            ),
        ),
    ),
    Case(
        "observation-order-traversal",
        {"journeys/SO-1.yaml": JOURNEY, "observations/OBS-1.yaml": OBSERVATION_TRAVERSAL},
        (error_at("observations/OBS-1.yaml", OBSERVATION_TRAVERSAL, '"../SO-1"'),),
    ),
]

# --- site values that become links, paths to zone files and locale lookups --------------------


def site_case(name: str, extra: str, needle: str, code: str) -> Case:
    text = SITE + extra
    return Case(name, {"site.yaml": text, "journeys/SO-1.yaml": JOURNEY}, (error_at("site.yaml", text, needle, code),))


BASE_URL_JAVASCRIPT = swap(SITE, "https://track.example.com/", "javascript:alert(1)//")
PUBLIC_TIMEZONE_TRAVERSAL = swap(
    PUBLIC_JOURNEY, f"  token: {TOKEN}\n", f"  token: {TOKEN}\n  timezone: ../../../etc/passwd\n"
)
SITE_VALUE_CASES = [
    Case(
        "base-url-javascript",
        {"site.yaml": BASE_URL_JAVASCRIPT, "journeys/SO-1.yaml": JOURNEY},
        (error_at("site.yaml", BASE_URL_JAVASCRIPT, "javascript:", "OMC218"),),
    ),
    site_case("contact-url-javascript", "contact:\n  url: javascript:alert(1)\n", "javascript:", "OMC218"),
    site_case("contact-url-data", "contact:\n  url: data:text/html,<script>x</script>\n", "data:", "OMC218"),
    site_case("timezone-relative-path", "timezone: ../../../../etc/passwd\n", "../../", "OMC217"),
    site_case("timezone-absolute-path", "timezone: /etc/localtime\n", "/etc/localtime", "OMC217"),
    site_case("timezone-nul-escape", 'timezone: "Europe/London\\0"\n', '"Europe', "OMC217"),
    site_case("locale-traversal", "locale: de_DE/../../x\n", "de_DE", "OMC216"),
    site_case("locale-posix-form", "locale: de_DE.UTF-8@euro\n", "de_DE", "OMC216"),
    journey_case("public-timezone-traversal", PUBLIC_TIMEZONE_TRAVERSAL, "../../../etc/passwd", "OMC217"),
]

# --- forbidden characters and bytes -------------------------------------------------------------

COMMENT_LINE = len(JOURNEY.splitlines()) + 1
CHARACTER_CASES = [
    journey_case(
        "bidi-override-in-value", journey_with("Replacement pump", "Replacement \u202eelbat pump"), "\u202e", "OMC104"
    ),
    journey_case("bidi-override-in-comment", JOURNEY + "# approved \u202eyb ton\n", "\u202e", "OMC104"),
    journey_case("bidi-isolate-in-comment", JOURNEY + "# checked by ops \u2066x\u2069\n", "\u2066", "OMC104"),
    journey_case(
        "c0-bell-in-quoted-value", journey_with("Replacement pump", '"Replacement\x07 pump"'), "\x07", "OMC103"
    ),
    journey_case("c0-escape-in-comment", JOURNEY + "# \x1b[31mred\x1b[0m\n", "\x1b", "OMC103"),
    journey_case("c0-nul-byte-in-value", journey_with("Replacement pump", "Replacement\x00 pump"), "\x00", "OMC103"),
    journey_case("c0-delete", journey_with("Replacement pump", "Replacement\x7f pump"), "\x7f", "OMC103"),
    journey_case("c1-csi-in-value", journey_with("Replacement pump", "Replacement \x9b pump"), "\x9b", "OMC103"),
    journey_case("c1-next-line-in-comment", "# reviewed\x85 by ops\n" + JOURNEY, "\x85", "OMC103"),
    # YAML 1.1 parsers break lines at U+2028, editors and GitHub do not: a "comment" must not hide a key.
    journey_case("line-separator-hides-a-key-in-a-comment", "# reviewed\u2028title: 2026\n" + JOURNEY, "\u2028"),
    # Only LF and CRLF end lines (FORMAT.md); a lone CR is a line end to libyaml alone.
    journey_case("lone-cr-hides-a-key-in-a-comment", "# reviewed\rtitle: 2026\n" + JOURNEY, "\r"),
]

BYTE_CASES = [
    Case(
        "bad-utf8-latin1-byte",
        {
            "journeys/SO-1.yaml": journey_with("title: Replacement pump", "title: caf\udce9 pumps").encode(
                errors="surrogateescape"
            )
        },
        (Expect("journeys/SO-1.yaml", 2, 11, "OMC102"),),
    ),
    Case(
        "bad-utf8-after-multibyte-characters",
        {"journeys/SO-1.yaml": journey_with("Replacement pump", "Müller pump \udcff").encode(errors="surrogateescape")},
        (Expect("journeys/SO-1.yaml", 2, 20, "OMC102"),),
    ),
    Case(
        "bad-utf8-encoded-surrogate-in-comment",
        {"journeys/SO-1.yaml": JOURNEY.encode() + b"# x\xed\xa0\x80\n"},
        (Expect("journeys/SO-1.yaml", COMMENT_LINE, 4, "OMC102"),),
    ),
    Case(
        "bad-utf8-overlong-slash",
        {"journeys/SO-1.yaml": b"order: ..\xc0\xaf..\xc0\xafetc\n" + JOURNEY.split("\n", 1)[1].encode()},
        (Expect("journeys/SO-1.yaml", 1, 10, "OMC102"),),
    ),
    Case(
        "bad-utf8-truncated-at-end",
        {"journeys/SO-1.yaml": JOURNEY.encode() + b"# \xe2\x82"},
        (Expect("journeys/SO-1.yaml", COMMENT_LINE, 3, "OMC102"),),
    ),
    Case(
        "utf16-le-with-bom",
        {"journeys/SO-1.yaml": JOURNEY.encode("utf-16")},
        (Expect("journeys/SO-1.yaml", 1, 1, "OMC102"),),
    ),
    Case(
        "utf16-be-with-bom",
        {"journeys/SO-1.yaml": b"\xfe\xff" + JOURNEY.encode("utf-16-be")},
        (Expect("journeys/SO-1.yaml", 1, 1, "OMC102"),),
    ),
    Case(
        "binary-garbage",
        {"journeys/SO-1.yaml": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16},
        (Expect("journeys/SO-1.yaml", 1, 1, "OMC102"),),
    ),
]

# --- shape, size and nesting --------------------------------------------------------------------


def nested_keys(levels: int) -> str:
    """A journey whose key n1 opens a block mapping nesting `levels` collections deep, root included."""
    lines = ["order: SO-1"] + ["  " * depth + f"n{depth + 1}:" for depth in range(levels)]
    lines[-1] += " deep"
    return "\n".join(lines) + "\n" + JOURNEY.split("\n", 1)[1]


ELEVEN_LEVELS = nested_keys(11)
TEN_LEVELS = nested_keys(10)
BRACKETS = "order: SO-1\nx: " + "[" * 200_000 + "\n"
BRACES = "order: SO-1\nx: " + "{a: " * 50_000 + "\n"
OVER_ONE_MIB = JOURNEY + "# " + "x" * (1024 * 1024) + "\n"
LONG_TITLE = journey_with("title: Replacement pump", "title: " + "x" * 20_001)
# An explicit key (`? `): YAML caps implicit keys at 1,024 characters.
LONG_KEY = journey_with("status:", "? " + "k" * 20_001 + "\n: long\nstatus:")
TAB_INDENTED = journey_with("  display_name", "\tdisplay_name")

SHAPE_CASES = [
    journey_case("tab-indentation", TAB_INDENTED, "\t", "OMC105"),
    journey_case(
        "syntax-mapping-value-in-plain", journey_with("Replacement pump", "Replacement: pump"), ": pump", "OMC105"
    ),
    Case(
        "file-over-one-mebibyte", {"journeys/SO-1.yaml": OVER_ONE_MIB}, (Expect("journeys/SO-1.yaml", 1, 1, "OMC101"),)
    ),
    journey_case("text-over-20000-characters", LONG_TITLE, "xxx", "OMC112"),
    journey_case("key-over-20000-characters", LONG_KEY, "kkk", "OMC112"),
    # Level 2 opens at column 4 (`x: [`); the 11th level is the tenth bracket.
    Case("nested-brackets-200kb", {"journeys/SO-1.yaml": BRACKETS}, (Expect("journeys/SO-1.yaml", 2, 13, "OMC111"),)),
    Case("nested-braces-200kb", {"journeys/SO-1.yaml": BRACES}, (Expect("journeys/SO-1.yaml", 2, 40, "OMC111"),)),
    journey_case("nesting-11-levels", ELEVEN_LEVELS, "n11:", "OMC111"),
    Case(
        "nesting-10-levels-is-not-too-deep",
        {"journeys/SO-1.yaml": TEN_LEVELS},
        (error_at("journeys/SO-1.yaml", TEN_LEVELS, "n1:", "OMC202", says=("n1",)),),
        never_codes=("OMC111",),
    ),
    Case("empty-file", {"journeys/SO-1.yaml": ""}, (Expect("journeys/SO-1.yaml", 1, 1, "OMC113"),)),
    Case("comments-only", {"journeys/SO-1.yaml": "# nothing yet\n"}, (Expect("journeys/SO-1.yaml", 1, 1, "OMC113"),)),
    Case(
        "document-is-a-list", {"journeys/SO-1.yaml": "- order: SO-1\n"}, (Expect("journeys/SO-1.yaml", 1, 1, "OMC113"),)
    ),
    Case("document-is-a-scalar", {"journeys/SO-1.yaml": "SO-1\n"}, (Expect("journeys/SO-1.yaml", 1, 1, "OMC113"),)),
    Case("site-is-a-list", {"site.yaml": "- name: Hostile\n"}, (Expect("site.yaml", 1, 1, "OMC113"),)),
]

# --- files that are not regular files -----------------------------------------------------------


def symlink_to_valid_file_outside(root: Path) -> None:
    outside = root / "outside"
    outside.mkdir()
    (outside / "SO-2.yaml").write_text(swap(JOURNEY, "SO-1", "SO-2"), encoding="utf-8")
    (root / "content" / "journeys" / "SO-2.yaml").symlink_to(outside / "SO-2.yaml")


def symlink_to_passwd(root: Path) -> None:
    (root / "content" / "journeys" / "SO-2.yaml").symlink_to("/etc/passwd")


def symlink_site(root: Path) -> None:
    real = root / "real-site.yaml"
    real.write_text(SITE, encoding="utf-8")
    (root / "content" / "site.yaml").unlink()
    (root / "content" / "site.yaml").symlink_to(real)


def fifo_journey(root: Path) -> None:
    os.mkfifo(root / "content" / "journeys" / "SO-2.yaml")


def fifo_site(root: Path) -> None:
    (root / "content" / "site.yaml").unlink()
    os.mkfifo(root / "content" / "site.yaml")


def symlink_to_dev_zero(root: Path) -> None:
    (root / "content" / "journeys" / "SO-2.yaml").symlink_to("/dev/zero")


def dangling_symlink(root: Path) -> None:
    (root / "content" / "journeys" / "SO-2.yaml").symlink_to(root / "nowhere.yaml")


def symlinked_journeys_folder(root: Path) -> None:
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "SO-2.yaml").write_text(swap(JOURNEY, "SO-1", "SO-2"), encoding="utf-8")
    shutil.rmtree(root / "content" / "journeys")
    (root / "content" / "journeys").symlink_to(elsewhere, target_is_directory=True)


def unix_socket(root: Path) -> None:
    # AF_UNIX paths are limited to ~108 bytes: bind a relative name from inside the folder.
    previous = Path.cwd()
    os.chdir(root / "content" / "journeys")
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind("SO-2.yaml")
    finally:
        os.chdir(previous)


NOT_REGULAR_CASES = [
    Case(
        "symlink-to-dev-zero",
        {"journeys/SO-1.yaml": JOURNEY},
        (Expect("journeys/SO-2.yaml", 1, 1, "OMC100"),),
        setup=symlink_to_dev_zero,
    ),
    Case(
        "dangling-symlink",
        {"journeys/SO-1.yaml": JOURNEY},
        (Expect("journeys/SO-2.yaml", 1, 1, "OMC100"),),
        setup=dangling_symlink,
    ),
    Case(
        "unix-socket",
        {"journeys/SO-1.yaml": JOURNEY},
        (Expect("journeys/SO-2.yaml", 1, 1, "OMC100"),),
        setup=unix_socket,
    ),
    # A symbolic link is never followed, a folder one included: it could point anywhere.
    Case("symlinked-journeys-folder", {}, (Expect("journeys", 1, 1),), setup=symlinked_journeys_folder),
    Case(
        "symlink-to-valid-file",
        {"journeys/SO-1.yaml": JOURNEY},
        (Expect("journeys/SO-2.yaml", 1, 1, "OMC100"),),
        setup=symlink_to_valid_file_outside,
    ),
    Case(
        "symlink-to-etc-passwd",
        {"journeys/SO-1.yaml": JOURNEY},
        (Expect("journeys/SO-2.yaml", 1, 1, "OMC100"),),
        never_shows=("root:",),
        setup=symlink_to_passwd,
    ),
    Case("symlinked-site", {"journeys/SO-1.yaml": JOURNEY}, (Expect("site.yaml", 1, 1, "OMC100"),), setup=symlink_site),
    Case(
        "fifo-journey",
        {"journeys/SO-1.yaml": JOURNEY},
        (Expect("journeys/SO-2.yaml", 1, 1, "OMC100"),),
        setup=fifo_journey,
    ),
    Case("fifo-site", {"journeys/SO-1.yaml": JOURNEY}, (Expect("site.yaml", 1, 1, "OMC100"),), setup=fifo_site),
]

# --- CRLF line ends -----------------------------------------------------------------------------


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


CRLF_CASES = [
    Case(
        "crlf-valid-files-pass",
        {
            "site.yaml": crlf(SITE),
            "journeys/SO-1.yaml": crlf(PUBLIC_JOURNEY + EVENT + "    notes: |\n      Re-keyed twice.\n      Faxed.\n"),
            "observations/OBS-1.yaml": crlf(OBSERVATION),
            "notices/2026-04-leeds-delays.yaml": crlf(NOTICE),
        },
        exit_code=0,
    ),
    # A UTF-8 byte order mark is still UTF-8; editors do not show it as a column.
    Case(
        "utf8-bom-error-position",
        {"journeys/SO-1.yaml": "\ufeff" + ORDER_0012},
        (Expect("journeys/SO-1.yaml", 1, 8, "OMC204", says=("0012",)),),
    ),
    Case(
        "crlf-error-position",
        {"journeys/SO-1.yaml": crlf(journey_with("title: Replacement pump", "title: 2026"))},
        (Expect("journeys/SO-1.yaml", 2, 8, "OMC204", says=("2026", "quote")),),
    ),
]

CASES: list[Case] = [
    *ALIAS_CASES,
    *TAG_CASES,
    *KEY_CASES,
    *DOCUMENT_CASES,
    *YAML11_CASES,
    *NAME_CASES,
    *SITE_VALUE_CASES,
    *CHARACTER_CASES,
    *BYTE_CASES,
    *SHAPE_CASES,
    *NOT_REGULAR_CASES,
    *CRLF_CASES,
]


def write_content(root: Path, files: Mapping[str, FileContent]) -> None:
    content = root / "content"
    for folder in ("journeys", "observations", "notices"):
        (content / folder).mkdir(parents=True)
    all_files: dict[str, FileContent] = {"site.yaml": SITE, **files}
    for relative, data in all_files.items():
        target = content / relative
        if isinstance(data, str):
            target.write_bytes(data.encode("utf-8", errors="surrogateescape"))
        else:
            target.write_bytes(data)


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content"],
        cwd=root,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT_SECONDS,
        check=False,
    )


def diagnostics(output: str) -> list[Diagnostic]:
    found = []
    for line in output.splitlines():
        match = DIAGNOSTIC.match(line)
        if match:
            found.append(
                Diagnostic(
                    path=match["path"],
                    line=int(match["line"]),
                    col=int(match["col"]),
                    severity=match["severity"],
                    code=match["code"],
                    message=match["message"],
                )
            )
    return found


def test_there_are_at_least_thirty_hostile_cases() -> None:
    assert len({case.name for case in CASES}) == len(CASES)
    assert sum(1 for case in CASES if case.exit_code == 1) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_reported_at_its_position(case: Case, tmp_path: Path) -> None:
    write_content(tmp_path, case.files)
    if case.setup is not None:
        case.setup(tmp_path)

    result = run_check(tmp_path)

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == case.exit_code, output[-3000:]
    found = diagnostics(output)
    for expected in case.expect:
        assert any(expected.matches(diagnostic) for diagnostic in found), (
            f"no error matching {expected} in:\n{output[-3000:]}"
        )
    for text in case.never_shows:
        assert text not in output
    assert not any(diagnostic.code in case.never_codes for diagnostic in found), output[-3000:]
    if case.exit_code == 0:
        assert not [diagnostic for diagnostic in found if diagnostic.severity == "error"], output


def test_python_tag_constructs_nothing(tmp_path: Path) -> None:
    write_content(tmp_path, {"journeys/SO-1.yaml": PYTHON_APPLY})
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "PWNED").exists()


def test_billion_laughs_output_stays_small(tmp_path: Path) -> None:
    write_content(tmp_path, {"journeys/SO-1.yaml": BILLION_LAUGHS})
    result = run_check(tmp_path)
    assert result.returncode == 1
    # One line per anchor and alias written, never one per expanded node.
    assert len(result.stdout) + len(result.stderr) < 50_000


def test_file_of_exactly_one_mebibyte_is_accepted(tmp_path: Path) -> None:
    padding = 1024 * 1024 - len(JOURNEY.encode()) - len("# \n")
    write_content(tmp_path, {"journeys/SO-1.yaml": JOURNEY + "# " + "x" * padding + "\n"})
    assert (tmp_path / "content" / "journeys" / "SO-1.yaml").stat().st_size == 1024 * 1024
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_site_yaml_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    write_content(tmp_path, {"journeys/SO-1.yaml": JOURNEY})
    (tmp_path / "content" / "site.yaml").unlink()
    result = run_check(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "site.yaml" in output


INJECTED_KEY = "x%0A::error file=evil.yaml,line=1::forged annotation"


def test_github_annotations_cannot_be_forged_from_content(tmp_path: Path) -> None:
    """A key carrying `%0A::error ...` must not become a second workflow command."""
    write_content(tmp_path, {"journeys/SO-1.yaml": journey_with("status:", f'"{INJECTED_KEY}": 1\nstatus:')})
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content", "--format", "github"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert commands, result.stdout
    assert all(line.startswith(("::error file=content/", "::warning file=content/")) for line in commands), commands
    assert "evil.yaml" not in "".join(line.split("::", 2)[1] for line in commands)
    # GitHub decodes %0A back into a line break: the message must carry it as %250A.
    assert any("%250A" in line for line in commands), commands
    assert not any("%0A::" in line for line in commands), commands


def test_missing_content_folder_is_reported_without_traceback(tmp_path: Path) -> None:
    result = run_check(tmp_path)  # no content/ at all
    output = result.stdout + result.stderr
    assert result.returncode in (1, 2)
    assert "Traceback" not in output
    assert "content" in output


FORGED_NAME = "SO-2\nforged.yaml:1:1: error[OMC999]: forged"
TERMINAL_NAME = "SO-3\x1b[31mred\u202e"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_file_names_cannot_forge_diagnostics_or_reach_the_terminal(tmp_path: Path, output_format: str) -> None:
    """A file name is content too: a newline in it must not start a forged diagnostic line,
    and an escape sequence or bidi control in it must not reach the terminal raw."""
    write_content(
        tmp_path,
        {
            "journeys/SO-1.yaml": JOURNEY,
            f"journeys/{FORGED_NAME}.yaml": swap(JOURNEY, "SO-1", "SO-2"),
            f"journeys/{TERMINAL_NAME}.yaml": swap(JOURNEY, "SO-1", "SO-3"),
        },
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content", "--format", output_format],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode in (0, 1)
    assert not RAW_CONTROL.search(output), ascii(output)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert not [line for line in lines if line.startswith("forged")], lines
    if output_format == "text":
        problems = [line for line in lines if DIAGNOSTIC.match(line)]
        assert len(problems) == len(lines) - 1, lines  # every line a diagnostic, then the count line
        assert all(line.startswith("content/journeys/") for line in problems), lines
    else:
        commands = [line for line in lines if line.startswith("::")]
        assert len(commands) == len(lines) - 1, lines
        assert all(line.startswith(("::error file=content/", "::warning file=content/")) for line in commands), lines


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_file_names_that_are_not_utf8_are_reported_without_traceback(tmp_path: Path, output_format: str) -> None:
    write_content(tmp_path, {"journeys/SO-1.yaml": JOURNEY})
    content = os.fsencode(tmp_path / "content")
    with open(content + b"/journeys/SO-2\xff.yaml", "wb") as journey:
        journey.write(swap(JOURNEY, "SO-1", "SO-2").encode())
    with open(content + b"/journeys/\xc3(.yaml", "wb") as broken:
        broken.write(b"order: [\n")
    os.mkdir(content + b"/\xfe\xfe")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content", "--format", output_format],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    stdout = result.stdout.decode("utf-8")  # strict: the report itself is valid UTF-8
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stdout + stderr, stderr
    assert result.returncode == 1, stdout + stderr  # the broken journey is an error
    assert "content/journeys/" in stdout


def swap_types(value: object, deep: bool) -> object:
    """The same shape with every value of another type (deep: every leaf; else one level)."""
    if isinstance(value, dict):
        return {key: swap_types(item, deep) if deep else "x" for key, item in value.items()}
    if isinstance(value, list):
        return [swap_types(item, deep) for item in value] if deep else {"x": 1}
    if isinstance(value, str):
        return 7
    if isinstance(value, bool | int | float):
        return "7"
    return [value]


def poison_cache_file(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
        return
    if how == "not-json":
        path.write_bytes(b"\x00\xff garbage")
        return
    stored = json.loads(data)
    assert isinstance(stored, dict)
    for field_name, entries in stored.items():
        if isinstance(entries, dict):
            if how == "entries-are-texts":
                stored[field_name] = {key: "x" for key in entries}
            else:
                stored[field_name] = {
                    key: swap_types(entry, deep=how == "leaves-swapped") for key, entry in entries.items()
                }
    path.write_text(json.dumps(stored), encoding="utf-8")


CACHED_CONTENT = {
    "journeys/SO-1.yaml": PUBLIC_JOURNEY + EVENT,
    "journeys/SO-2.yaml": swap(swap(JOURNEY, "SO-1", "SO-2"), "title: Replacement pump", "title: 2026"),
    "observations/OBS-1.yaml": OBSERVATION,
}


@pytest.mark.parametrize("how", ["truncated", "not-json", "entries-are-texts", "fields-swapped", "leaves-swapped"])
def test_a_corrupt_parse_cache_changes_nothing(tmp_path: Path, how: str) -> None:
    """The cache lives outside the content folder but is still input: a damaged one is ignored."""
    write_content(tmp_path, CACHED_CONTENT)
    uncached = run_check(tmp_path)  # fills tmp_path/cache
    cache_files = sorted((tmp_path / "cache").rglob("*.json"))
    assert cache_files, "omcreport check wrote no parse cache under XDG_CACHE_HOME"
    for cache_file in cache_files:
        poison_cache_file(cache_file, how)

    poisoned = run_check(tmp_path)

    assert "Traceback" not in poisoned.stdout + poisoned.stderr, poisoned.stderr
    assert (poisoned.returncode, poisoned.stdout) == (uncached.returncode, uncached.stdout)
    assert "content/journeys/SO-2.yaml:2:8: error[OMC204]" in poisoned.stdout


MARKDOWN_KEY = "x|y ![t](https://evil.example/p.png) [login](https://evil.example/) <b>bold</b>"


def test_step_summary_shows_content_as_inert_text(tmp_path: Path) -> None:
    """GitHub renders the job summary as Markdown: a key from a pull request must not become an
    image fetched from elsewhere, a link, HTML or an extra table column there."""
    write_content(tmp_path, {"journeys/SO-1.yaml": journey_with("status:", f'"{MARKDOWN_KEY}": 1\nstatus:')})
    summary = tmp_path / "summary.md"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content", "--format", "github"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if "OMC202" in line]
    assert len(rows) == 1, rows
    header = next(line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("|"))
    cells = re.split(r"(?<!\\)\|", rows[0].strip())[1:-1]
    assert len(cells) == len(re.split(r"(?<!\\)\|", header.strip())[1:-1]), rows[0]
    message = cells[-1].strip()
    in_code_span = message.startswith("`") and message.endswith("`")
    assert in_code_span or "](https://evil.example/" not in message, message
    assert "<b>" not in message, message


BUILD_CASES = [
    "billion-laughs",
    "tag-python-object-apply",
    "nested-brackets-200kb",
    "fifo-journey",
    "bad-utf8-latin1-byte",
]


@pytest.mark.parametrize("name", BUILD_CASES)
def test_build_reports_hostile_content_and_writes_nothing(tmp_path: Path, name: str) -> None:
    """`build` reads content through the same loader: same diagnostic, exit 1, no site/ or reports/."""
    case = next(case for case in CASES if case.name == name)
    write_content(tmp_path, case.files)
    if case.setup is not None:
        case.setup(tmp_path)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "content", "--as-of", "2026-06-01T00:00:00Z"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output[-3000:]
    found = diagnostics(output)
    for expected in case.expect:
        assert any(expected.matches(diagnostic) for diagnostic in found), output[-3000:]
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "reports").exists()
    assert not (tmp_path / "PWNED").exists()
