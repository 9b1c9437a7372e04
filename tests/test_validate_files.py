"""site.yaml, stages.yaml, observations, notices, the folder layout and the file level,
through `omcreport check` on real folders: exact diagnostic lines."""

from __future__ import annotations

import contextlib
import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from omcreport.cli import cli

SITE = """\
name: Northwind Pumps
base_url: https://track.example.com/
locale: en-GB
timezone: Europe/London
contact:
  email: orders@example.com
  phone: "+44 20 7946 0000"
  url: https://example.com/help
departments: [Customer Service, Finance, Warehouse]
reports:
  paper: A4
  author: Office of the COO
"""

JOURNEY = """\
order: SO-1
title: Pump for Acme
customer: {display_name: Acme Mills}
stages:
  - stage: entry
    started: 2026-03-10T09:12:00+01:00
    ended: 2026-03-10T11:40:00+01:00
    owner: Customer Service
    customer_in_view: high
  - stage: fulfillment
    started: 2026-03-11T08:00:00+01:00
    ended: 2026-03-12T08:00:00+01:00
    owner: Warehouse
    customer_in_view: medium
"""

OBSERVATION = """\
id: OBS-1
title: Invoices list internal part numbers
stage: billing
orders: [SO-1]
observed: 2026-04-05
source: csr-interview
severity: high
body: Customers call because the invoice shows our part numbers.
owner: Finance
status: open
"""

NOTICE = """\
id: leeds-delays
title: Shipping delays from our Leeds warehouse
stages: [fulfillment]
impact: minor
started: 2026-04-03T08:00:00+01:00
resolved: 2026-04-06T17:00:00+01:00
body: A conveyor fault slowed dispatch.
"""

STAGES = """\
entry:
  customer_label: {en: We have your order, de: Ihre Bestellung liegt uns vor}
  target: PT2H
billing:
  public: false
postsales:
  target: null
"""

BASE: dict[str, str] = {
    "site.yaml": SITE,
    "stages.yaml": STAGES,
    "journeys/SO-1.yaml": JOURNEY,
    "observations/OBS-1.yaml": OBSERVATION,
    "notices/leeds-delays.yaml": NOTICE,
}

# The start of check's last line for BASE as it is.
READ_BASE = "checked 5 files (site.yaml, stages.yaml, 1 journey, 1 observation, 1 notice)"


def check(folder: Path, changes: dict[str, str | bytes | None], *options: str) -> tuple[int, list[str]]:
    """Write the base content with `changes` (None removes a file), run check, return (status, lines)."""
    content = folder / "content"
    files: dict[str, str | bytes | None] = {**BASE, **changes}
    for relative, text in files.items():
        if text is None:
            continue
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    with contextlib.chdir(folder):
        result = CliRunner().invoke(
            cli, ["check", "content", *options], env={"XDG_CACHE_HOME": str(folder / "cache")}, catch_exceptions=False
        )
    return result.exit_code, result.stdout.splitlines()


def test_the_base_content_is_valid(tmp_path: Path) -> None:
    assert check(tmp_path, {}) == (0, [f"{READ_BASE}: no problems found"])


