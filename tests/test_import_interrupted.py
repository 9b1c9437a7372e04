"""An import killed between any two of its renames converges on the next run.

The import runs as a subprocess whose `os.replace` and `os.unlink` kill the process
(SIGKILL: no cleanup, no `finally`) when they are about to touch the journeys folder for
the Nth time. A normal import afterwards must leave the folder byte for byte as an
uninterrupted import leaves it, and must never take over a file a person changed.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_import_support import EXCERPT, OCEL_MAPPING, assert_check_passes, content_folder, import_ocel, snapshot

from omcreport.importers.manifest import JOURNAL_NAME, MANIFEST_NAME

# Kills the import at the Nth rename or removal inside the journeys folder (argv[1]).
KILL_AT_NTH_STEP = """
import atexit, os, signal, sys
from pathlib import Path

kill_at, journeys = int(sys.argv[1]), Path(sys.argv[2]).resolve()
steps = 0

def fault(real, target_index):
    def step(*args, **kwargs):
        global steps
        target = args[target_index]
        if Path(target).resolve().parent == journeys:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return step

os.replace, os.unlink = fault(os.replace, 1), fault(os.unlink, 0)
atexit.register(lambda: print(f"fault hook: {steps} steps", file=sys.stderr))
sys.argv = ["omcreport", *sys.argv[3:]]
from omcreport.cli import main
main()
"""


def _reminder(order: str, time: str) -> dict[str, Any]:
    return {
        "id": f"reminder_test_{order}",
        "type": "payment reminder",
        "time": time,
        "attributes": [],
        "relationships": [{"objectId": order, "qualifier": "order"}],
    }


@pytest.fixture(scope="module")
def journeys_before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder after importing the first 8 orders, one of them edited by hand since."""
    content = content_folder(tmp_path_factory.mktemp("before"))
    assert import_ocel(EXCERPT, content, "--limit", "8").returncode == 0
    journey = content / "journeys" / "o-990001.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("\nstatus:", "\nfollowed_by: COO\nstatus:", 1), encoding="utf-8")
    assert_check_passes(content)
    return content


