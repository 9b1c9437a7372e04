"""journeys/ in year/month subfolders: read to a fixed depth, with every FORMAT.md rule
(unique orders, file-name warnings, sorted reading) across them; the import writes new
journeys there with `folders: year/month` and finds moved ones wherever they are."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from import_logs import run_import, write_case
from test_import_interrupted import KILL_AT_NTH_STEP
from test_import_support import assert_check_passes, omcreport

from omcreport.importers.layout import JOURNEY_SUBFOLDER_DEPTH
from omcreport.importers.manifest import JOURNAL_NAME, MANIFEST_NAME
from omcreport.load import load_content

SITE = """\
name: Northwind Pumps
base_url: https://track.example.com/
timezone: Europe/London
departments: [Warehouse]
"""


def _journey(order: str, started: str = "2026-11-02T09:00:00Z") -> str:
    return (
        f"order: {order}\ntitle: Pump\ncustomer: {{display_name: Acme}}\nstages:\n"
        f"  - {{stage: fulfillment, started: {started}, owner: Warehouse, customer_in_view: high}}\n"
    )


def _content(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    (content / "journeys").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    for relative, text in files.items():
        path = content / "journeys" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def _check(content: Path) -> tuple[int, list[str]]:
    result = omcreport("check", "content", cwd=content.parent)
    return result.returncode, (result.stdout + result.stderr).splitlines()


def test_journeys_in_year_and_month_folders_are_read_in_sorted_path_order(tmp_path: Path) -> None:
    content = _content(
        tmp_path,
        {
            "2026/11/SO-3.yaml": _journey("SO-3"),
            "2026/10/SO-9.yaml": _journey("SO-9"),
            "SO-5.yaml": _journey("SO-5"),
            "2025/12/SO-1.yaml": _journey("SO-1"),
        },
    )
    status, lines = _check(content)
    assert status == 0 and lines[-1].endswith("no problems found"), lines
    assert "4 journeys" in lines[-1]
    loaded = load_content(content)
    assert loaded.content is not None
    assert sorted(journey.order for journey in loaded.content.journeys) == ["SO-1", "SO-3", "SO-5", "SO-9"]


def test_the_first_of_a_repeated_order_is_the_first_in_sorted_path_order(tmp_path: Path) -> None:
    # Written in another order than they sort: the top file, then November, then December 2025.
    content = _content(
        tmp_path,
        {"SO-1.yaml": _journey("SO-1"), "2026/11/SO-1.yaml": _journey("SO-1"), "2025/12/SO-1.yaml": _journey("SO-1")},
    )
    status, lines = _check(content)
    assert status == 1
    errors = [line.split(": error")[0] for line in lines if "error[OMC311]" in line]
    assert errors == ["content/journeys/2026/11/SO-1.yaml:1:8", "content/journeys/SO-1.yaml:1:8"]
    assert all("first at content/journeys/2025/12/SO-1.yaml:1" in line for line in lines if "OMC311" in line)


def test_an_order_in_two_folders_is_refused_at_the_second(tmp_path: Path) -> None:
    content = _content(tmp_path, {"2026/10/SO-1.yaml": _journey("SO-1"), "2026/11/so-1.yaml": _journey("so-1")})
    status, lines = _check(content)
    assert status == 1
    assert any(line.startswith("content/journeys/2026/11/so-1.yaml:1:8: error[OMC311]") for line in lines), lines
    assert any("first at content/journeys/2026/10/SO-1.yaml:1" in line for line in lines), lines


def test_a_file_name_that_differs_from_its_order_warns_in_a_subfolder_too(tmp_path: Path) -> None:
    content = _content(tmp_path, {"2026/11/SO-1.yaml": _journey("SO-2")})
    status, lines = _check(content)
    assert status == 0
    assert any(line.startswith("content/journeys/2026/11/SO-1.yaml:1:8: warning[OMC402]") for line in lines), lines


def test_folders_deeper_than_year_and_month_are_not_read(tmp_path: Path) -> None:
    assert JOURNEY_SUBFOLDER_DEPTH == 2
    content = _content(tmp_path, {"2026/11/SO-1.yaml": _journey("SO-1"), "2026/11/week-2/SO-2.yaml": _journey("SO-2")})
    status, lines = _check(content)
    assert status == 0
    assert lines[0] == (
        "content/journeys/2026/11/week-2:1:1: warning[OMC401]: unexpected folder 'week-2'; journeys are read "
        "to 2 levels of folders (journeys/2026/11/) only"
    )
    assert "1 journey" in lines[-1]


def test_observations_stay_flat(tmp_path: Path) -> None:
    content = _content(tmp_path, {"SO-1.yaml": _journey("SO-1")})
    (content / "observations" / "2026").mkdir(parents=True)
    status, lines = _check(content)
    assert status == 0
    assert lines[0].startswith("content/observations/2026:1:1: warning[OMC401]: unexpected folder '2026'; folders are")


FOLDERS = "folders: year/month\n"


def test_the_import_writes_new_journeys_into_year_and_month_of_placed(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, "order:\n  public_page: all\n", extra=FOLDERS)
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    journeys = content / "journeys"
    assert sorted(str(path.relative_to(journeys)) for path in journeys.rglob("*.yaml")) == [
        "2026/03/SO-1.yaml",
        "2026/03/SO-2.yaml",
    ]
    assert_check_passes(content)


def test_a_reimport_finds_journeys_wherever_they_are_and_never_duplicates(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, "order:\n  public_page: all\n", extra=FOLDERS)
    assert run_import(tmp_path).returncode == 0
    journeys = content / "journeys"
    # Someone moves SO-1 to the top and SO-2 to another month; the mapping changes both.
    (journeys / "2026/03/SO-1.yaml").rename(journeys / "SO-1.yaml")
    (journeys / "2026/04").mkdir()
    (journeys / "2026/03/SO-2.yaml").rename(journeys / "2026/04/SO-2.yaml")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(mapping.read_text() + "  customer: {segment: trade}\n")
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 new, 2 updated" in result.stderr
    assert sorted(str(path.relative_to(journeys)) for path in journeys.rglob("*.yaml")) == [
        "2026/04/SO-2.yaml",
        "SO-1.yaml",
    ]
    assert "segment: trade" in (journeys / "2026/04/SO-2.yaml").read_text(encoding="utf-8")
    assert_check_passes(content)


def test_new_journey_refuses_an_order_that_is_in_a_subfolder(tmp_path: Path) -> None:
    content = _content(tmp_path, {"2026/11/SO-1.yaml": _journey("SO-1")})
    result = omcreport("new", "journey", "so-1", "--content-dir", "content", cwd=tmp_path)
    assert result.returncode != 0
    assert "content/journeys/2026/11/SO-1.yaml already exists" in result.stderr
    assert sorted(path.name for path in (content / "journeys").rglob("*.yaml")) == ["SO-1.yaml"]


def test_an_import_killed_before_its_manifest_converges_with_subfolders_and_tokens(tmp_path: Path) -> None:
    """Killed at the manifest's rename (the journal and the journeys, in 2026/03/, are in): the
    next import adopts the files the journal names at their subfolder paths, with their tokens."""
    content, _ = write_case(tmp_path, "order:\n  public_page: all\n", extra=FOLDERS)
    journeys = content / "journeys"
    arguments = ["import", "ocel", "log.json", "--mapping", "mapping.yaml", "--out", "content/journeys"]
    # Steps in journeys/ itself: the journal (1), the manifest (2); the journeys go to 2026/03/.
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT_NTH_STEP, "2", str(journeys), *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    assert (journeys / JOURNAL_NAME).exists() and not (journeys / MANIFEST_NAME).exists()
    written = {path.name: path.read_bytes() for path in journeys.rglob("*.yaml")}
    assert sorted(written) == ["SO-1.yaml", "SO-2.yaml"]

    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 new, 0 updated, 0 merged with hand edits, 2 unchanged, 0 left untouched" in result.stderr
    assert not (journeys / JOURNAL_NAME).exists() and (journeys / MANIFEST_NAME).exists()
    assert {path.name: path.read_bytes() for path in journeys.rglob("*.yaml")} == written
    assert run_import(tmp_path).stderr.count("2 unchanged") == 1