CASES: list[tuple[str, dict[str, str | bytes | None], list[str]]] = [
    (
        "site-base-url-without-slash",
        {"site.yaml": SITE.replace("https://track.example.com/", "https://track.example.com")},
        [
            "content/site.yaml:2:11: error[OMC218]: base_url: 'https://track.example.com' must end in '/' "
            "and have no query or fragment, e.g. https://track.example.com/"
        ],
    ),
    (
        "site-base-url-not-http",
        {"site.yaml": SITE.replace("https://track.example.com/", "javascript:alert(1)/")},
        [
            "content/site.yaml:2:11: error[OMC218]: base_url: 'javascript:alert(1)/' must be an absolute http(s) URL "
            "such as https://track.example.com/"
        ],
    ),
    (
        "site-base-url-with-user-info",
        {"site.yaml": SITE.replace("https://track.example.com/", "https://user:pass@track.example.com/")},
        [
            "content/site.yaml:2:11: error[OMC218]: base_url: 'https://user:pass@track.example.com/' must not "
            "carry a user name or password before the host (user@host)"
        ],
    ),
    (
        "site-base-url-with-a-host-before-at",
        {"site.yaml": SITE.replace("https://track.example.com/", "https://a@b/")},
        [
            "content/site.yaml:2:11: error[OMC218]: base_url: 'https://a@b/' must not "
            "carry a user name or password before the host (user@host)"
        ],
    ),
    (
        "site-email",
        {"site.yaml": SITE.replace("orders@example.com", "orders at example")},
        [
            "content/site.yaml:6:10: error[OMC219]: email: 'orders at example' is not an email address "
            "such as orders@example.com"
        ],
    ),
    (
        "site-phone-unquoted-is-a-number",
        {"site.yaml": SITE.replace('"+44 20 7946 0000"', "442079460000")},
        [
            "content/site.yaml:7:10: error[OMC204]: phone: 442079460000 is read as a number; write it in quotes: "
            '"442079460000"'
        ],
    ),
    (
        "site-missing-name",
        {"site.yaml": SITE.replace("name: Northwind Pumps\n", "")},
        ["content/site.yaml:1:1: error[OMC201]: missing required key 'name'"],
    ),
    (
        "site-timezone",
        {"site.yaml": SITE.replace("Europe/London", "London")},
        [
            "content/site.yaml:4:11: error[OMC217]: timezone: 'London' is not an IANA timezone such as Europe/London "
            "(did you mean 'Europe/London'?)"
        ],
    ),
    (
        "site-paper",
        {"site.yaml": SITE.replace("paper: A4", "paper: a4")},
        [
            "content/site.yaml:11:10: error[OMC206]: paper: unknown value 'a4' (did you mean 'A4'?); expected one "
            "of A4, Letter"
        ],
    ),
    (
        "site-department-twice",
        {"site.yaml": SITE.replace("[Customer Service, Finance, Warehouse]", "[Finance, Warehouse, Finance]")},
        [
            "content/journeys/SO-1.yaml:8:12: error[OMC310]: owner 'Customer Service' is not one of site.yaml's "
            "departments",
            "content/site.yaml:9:35: error[OMC320]: department 'Finance' is listed twice (first at line 9)",
        ],
    ),
    (
        "site-locale-without-catalogue-warns-once",
        {
            "site.yaml": SITE.replace("locale: en-GB", "locale: it-IT"),
            "journeys/SO-1.yaml": JOURNEY.replace(
                "stages:", "public:\n  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  locale: it-IT\nstages:"
            ),
        },
        [
            "content/site.yaml:3:9: warning[OMC407]: no interface catalogue ships for locale 'it-IT'; its pages "
            "fall back to English"
        ],
    ),
    (
        "stages-duration-in-weeks",
        {"stages.yaml": STAGES.replace("PT2H", "P2W")},
        [
            "content/stages.yaml:3:11: error[OMC211]: target: 'P2W' uses weeks, months or years; write days "
            "instead (P14D, not P2W)"
        ],
    ),
    (
        "stages-duration-in-months",
        {"stages.yaml": STAGES.replace("PT2H", "P1M")},
        [
            "content/stages.yaml:3:11: error[OMC211]: target: 'P1M' uses weeks, months or years; write days "
            "instead (P14D, not P2W)"
        ],
    ),
    (
        "stages-duration-malformed",
        {"stages.yaml": STAGES.replace("PT2H", "PT")},
        [
            "content/stages.yaml:3:11: error[OMC211]: target: 'PT' is not an ISO 8601 duration; expected e.g. "
            "PT4H, P2D or P1DT12H"
        ],
    ),
    (
        "stages-zero-target",
        {"stages.yaml": STAGES.replace("PT2H", "PT0S")},
        [
            "content/stages.yaml:3:11: error[OMC211]: target: 'PT0S' is zero; a target must be longer than that "
            "(or null for none)"
        ],
    ),
    (
        "stages-unknown-stage",
        {"stages.yaml": STAGES.replace("billing:", "biling:")},
        ["content/stages.yaml:4:1: error[OMC221]: unknown stage 'biling' (did you mean 'billing'?)"],
    ),
    (
        "stages-planning-public-without-label",
        {"stages.yaml": STAGES + "planning:\n  public: true\n"},
        ["content/stages.yaml:9:11: error[OMC318]: planning is made public but has no customer_label; add one"],
    ),
    (
        "stages-label-with-a-bad-locale-key",
        {"stages.yaml": STAGES.replace("de: Ihre", "deutsch: Ihre")},
        [
            "content/stages.yaml:2:44: error[OMC216]: customer_label: 'deutsch' is not a known BCP 47 locale "
            "such as en, en-GB or de-DE"
        ],
    ),
    (
        "stages-null-name",
        {"stages.yaml": STAGES.replace("  public: false", "  name:")},
        ["content/stages.yaml:5:8: error[OMC205]: name has no value; give it one or remove the key"],
    ),
    (
        "observation-unknown-order",
        {"observations/OBS-1.yaml": OBSERVATION.replace("[SO-1]", "[SO-1, SO-2]")},
        [
            "content/observations/OBS-1.yaml:4:16: error[OMC314]: order 'SO-2' matches no journey's order (did you "
            "mean 'SO-1'?)"
        ],
    ),
    (
        "observation-order-repeated-ignoring-case",
        {"observations/OBS-1.yaml": OBSERVATION.replace("[SO-1]", "[SO-1, so-1]")},
        ["content/observations/OBS-1.yaml:4:16: error[OMC315]: order 'so-1' is listed twice (first at line 4)"],
    ),
    (
        "observation-owner-not-a-department",
        {"observations/OBS-1.yaml": OBSERVATION.replace("owner: Finance", "owner: finance")},
        [
            "content/observations/OBS-1.yaml:9:8: error[OMC310]: owner 'finance' is not one of site.yaml's "
            "departments (did you mean 'Finance'?)"
        ],
    ),
    (
        "observation-severity",
        {"observations/OBS-1.yaml": OBSERVATION.replace("severity: high", "severity: severe")},
        [
            "content/observations/OBS-1.yaml:7:11: error[OMC206]: severity: unknown value 'severe'; "
            "expected one of low, medium, high, critical"
        ],
    ),
    (
        "observation-id-twice",
        {"observations/obs-1b.yaml": OBSERVATION.replace("id: OBS-1", "id: obs-1")},
        [
            "content/observations/obs-1b.yaml:1:5: error[OMC313]: observation id 'obs-1' is already used "
            "(first at content/observations/OBS-1.yaml:1)",
            "content/observations/obs-1b.yaml:1:5: warning[OMC402]: the file name 'obs-1b' differs from its id "
            "'obs-1'; name the file obs-1.yaml",
        ],
    ),
    (
        "notice-non-public-stage",
        {"notices/leeds-delays.yaml": NOTICE.replace("[fulfillment]", "[fulfillment, billing]")},
        [
            "content/notices/leeds-delays.yaml:3:23: error[OMC316]: stage 'billing' is not public; "
            "a notice names public stages only"
        ],
    ),
    (
        "notice-resolved-before-started",
        {"notices/leeds-delays.yaml": NOTICE.replace("2026-04-06T17:00:00+01:00", "2026-04-02T17:00:00+01:00")},
        ["content/notices/leeds-delays.yaml:6:11: error[OMC317]: resolved is before started (line 5)"],
    ),
    (
        "notice-needs-a-stage",
        {"notices/leeds-delays.yaml": NOTICE.replace("[fulfillment]", "[]")},
        ["content/notices/leeds-delays.yaml:3:9: error[OMC220]: stages needs at least 1 item"],
    ),
    (
        "notice-id-twice",
        {"notices/leeds.yaml": NOTICE.replace("id: leeds-delays", "id: Leeds-Delays")},
        [
            "content/notices/leeds.yaml:1:5: error[OMC313]: notice id 'Leeds-Delays' is already used "
            "(first at content/notices/leeds-delays.yaml:1)",
            "content/notices/leeds.yaml:1:5: warning[OMC402]: the file name 'leeds' differs from its id "
            "'Leeds-Delays'; name the file Leeds-Delays.yaml",
        ],
    ),
    (
        "missing-site-yaml",
        {"site.yaml": None},
        [
            "content/site.yaml:1:1: error[OMC319]: no site.yaml in 'content'; is this a content folder? "
            "`omcreport new site --content-dir content` writes one"
        ],
    ),
    (
        "file-not-utf8",
        {"journeys/SO-1.yaml": JOURNEY.encode().replace(b"Acme Mills", b"Acme M\xfchle")},
        ["content/journeys/SO-1.yaml:3:32: error[OMC102]: byte 0xFC is not UTF-8; save the file as UTF-8"],
    ),
    (
        "file-over-1-mib",
        {"journeys/SO-1.yaml": JOURNEY + "# padding\n" * 110_000},
        [
            "content/journeys/SO-1.yaml:1:1: error[OMC101]: the file is over 1 MiB (1,048,576 bytes); split it or "
            "shorten it"
        ],
    ),
    (
        "yaml-tag",
        {"journeys/SO-1.yaml": JOURNEY.replace("title: Pump", "title: !!python/object:os.system Pump")},
        [
            "content/journeys/SO-1.yaml:2:8: error[OMC108]: explicit tags are not allowed "
            "(!!python/object:os.system); remove it"
        ],
    ),
    (
        "yaml-duplicate-key",
        {"journeys/SO-1.yaml": JOURNEY + "title: Again\n"},
        [
            "content/journeys/SO-1.yaml:15:1: error[OMC109]: duplicate key 'title' (first at "
            "content/journeys/SO-1.yaml:2)"
        ],
    ),
    (
        "yaml-two-documents",
        {"journeys/SO-1.yaml": JOURNEY + "---\norder: SO-2\n"},
        ["content/journeys/SO-1.yaml:15:1: error[OMC106]: more than one YAML document in the file"],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_rule_is_reported_at_its_position(
    tmp_path: Path, changes: dict[str, str | bytes | None], expected: list[str]
) -> None:
    status, lines = check(tmp_path, changes)
    assert lines[:-1] == expected
    errors = sum(1 for line in expected if ": error[" in line)
    assert status == (1 if errors else 0)


LAYOUT: list[tuple[str, str, str]] = [
    ("file-with-upper-case-extension", "journeys/x.YAML", "unexpected file 'x.YAML'; only .yaml files are read"),
    ("yml-extension", "observations/OBS-2.yml", "unexpected file 'OBS-2.yml'; only .yaml files are read"),
    # journeys/ is read to journeys/<year>/<month>/ (tests/test_load_subfolders.py); the others are flat.
    (
        "folder-inside-observations",
        "observations/2026/OBS-3.yaml",
        "unexpected folder '2026'; folders are not searched",
    ),
    ("misnamed-folder", "journey/SO-3.yaml", "unexpected folder 'journey'; not read"),
    ("file-at-the-top", "README.md", "unexpected file 'README.md'; not read"),
]


@pytest.mark.parametrize(("relative", "message"), [case[1:] for case in LAYOUT], ids=[case[0] for case in LAYOUT])
def test_unexpected_files_and_folders_warn_at_1_1(tmp_path: Path, relative: str, message: str) -> None:
    status, lines = check(tmp_path, {relative: JOURNEY})
    shown = "content/" + "/".join(relative.split("/")[: 2 if relative.count("/") > 1 else None])
    if relative.startswith("journey/"):
        shown = "content/journey"
    assert (status, lines) == (
        0,
        [f"{shown}:1:1: warning[OMC401]: {message}", f"{READ_BASE}: 0 errors, 1 warning in 1 file"],
    )


def test_hidden_files_and_folders_are_ignored(tmp_path: Path) -> None:
    assert check(tmp_path, {".git/config": "x", "journeys/.SO-1.yaml.swp": "x", ".editorconfig": "x"}) == (
        0,
        [f"{READ_BASE}: no problems found"],
    )


def test_a_symbolic_link_is_an_error_and_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(JOURNEY.replace("SO-1", "SO-9"), encoding="utf-8")
    (tmp_path / "content" / "journeys").mkdir(parents=True)
    os.symlink(outside, tmp_path / "content" / "journeys" / "SO-9.yaml")
    os.symlink(tmp_path, tmp_path / "content" / "notices")
    status, lines = check(tmp_path, {"notices/leeds-delays.yaml": None})
    assert (status, lines) == (
        1,
        [
            "content/journeys/SO-9.yaml:1:1: error[OMC100]: a symbolic link, not a regular file; only regular "
            "files are read",
            "content/notices:1:1: error[OMC100]: a symbolic link; links in a content folder are never followed",
            "checked 5 files (site.yaml, stages.yaml, 2 journeys, 1 observation): 2 errors, 0 warnings in 2 files",
        ],
    )


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    (tmp_path / "content" / "journeys").mkdir(parents=True)
    os.mkfifo(tmp_path / "content" / "journeys" / "SO-2.yaml")
    status, lines = check(tmp_path, {})
    assert (status, lines) == (
        1,
        [
            "content/journeys/SO-2.yaml:1:1: error[OMC100]: a FIFO, not a regular file; only regular files are read",
            "checked 6 files (site.yaml, stages.yaml, 2 journeys, 1 observation, 1 notice): "
            "1 error, 0 warnings in 1 file",
        ],
    )


def test_a_missing_content_folder_exits_1_and_never_falls_back(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, ["check", "elsewhere"], env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "elsewhere/site.yaml:1:1: error[OMC319]: no site.yaml: the content folder 'elsewhere' does not exist"
    )


def test_a_folder_without_site_yaml_gets_one_error_with_the_command_that_makes_one(tmp_path: Path) -> None:
    """Pointed at a project folder by mistake: one error, not a warning per folder and file in it."""
    project = tmp_path / "my project"
    for name in ("docs", "src", "tests", ".git", "node_modules"):
        (project / name).mkdir(parents=True)
    (project / "README.md").write_text("# readme\n", encoding="utf-8")
    (project / "journeys").mkdir()
    (project / "journeys" / "notes.txt").write_text("x", encoding="utf-8")
    with contextlib.chdir(tmp_path):
        runner = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
        result = runner.invoke(cli, ["check", "my project"], catch_exceptions=False)
        assert (result.exit_code, result.stdout.splitlines()) == (
            1,
            [
                "my project/site.yaml:1:1: error[OMC319]: no site.yaml in 'my project'; is this a content folder? "
                "`omcreport new site --content-dir 'my project'` writes one",
                "checked 0 files: 1 error, 0 warnings in 1 file",
            ],
        )
        hint = result.stdout.split("`")[1]
        assert runner.invoke(cli, shlex.split(hint)[1:], catch_exceptions=False).exit_code == 0
        after = runner.invoke(cli, ["check", "my project"], catch_exceptions=False)
    assert "OMC319" not in after.stdout
    assert "unexpected folder 'docs'" in after.stdout


def test_problems_of_all_files_come_in_one_run_sorted_by_path_and_line(tmp_path: Path) -> None:
    status, lines = check(
        tmp_path,
        {
            "site.yaml": SITE.replace("Europe/London", "London"),
            "journeys/SO-1.yaml": JOURNEY.replace("customer_in_view: high", "customer_in_view: yes"),
            "notices/leeds-delays.yaml": NOTICE.replace("impact: minor", "impact: small"),
        },
    )
    assert status == 1
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "content/journeys/SO-1.yaml:9:23",
        "content/notices/leeds-delays.yaml:4:9",
        "content/site.yaml:4:11",
    ]


def test_file_names_are_shown_escaped_one_diagnostic_per_line(tmp_path: Path) -> None:
    (tmp_path / "content" / "journeys").mkdir(parents=True)
    forged = os.fsencode(tmp_path / "content" / "journeys") + b"/SO-2\nx.yaml:1:1: error[OMC999]: \x1b[31m\xff.yaml"
    Path(os.fsdecode(forged)).write_text(JOURNEY.replace("SO-1", "SO-2"), encoding="utf-8")
    status, lines = check(tmp_path, {})
    assert status == 0
    assert lines == [
        "content/journeys/SO-2\\nx.yaml:1:1: error[OMC999]: \\x1b[31m\\xff.yaml:1:8: warning[OMC402]: the file name "
        "'SO-2\\nx.yaml:1:1: error[OMC999]: \\x1b[31m\\udcff' differs from its order 'SO-2'; name the file SO-2.yaml",
        "checked 6 files (site.yaml, stages.yaml, 2 journeys, 1 observation, 1 notice): 0 errors, 1 warning in 1 file",
    ]


def test_a_flood_of_unknown_orders_is_cut_short_without_searching_hints(tmp_path: Path) -> None:
    orders = ", ".join(f"XX-{number}" for number in range(5_000))
    status, lines = check(tmp_path, {"observations/OBS-1.yaml": OBSERVATION.replace("[SO-1]", f"[{orders}]")})
    assert status == 1
    assert len(lines) == 52
    assert lines[0] == "content/observations/OBS-1.yaml:4:10: error[OMC314]: order 'XX-0' matches no journey's order"
    # The 51st order, XX-50, starts at column 10 + 10 * 6 + 40 * 7.
    assert lines[50] == (
        "content/observations/OBS-1.yaml:4:350: error[OMC314]: more OMC314 problems in this file not shown"
    )
    assert lines[51] == f"{READ_BASE}: 51 errors, 0 warnings in 1 file"