@pytest.fixture(scope="module")
def newer_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All 13 orders (5 new), and a new event for the hand-edited order and for one other."""
    log = json.loads(EXCERPT.read_text(encoding="utf-8"))
    log["events"] += [_reminder("o-990001", "2023-04-20T08:00:00Z"), _reminder("o-990002", "2023-04-21T08:00:00Z")]
    path = tmp_path_factory.mktemp("log") / "newer.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    return path


# 5 new files, 1 merged, 1 updated: the journal, 7 journeys, the manifest, the journal's removal.
WRITES = 7
STEPS = WRITES + 3


def _copy(content: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy" / "content"
    shutil.copytree(content, copy)
    return copy


def _killed_import(log: Path, content: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    journeys = content / "journeys"
    arguments = ["import", "ocel", log, "--mapping", OCEL_MAPPING, "--out", journeys]
    return subprocess.run(
        [sys.executable, "-c", KILL_AT_NTH_STEP, str(kill_at), str(journeys), *map(str, arguments)],
        cwd=content.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def uninterrupted(journeys_before: Path, newer_log: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    content = _copy(journeys_before, tmp_path_factory.mktemp("uninterrupted"))
    result = import_ocel(newer_log, content)
    assert result.returncode == 0, result.stderr
    assert "5 new, 1 updated, 1 merged with hand edits, 6 unchanged, 0 left untouched" in result.stderr
    return snapshot(content / "journeys")


def test_the_fault_hook_sees_every_step_of_the_import(journeys_before: Path, newer_log: Path, tmp_path: Path) -> None:
    """Past the last step the hook never fires: the import completes, so STEPS counts them all."""
    content = _copy(journeys_before, tmp_path)
    result = _killed_import(newer_log, content, STEPS + 1)
    assert result.returncode == 0, result.stderr
    assert "5 new, 1 updated, 1 merged" in result.stderr
    assert f"fault hook: {STEPS} steps" in result.stderr
    assert not (content / "journeys" / JOURNAL_NAME).exists()


@pytest.mark.parametrize("kill_at", range(1, STEPS + 1))
def test_an_import_killed_at_any_step_converges_on_the_next_run(
    journeys_before: Path, newer_log: Path, uninterrupted: dict[str, bytes], tmp_path: Path, kill_at: int
) -> None:
    content = _copy(journeys_before, tmp_path)
    killed = _killed_import(newer_log, content, kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "Traceback" not in killed.stderr

    result = import_ocel(newer_log, content)
    assert result.returncode == 0, result.stderr
    assert "0 left untouched" in result.stderr and "warning[" not in result.stderr
    assert snapshot(content / "journeys") == uninterrupted
    assert sorted(path.name for path in (content / "journeys").iterdir()) == sorted(uninterrupted)
    assert_check_passes(content)


def test_files_changed_by_hand_after_the_kill_stay_the_humans(
    journeys_before: Path, newer_log: Path, tmp_path: Path
) -> None:
    content = _copy(journeys_before, tmp_path)
    journeys = content / "journeys"
    killed = _killed_import(newer_log, content, STEPS - 1)  # every journey is in, the manifest not
    assert killed.returncode == -signal.SIGKILL
    manifest = json.loads((journeys / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "o-990012.yaml" not in manifest["files"] and (journeys / "o-990012.yaml").exists()
    assert (journeys / JOURNAL_NAME).exists()
    assert_check_passes(content)  # the journal is hidden: content with it left behind still checks clean

    new_file, updated = journeys / "o-990012.yaml", journeys / "o-990002.yaml"
    for path in (new_file, updated):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nstatus:", "\nfollowed_by: Head of Sales\nstatus:", 1), encoding="utf-8")
    edited = {path: path.read_bytes() for path in (new_file, updated)}

    result = import_ocel(newer_log, content)
    assert result.returncode == 0, result.stderr
    # The new file's bytes are no longer what the import wrote: it is the human's now.
    assert "o-990012.yaml:1:1: warning[OMC921]: not written by the import" in result.stderr
    for path, data in edited.items():
        assert path.read_bytes() == data
    assert not (journeys / JOURNAL_NAME).exists()
    assert_check_passes(content)

    again = import_ocel(newer_log, content)
    assert again.returncode == 0
    for path, data in edited.items():
        assert path.read_bytes() == data
    assert "0 new, 0 updated, 0 merged with hand edits, 12 unchanged, 1 left untouched" in again.stderr


def test_a_damaged_journal_is_refused_and_nothing_is_written(journeys_before: Path, tmp_path: Path) -> None:
    content = _copy(journeys_before, tmp_path)
    journeys = content / "journeys"
    (journeys / JOURNAL_NAME).write_text("{not json", encoding="utf-8")
    before = snapshot(journeys)
    result = import_ocel(EXCERPT, content)
    assert result.returncode == 1
    assert f"{JOURNAL_NAME}:1:1: error[OMC901]: the import journal of an interrupted import cannot be read" in (
        result.stdout + result.stderr
    )
    assert snapshot(journeys) == before


def test_a_first_import_killed_halfway_converges_too(tmp_path: Path) -> None:
    """No manifest yet: the journal alone tells the next import which files are its own."""
    fresh = content_folder(tmp_path / "fresh")
    assert import_ocel(EXCERPT, fresh).returncode == 0
    content = content_folder(tmp_path / "killed")
    killed = _killed_import(EXCERPT, content, 8)  # the journal and 6 of the 13 journeys are in
    assert killed.returncode == -signal.SIGKILL
    assert not (content / "journeys" / MANIFEST_NAME).exists()
    assert len(list((content / "journeys").glob("*.yaml"))) == 6

    result = import_ocel(EXCERPT, content)
    assert result.returncode == 0, result.stderr
    assert "7 new, 0 updated, 0 merged with hand edits, 6 unchanged, 0 left untouched" in result.stderr
    assert snapshot(content / "journeys") == snapshot(fresh / "journeys")
