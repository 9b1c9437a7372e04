"""An import reads a bounded amount of any log: a gzip bomb, an oversized file or a log of
too many events or objects is refused quickly with one line naming the file and the
limit (OMC909), in bounded memory, and nothing is written."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_import_support import (
    CSV_LOG,
    CSV_MAPPING,
    CSV_SITE,
    EXCERPT,
    OCEL_MAPPING,
    as_ocel_xml,
    content_folder,
    import_ocel,
    read_ocel_json,
)

from omcreport import limits

# Runs the command line and reports its peak memory in KiB on its last line: VmHWM, the
# high-water mark of this process image (ru_maxrss would carry over pytest's own peak,
# which Linux keeps across the fork and exec that start the subprocess).
WITH_PEAK_MEMORY = """
import atexit, re, sys
def peak():
    with open("/proc/self/status", encoding="ascii") as status:
        print("peak KiB", re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1), file=sys.stderr)
atexit.register(peak)
sys.argv = ["omcreport", *sys.argv[1:]]
from omcreport.cli import main
main()
"""

# Runs the command line with the event and object budgets lowered to argv[1].
WITH_SMALL_BUDGETS = """
import sys
from omcreport import limits
limits.MAX_LOG_EVENTS = limits.MAX_LOG_OBJECTS = int(sys.argv[1])
sys.argv = ["omcreport", *sys.argv[2:]]
from omcreport.cli import main
main()
"""

BOMB_BYTES = 200 << 20


def _run(script: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _gzip_bomb(path: Path) -> None:
    """200 MB of zeros after a JSON opening, gzipped as a stream: a few hundred KB on disk."""
    zeros = bytes(1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b'{"objects": [], "events": [], "padding": "')
        for _ in range(BOMB_BYTES >> 20):
            out.write(zeros)


def test_a_gzip_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    bomb = tmp_path / "export.json.gz"
    _gzip_bomb(bomb)
    assert bomb.stat().st_size < 400_000

    started = time.monotonic()
    result = _run(
        WITH_PEAK_MEMORY, "import", "ocel", bomb, "--mapping", OCEL_MAPPING, "--out", "content/journeys", cwd=tmp_path
    )
    elapsed = time.monotonic() - started

    assert result.returncode == 1, result.stderr
    budget = limits.gzip_budget(bomb.stat().st_size)
    assert budget < BOMB_BYTES
    expected = (
        f"export.json.gz:1:1: error[OMC909]: a gzip log of {limits.byte_words(bomb.stat().st_size)} may decompress "
        f"to at most {limits.byte_words(budget)} ("
    )
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 20
    peak_kib = int(result.stderr.rsplit("peak KiB ", 1)[1])
    # Inflating the bomb would take over 200 MiB; the budget, plus the interpreter, far less.
    assert peak_kib * 1024 < budget + (100 << 20) < BOMB_BYTES
    assert not (content / "journeys").exists()


def test_a_plain_log_over_the_size_budget_is_refused_before_it_is_read(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    huge = tmp_path / "export.json"
    with huge.open("wb") as out:
        out.truncate(limits.MAX_LOG_BYTES + 1)  # sparse: no disk space, no time to write
    started = time.monotonic()
    result = import_ocel(huge, content)
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert (
        f"export.json:1:1: error[OMC909]: an import reads at most {limits.byte_words(limits.MAX_LOG_BYTES)} of log; "
        f"the log has {limits.MAX_LOG_BYTES + 1:,} bytes: split the export into smaller logs"
    ) in result.stdout + result.stderr
    assert not (content / "journeys").exists()


def test_a_real_gzip_log_is_within_the_budget(tmp_path: Path) -> None:
    """The budget leaves real logs alone: the excerpt, gzipped, inflates about 15 times."""
    content = content_folder(tmp_path)
    log = tmp_path / "excerpt.json.gz"
    log.write_bytes(gzip.compress(EXCERPT.read_bytes(), mtime=0))
    assert EXCERPT.stat().st_size > 10 * log.stat().st_size
    result = import_ocel(log, content)
    assert result.returncode == 0, result.stderr
    assert "13 new" in result.stderr


@pytest.mark.parametrize("form", ["json", "xml"])
def test_an_ocel_log_with_more_events_or_objects_than_the_budget_is_refused(tmp_path: Path, form: str) -> None:
    content = content_folder(tmp_path)
    log = tmp_path / f"export.{form}"
    if form == "json":
        log.write_bytes(EXCERPT.read_bytes())
    else:
        log.write_bytes(as_ocel_xml(read_ocel_json(EXCERPT)))
    events_and_objects = read_ocel_json(EXCERPT)
    # The excerpt has 151 objects and 170 events: a budget between them refuses the events only.
    assert len(events_and_objects["objects"]) == 151 and len(events_and_objects["events"]) == 170
    args = ("import", "ocel", log, "--mapping", OCEL_MAPPING, "--out", "content/journeys")
    result = _run(WITH_SMALL_BUDGETS, 160, *args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    output = result.stdout + result.stderr
    assert f"export.{form}:1:1: error[OMC909]: an import reads at most 160 events; the log has more events" in output
    assert output.count("error[OMC909]") == 1
    assert not (content / "journeys").exists()

    refused = _run(WITH_SMALL_BUDGETS, 150, *args, cwd=tmp_path)
    assert "error[OMC909]: an import reads at most 150 objects; the log has more objects" in refused.stdout + (
        refused.stderr
    )
    allowed = _run(WITH_SMALL_BUDGETS, 170, *args, cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr


def test_a_csv_log_with_more_events_than_the_budget_is_refused_at_the_first_row_past_it(tmp_path: Path) -> None:
    content = content_folder(tmp_path, CSV_SITE)
    rows = CSV_LOG.read_text(encoding="utf-8").splitlines()
    args = ("import", "csv", CSV_LOG, "--mapping", CSV_MAPPING, "--out", content / "journeys")
    result = _run(WITH_SMALL_BUDGETS, 3, *args, cwd=tmp_path)
    assert len(rows) > 5
    assert result.returncode == 1
    assert "orders.csv:5:1: error[OMC909]: an import reads at most 3 events; the log has more events" in (
        result.stdout + result.stderr
    )
    assert _run(WITH_SMALL_BUDGETS, len(rows) - 1, *args, cwd=tmp_path).returncode == 0
