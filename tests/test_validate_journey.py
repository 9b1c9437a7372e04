"""Every journey rule of FORMAT.md, through `omcreport check` on real files: exact lines."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from omcreport.cli import cli

SITE = """\
name: Northwind Pumps
base_url: https://track.example.com/
locale: en-GB
timezone: Europe/London
departments: [Customer Service, Finance, Warehouse]
"""

# Line numbers below are referred to by the expected diagnostics.
JOURNEY = """\
order: SO-1
title: Pump for Acme
customer:
  display_name: Acme Mills
placed: 2026-03-10T09:12:00+01:00
promised: 2026-04-02
public:
  token: 3q2-7wVwTnC1mZ8dR0a9Zg
stages:
  - stage: entry
    started: 2026-03-10T09:12:00+01:00
    ended: 2026-03-10T11:40:00+01:00
    owner: Customer Service
    customer_in_view: high
    events:
      - at: 2026-03-10T09:30:00+01:00
        note: Credit check passed
  - stage: fulfillment
    started: 2026-03-11T08:00:00+01:00
    ended: 2026-03-12T08:00:00+01:00
    owner: Warehouse
    customer_in_view: medium
"""

PATH = "content/journeys/SO-1.yaml"


# The last line of check for site.yaml and one journey.
READ_ONE = "checked 2 files (site.yaml, 1 journey)"
CLEAN = f"{READ_ONE}: no problems found"


def check(folder: Path, journeys: dict[str, str], *options: str, site: str = SITE) -> tuple[int, list[str]]:
    content = folder / "content"
    (content / "journeys").mkdir(parents=True)
    (content / "site.yaml").write_text(site, encoding="utf-8")
    for name, text in journeys.items():
        (content / "journeys" / name).write_text(text, encoding="utf-8")
    with contextlib.chdir(folder):
        result = CliRunner().invoke(
            cli, ["check", "content", *options], env={"XDG_CACHE_HOME": str(folder / "cache")}, catch_exceptions=False
        )
    return result.exit_code, result.stdout.splitlines()


@pytest.fixture
def here(tmp_path: Path) -> Path:
    return tmp_path


def edited(*replacements: tuple[str, str]) -> str:
    text = JOURNEY
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_base_journey_is_valid(here: Path) -> None:
    assert check(here, {"SO-1.yaml": JOURNEY}) == (0, [CLEAN])


ERRORS: list[tuple[str, tuple[tuple[str, str], ...], list[str]]] = [
    (
        "title-read-as-number",
        (("title: Pump for Acme", "title: 2026"),),
        ['2:8: error[OMC204]: title: 2026 is read as a number; write it in quotes: "2026"'],
    ),
    (
        "order-read-as-octal",
        (("order: SO-1", "order: 0012"),),
        ['1:8: error[OMC204]: order: 0012 is read as a number; write it in quotes: "0012"'],
    ),
    (
        "customer-in-view-read-as-boolean",
        (("customer_in_view: high", "customer_in_view: no"),),
        [
            "14:23: error[OMC204]: customer_in_view: no is read as a boolean; "
            "write one of none, low, medium, high (did you mean 'none'?)"
        ],
    ),
    (
        "note-read-as-sexagesimal",
        (("note: Credit check passed", "note: 9:30"),),
        ['17:15: error[OMC204]: note: 9:30 is read as a number; write it in quotes: "9:30"'],
    ),
    (
        "missing-title-at-first-key",
        (("title: Pump for Acme\n", ""),),
        ["1:1: error[OMC201]: missing required key 'title'"],
    ),
    (
        "missing-owner-at-first-key-of-the-visit",
        (("    owner: Customer Service\n", ""),),
        ["10:5: error[OMC201]: missing required key 'owner'"],
    ),
    (
        "unknown-key-with-hint",
        (("title: Pump for Acme", "titel: Pump for Acme"),),
        [
            "1:1: error[OMC201]: missing required key 'title'",
            "2:1: error[OMC202]: unknown key 'titel' (did you mean 'title'?)",
        ],
    ),
    (
        "mapping-expected",
        (("customer:\n  display_name: Acme Mills", "customer: Acme Mills"),),
        ["3:11: error[OMC203]: customer must be a mapping of keys, not a text"],
    ),
    (
        "null-ended",
        (("    ended: 2026-03-10T11:40:00+01:00", "    ended:"),),
        ["12:11: error[OMC205]: ended has no value; give it one or remove the key"],
    ),
    (
        "null-with-tilde",
        (("promised: 2026-04-02", "promised: ~"),),
        ["6:11: error[OMC205]: promised has no value; give it one or remove the key"],
    ),
    (
        "status-not-an-allowed-word",
        (("placed:", "status: complete\nplaced:"),),
        [
            "5:9: error[OMC206]: status: unknown value 'complete' (did you mean 'completed'?); "
            "expected one of open, completed, cancelled"
        ],
    ),
    (
        "boolean-in-quotes",
        (("note: Credit check passed", 'note: Credit check passed\n        public: "true"'),),
        ["18:17: error[OMC207]: public: write true without quotes"],
    ),
    (
        "boolean-yes",
        (("note: Credit check passed", "note: Credit check passed\n        public: yes"),),
        ["18:17: error[OMC207]: public must be true or false, not 'yes'"],
    ),
    (
        "timestamp-that-is-a-time-shows-the-form",
        (("    owner: Warehouse", "    due: 9:30\n    owner: Warehouse"),),
        [
            "21:10: error[OMC208]: due: '9:30' is not a timestamp; expected YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM, "
            "e.g. 2026-03-10T09:12:00+01:00"
        ],
    ),
    (
        "timestamp-without-offset",
        (("started: 2026-03-11T08:00:00+01:00", "started: 2026-03-11T08:00:00"),),
        ["19:14: error[OMC209]: started: '2026-03-11T08:00:00' has no UTC offset; add Z or one such as +01:00"],
    ),
    (
        "timestamp-impossible-month",
        (("placed: 2026-03-10T09:12:00+01:00", "placed: 2026-13-10T09:12:00+01:00"),),
        [
            "5:9: error[OMC208]: placed: '2026-13-10T09:12:00+01:00' is not a valid time (month must be in 1..12); "
            "expected YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM, e.g. 2026-03-10T09:12:00+01:00"
        ],
    ),
    (
        "date-impossible",
        (("promised: 2026-04-02", "promised: 2026-04-31"),),
        [
            "6:11: error[OMC210]: promised: '2026-04-31' is not a valid date (day is out of range for month); "
            "expected YYYY-MM-DD"
        ],
    ),
    (
        "date-in-another-form",
        (("promised: 2026-04-02", "promised: 02.04.2026"),),
        ["6:11: error[OMC210]: promised: '02.04.2026' is not a date; expected YYYY-MM-DD, e.g. 2026-04-02"],
    ),
    (
        "amount-unquoted",
        (("public:", "value: {amount: 12400.00, currency: EUR}\npublic:"),),
        ['7:17: error[OMC212]: amount: write the number in quotes so no digit is lost: "12400.00"'],
    ),
    (
        "amount-not-a-decimal",
        (("public:", 'value: {amount: "12,400", currency: EUR}\npublic:'),),
        ["7:17: error[OMC212]: amount: '12,400' is not a decimal number such as \"12400.00\""],
    ),
    (
        "currency-lowercase",
        (("public:", 'value: {amount: "12400.00", currency: eur}\npublic:'),),
        ["7:39: error[OMC213]: currency: 'eur' is not an ISO 4217 currency code (did you mean 'EUR'?)"],
    ),
    (
        "order-with-trailing-newline",
        (("order: SO-1", 'order: "SO-1\\n"'),),
        [
            "1:8: error[OMC214]: order 'SO-1\\n' must be 1-64 ASCII letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        ],
    ),
    (
        "order-with-a-look-alike-letter",
        (("order: SO-1", "order: S\u041e-1"),),
        [
            "1:8: error[OMC214]: order 'S\u041e-1' must be 1-64 ASCII letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        ],
    ),
    (
        "token-too-short",
        (("token: 3q2-7wVwTnC1mZ8dR0a9Zg", "token: short-token"),),
        ["8:10: error[OMC215]: token must be 22-64 characters of A-Z, a-z, 0-9, '_' and '-'"],
    ),
    (
        "locale-unknown",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  locale: xx-YY"),),
        ["9:11: error[OMC216]: locale: 'xx-YY' is not a known BCP 47 locale such as en, en-GB or de-DE"],
    ),
    (
        "locale-with-underscore",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  locale: de_DE"),),
        ["9:11: error[OMC216]: locale: 'de_DE' is not a BCP 47 tag (did you mean 'de-DE'?)"],
    ),
    (
        "locale-no-is-a-boolean",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  locale: no"),),
        ['9:11: error[OMC204]: locale: no is read as a boolean; write it in quotes: "no"'],
    ),
    (
        "timezone-misspelt",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  timezone: Europe/Londn"),),
        [
            "9:13: error[OMC217]: timezone: 'Europe/Londn' is not an IANA timezone such as Europe/London "
            "(did you mean 'Europe/London'?)"
        ],
    ),
    (
        "empty-title",
        (("title: Pump for Acme", 'title: ""'),),
        ["2:8: error[OMC220]: title is empty"],
    ),
    (
        "unknown-stage-with-hint",
        (("  - stage: fulfillment", "  - stage: fulfilment"),),
        [
            "18:12: error[OMC221]: stage: unknown stage 'fulfilment' (did you mean 'fulfillment'?); expected one of "
            "planning, generation, pricing, entry, prioritization, scheduling, fulfillment, billing, returns, postsales"
        ],
    ),
    (
        "ended-before-started",
        (("ended: 2026-03-12T08:00:00+01:00", "ended: 2026-03-11T07:00:00+01:00"),),
        ["20:12: error[OMC301]: ended is before started (line 19)"],
    ),
    (
        "event-outside-its-visit",
        (("at: 2026-03-10T09:30:00+01:00", "at: 2026-03-10T12:30:00+01:00"),),
        ["16:13: error[OMC302]: this event lies outside its visit (line 11 to line 12)"],
    ),
    (
        "events-out-of-order-at-the-later-one",
        (
            (
                "        note: Credit check passed",
                "        note: Credit check passed\n      - at: 2026-03-10T09:20:00+01:00\n        note: Called",
            ),
        ),
        ["18:13: error[OMC303]: this event is before the previous event (line 16); list events in time order"],
    ),
    (
        "visits-out-of-order",
        (
            ("started: 2026-03-11T08:00:00+01:00", "started: 2026-03-10T08:00:00+01:00"),
            ("ended: 2026-03-12T08:00:00+01:00", "ended: 2026-03-10T08:30:00+01:00"),
        ),
        [
            "19:14: error[OMC304]: this visit started before the previous visit started (line 11); "
            "list visits in the order they started"
        ],
    ),
    (
        "two-open-visits",
        (("    ended: 2026-03-10T11:40:00+01:00\n", ""), ("    ended: 2026-03-12T08:00:00+01:00\n", "")),
        ["17:5: error[OMC305]: a second visit without ended (the open one is at line 10); only one may be in progress"],
    ),
    (
        "completed-with-an-open-visit",
        (("placed:", "status: completed\nplaced:"), ("    ended: 2026-03-12T08:00:00+01:00\n", "")),
        ["19:5: error[OMC306]: the journey is completed (line 5) but this visit has no ended"],
    ),
    (
        "closed-before-a-visit-ended",
        (("placed:", "closed: 2026-03-11T09:00:00+01:00\nplaced:"),),
        ["5:9: error[OMC307]: closed is before a visit's ended (line 21)"],
    ),
    (
        "placed-after-the-latest-ended",
        (("placed: 2026-03-10T09:12:00+01:00", "placed: 2026-03-13T09:12:00+01:00"),),
        ["5:9: error[OMC307]: placed is after the journey closed (its latest ended)"],
    ),
    (
        "closed-on-an-open-journey",
        (("placed:", "status: open\nclosed: 2026-03-12T09:00:00+01:00\nplaced:"),),
        ["6:9: error[OMC308]: closed is given but the journey is open (status: open)"],
    ),
    (
        "health-cancelled-but-not-cancelled",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  health: cancelled"),),
        ["9:11: error[OMC309]: health is cancelled but the journey's status is completed; write status: cancelled"],
    ),
    (
        "owner-not-a-department",
        (("owner: Warehouse", "owner: Warehose"),),
        ["21:12: error[OMC310]: owner 'Warehose' is not one of site.yaml's departments (did you mean 'Warehouse'?)"],
    ),
    (
        "stages-needs-one-visit",
        ((JOURNEY[JOURNEY.index("stages:") :], "stages: []\n"),),
        ["9:9: error[OMC220]: stages needs at least 1 item"],
    ),
]


@pytest.mark.parametrize(("replacements", "expected"), [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_each_journey_error_is_reported_at_its_position(
    here: Path, replacements: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    status, lines = check(here, {"SO-1.yaml": edited(*replacements)})
    errors = sum(1 for line in expected if ": error[" in line)
    warnings = len(expected) - errors
    assert lines[:-1] == [f"{PATH}:{line}" for line in expected]
    counts = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    assert lines[-1] == f"{READ_ONE}: {counts} in 1 file"
    assert status == 1


WARNINGS: list[tuple[str, tuple[tuple[str, str], ...], list[str]]] = [
    (
        "gap-of-more-than-30-days",
        (
            ("started: 2026-03-11T08:00:00+01:00", "started: 2026-04-11T12:00:00+01:00"),
            ("ended: 2026-03-12T08:00:00+01:00", "ended: 2026-04-12T08:00:00+01:00"),
        ),
        ["19:14: warning[OMC403]: 32 days from the previous visit's ended to this visit's started"],
    ),
    (
        "promised-before-placed",
        (("promised: 2026-04-02", "promised: 2026-03-09"),),
        ["6:11: warning[OMC404]: promised (2026-03-09) is before placed (2026-03-10 in Europe/London)"],
    ),
    (
        "on-track-while-expected-after-promised",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  expected: 2026-04-06"),),
        [
            "9:13: warning[OMC405]: health is on-track but expected (2026-04-06) is after promised (2026-04-02); "
            "set health: delayed"
        ],
    ),
    (
        "taken-as-completed-without-fulfillment",
        (("  - stage: fulfillment", "  - stage: billing"),),
        [
            "1:1: warning[OMC406]: no status, no open visit and no ended fulfillment visit: taken as completed; "
            "write status: open if the order is waiting"
        ],
    ),
    (
        "locale-without-interface-catalogue",
        (("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  locale: it-IT"),),
        ["9:11: warning[OMC407]: no interface catalogue ships for locale 'it-IT'; its pages fall back to English"],
    ),
    (
        "file-name-differs-from-order",
        (("order: SO-1", "order: SO-2"),),
        ["1:8: warning[OMC402]: the file name 'SO-1' differs from its order 'SO-2'; name the file SO-2.yaml"],
    ),
]


@pytest.mark.parametrize(
    ("replacements", "expected"), [case[1:] for case in WARNINGS], ids=[case[0] for case in WARNINGS]
)
def test_each_journey_warning_exits_0_unless_strict(
    here: Path, replacements: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    status, lines = check(here, {"SO-1.yaml": edited(*replacements)})
    assert (status, lines) == (
        0,
        [f"{PATH}:{line}" for line in expected] + [f"{READ_ONE}: 0 errors, 1 warning in 1 file"],
    )
    strict = check(here / "again", {"SO-1.yaml": edited(*replacements)}, "--strict")
    assert strict == (1, lines)


def test_dates_are_compared_in_the_journeys_timezone(here: Path) -> None:
    """23:30 UTC on 10 March is already 11 March in Berlin: promised 10 March is before it there."""
    late_evening = edited(
        ("placed: 2026-03-10T09:12:00+01:00", "placed: 2026-03-09T23:30:00Z"),
        ("promised: 2026-04-02", "promised: 2026-03-09"),
    )
    assert check(here / "london", {"SO-1.yaml": late_evening}) == (0, [CLEAN])
    in_berlin = late_evening.replace(
        "  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  timezone: Europe/Berlin"
    )
    assert check(here / "berlin", {"SO-1.yaml": in_berlin}) == (
        0,
        [
            f"{PATH}:6:11: warning[OMC404]: promised (2026-03-09) is before placed (2026-03-10 in Europe/Berlin)",
            f"{READ_ONE}: 0 errors, 1 warning in 1 file",
        ],
    )


def test_a_cancelled_journey_may_have_health_cancelled_and_no_fulfillment(here: Path) -> None:
    cancelled = edited(
        ("placed:", "status: cancelled\nplaced:"),
        ("  token: 3q2-7wVwTnC1mZ8dR0a9Zg", "  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  health: cancelled"),
        ("  - stage: fulfillment", "  - stage: billing"),
    )
    assert check(here, {"SO-1.yaml": cancelled}) == (0, [CLEAN])


def test_an_open_journey_waiting_between_departments_is_valid(here: Path) -> None:
    waiting = edited(("placed:", "status: open\nplaced:"), ("  - stage: fulfillment", "  - stage: billing"))
    assert check(here, {"SO-1.yaml": waiting}) == (0, [CLEAN])


def test_overlapping_visits_and_revisits_are_facts_not_errors(here: Path) -> None:
    overlapping = edited(
        ("started: 2026-03-11T08:00:00+01:00", "started: 2026-03-10T10:00:00+01:00"),
    ) + (
        "  - stage: entry\n    started: 2026-03-12T09:00:00+01:00\n    ended: 2026-03-12T10:00:00+01:00\n"
        "    owner: Customer Service\n    customer_in_view: low\n"
    )
    assert check(here, {"SO-1.yaml": overlapping}) == (0, [CLEAN])


def test_duplicate_orders_and_tokens_across_files_name_the_first(here: Path) -> None:
    second = edited(("order: SO-1", "order: so-1"), ("token: 3q2-7wVwTnC1mZ8dR0a9Zg", "token: 3Q2-7wVwTnC1mZ8dR0a9Zg"))
    status, lines = check(here, {"SO-1.yaml": JOURNEY, "so-1.yaml": second})
    assert status == 1
    assert lines == [
        "content/journeys/so-1.yaml:1:8: error[OMC311]: order 'so-1' is already used "
        "(first at content/journeys/SO-1.yaml:1)",
        "content/journeys/so-1.yaml:8:10: error[OMC312]: another public page has the same token "
        "(first at content/journeys/SO-1.yaml:8)",
        "checked 3 files (site.yaml, 2 journeys): 2 errors, 0 warnings in 1 file",
    ]


def test_messages_never_print_a_token(here: Path) -> None:
    token = "3q2-7wVwTnC1mZ8dR0a9Zg"
    short = edited((f"token: {token}", "token: 3q2-7wVwTnC1mZ8dR0a9"))
    numeric = edited((f"token: {token}", "token: 12345678901234567890123"))
    for name, text in (("short", short), ("numeric", numeric)):
        status, lines = check(here / name, {"SO-1.yaml": text, "SO-2.yaml": JOURNEY.replace("SO-1", "SO-2")})
        assert status == 1
        output = "\n".join(lines)
        assert "3q2-7wVwTnC1mZ8dR0a9" not in output
        assert "12345678901234567890123" not in output
    status, lines = check(here / "numeric-message", {"SO-1.yaml": numeric})
    assert lines[0] == f"{PATH}:8:10: error[OMC204]: token: is read as a number; write it in quotes"


@pytest.mark.parametrize("written", ["no", '"no"', "0", "Yes"])
def test_an_enum_typo_yaml_misreads_is_fixed_in_one_round_trip(here: Path, written: str) -> None:
    """Whatever YAML 1.1 makes of it, the first message names the words to write instead;
    writing the suggested one (else the first listed) is then clean."""
    typo = edited(("customer_in_view: high", f"customer_in_view: {written}"))
    status, lines = check(here / "typo", {"SO-1.yaml": typo})
    assert status == 1
    (message,) = lines[:-1]
    assert "write it in quotes" not in message
    listed = re.search(r"one of ((?:[a-z]+, )*[a-z]+)", message)
    assert listed is not None, message
    assert listed.group(1).split(", ") == ["none", "low", "medium", "high"]
    suggested = re.search(r"did you mean '([a-z]+)'", message)
    fix = suggested.group(1) if suggested else listed.group(1).split(", ")[0]
    fixed = edited(("customer_in_view: high", f"customer_in_view: {fix}"))
    assert check(here / "fixed", {"SO-1.yaml": fixed}) == (0, [CLEAN])


def test_every_problem_of_a_file_in_one_run(here: Path) -> None:
    broken = edited(
        ("title: Pump for Acme", "title: 2026"),
        ("customer_in_view: high", "customer_in_view: no"),
        ("owner: Warehouse", "owner: Warehose"),
    )
    status, lines = check(here, {"SO-1.yaml": broken})
    assert status == 1
    assert [line.split(": ")[1] for line in lines[:-1]] == ["error[OMC204]", "error[OMC204]", "error[OMC310]"]
    assert lines[-1] == f"{READ_ONE}: 3 errors, 0 warnings in 1 file"
