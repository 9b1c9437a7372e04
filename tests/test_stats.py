"""`omcreport stats` on a real content folder, against figures worked out by hand.

tests/data/preview-content has two journeys, as of 2026-04-10T12:00Z:
- SO-1 (open): entry 03-10 09:12-11:40, fulfillment from 03-12 08:00 (open); public notes
  on both visits; promised 04-02, so late.
- SO-2 (completed): entry 03-01 10:00-12:00, fulfillment 03-02 09:00 to 03-04 09:00.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "preview-content"
AS_OF = "2026-04-10T12:00:00Z"


def stats(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omcreport", "stats", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def rows(output: str) -> dict[str, list[str]]:
    """First cell -> the other cells, for every table row (cells split on 2+ spaces)."""
    table: dict[str, list[str]] = {}
    for line in output.splitlines():
        cells = re.split(r" {2,}", line.strip())
        if len(cells) > 1:
            table[cells[0]] = cells[1:]
    return table


@pytest.fixture(scope="module")
def output() -> str:
    result = stats(str(DATA), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "as of 2026-04-10 12:00 UTC (from --as-of)\n"  # and nothing else
    return result.stdout


def test_header_and_journey_count(output: str) -> None:
    assert output.splitlines()[0] == "Findings as of 2026-04-10T12:00:00+00:00"
    assert rows(output)["Journeys"] == ["2"]


def test_duration_summaries_match_the_hand_worked_figures(output: str) -> None:
    table = rows(output)
    assert table["Duration"] == ["n", "median", "p90", "max"]
    # SO-2 only: 03-01 10:00 to 03-04 09:00.
    assert table["Lead time"] == ["1", "2 d 23 h", "2 d 23 h", "2 d 23 h"]
    # 2 d 23 h and 31 d 2 h 48 min: the median is their mean, p90 interpolates.
    assert table["Journey span"] == ["2", "17 d 1 h", "28 d 7 h", "31 d 3 h"]
    # Gaps between visits: 21 h (SO-2) and 1 d 20 h 20 min (SO-1).
    assert table["Unattended"] == ["2", "1 d 9 h", "1 d 18 h", "1 d 20 h"]
    # SO-1: from its last update (03-12 08:00) to now; SO-2 never updated: its whole span.
    assert table["Silence"] == ["2", "16 d 2 h", "26 d 13 h", "29 d 4 h"]


def test_rates_bottleneck_stages_and_handoffs(output: str) -> None:
    table = rows(output)
    assert table["On time"] == ["0 % of 1"]
    assert table["Due kept"] == ["no data"]
    assert table["Bottleneck"] == ["none (no stage with a target has 3 or more journeys)"]
    assert table["entry"] == ["2", "2 h 14 min", "4 h", "0 % of 2"]
    assert table["fulfillment"] == ["2", "15 d 14 h", "5 d", "50 % of 2"]
    assert "billing" not in table  # stages no journey visits are left out
    assert table["Top handoffs (of 1)"] == ["count", "median wait"]
    assert table["Customer Service -> Warehouse"] == ["2", "1 d 9 h"]


def test_output_is_deterministic_and_source_date_epoch_is_the_default_as_of(output: str) -> None:
    again = stats(str(DATA), env={"SOURCE_DATE_EPOCH": "1775822400"})
    assert again.returncode == 0, again.stderr
    assert again.stdout == output


def test_content_errors_are_printed_like_check_and_exit_1(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATA, content)
    journey = content / "journeys" / "SO-2.yaml"
    journey.write_text(journey.read_text().replace("customer_in_view: low", "customer_in_view: no"))
    result = stats("content", "--as-of", AS_OF, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert re.search(r"^content/journeys/SO-2\.yaml:16:23: error\[OMC\d+\]: ", result.stderr, re.MULTILINE)
    assert "Traceback" not in result.stderr


def test_as_of_before_the_content_is_refused() -> None:
    result = stats(str(DATA), "--as-of", "2026-03-05T00:00:00Z")
    assert result.returncode == 1
    assert "as-of" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_as_of_is_a_usage_error() -> None:
    result = stats(str(DATA), "--as-of", "yesterday")
    assert result.returncode == 2
    assert "expected a time with a UTC offset" in result.stderr


def test_help_has_an_example() -> None:
    result = stats("--help")
    assert result.returncode == 0
    assert "omcreport stats content --as-of" in result.stdout
