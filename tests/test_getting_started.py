"""docs/getting-started.md, walked through as a newcomer would: its commands in the
page's order, in an empty folder, each step's outcome as the page describes it.

The one change to what the page says: `serve` gets `--port 0` (any free port), since
8000 may be taken on the machine running the tests; the page then opens / and /_preview/.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from doc_commands import doc_examples

from tests.conftest import ROOT, run_omcreport

PAGE = ROOT / "docs" / "getting-started.md"
TEXT = PAGE.read_text(encoding="utf-8")
# The commands of the page, in order: a change to the page shows here first.
WALK = [
    "omcreport --version",
    "omcreport new site",
    "omcreport new journey SO-1042 --public",
    "omcreport new observation OBS-001 --stage billing",
    "omcreport new notice 2026-04-leeds-delays",
    "omcreport check",
    "omcreport serve",
    "omcreport stats",
    "omcreport build",
]
AS_OF_LINE = re.compile(r"as of \d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC \(from the clock\)")


def _text_blocks(after_heading: str) -> list[list[str]]:
    section = TEXT.split(after_heading, 1)[1].split("\n## ", 1)[0]
    return [block.splitlines() for block in re.findall(r"^```text\n(.*?)^```", section, re.DOTALL | re.MULTILINE)]


def _documented_path(command: str) -> str:
    """The path the page says `command` writes (its trailing comment)."""
    match = re.search(rf"^{re.escape(command)}\s+# (content/\S+)$", TEXT, re.MULTILINE)
    assert match is not None, command
    return match.group(1)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def _serve_and_open(folder: Path, words: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run `serve` as the page says, open / and /_preview/ once the site is served, stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "omcreport", *words, "--port", "0"],
        cwd=folder,
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 180
        base = None
        while base is None and time.monotonic() < deadline and process.poll() is None:
            found = [re.search(r"serving (http://127\.0\.0\.1:\d+/)", line) for line in list(lines)]
            base = next((match.group(1) for match in found if match), None)
            time.sleep(0.1)
        assert base is not None, "".join(lines)
        overview_status, overview = _get(base)
        index_status, index = _get(base + "_preview/")
        assert overview_status == index_status == 200
        return overview, index
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0, "".join(lines)
        reader.join(timeout=10)


def test_the_page_runs_as_written_from_an_empty_folder(tmp_path: Path) -> None:
    commands = [example.script for example in doc_examples(PAGE)]
    assert commands == WALK
    env = {"SOURCE_DATE_EPOCH": ""}  # the page runs on the clock
    folder = tmp_path / "my-orders"
    folder.mkdir()

    def run(command: str) -> subprocess.CompletedProcess[str]:
        return run_omcreport(folder, *command.split()[1:], env=env)

    # 1. Install: the version the changelog and the tags pin.
    version = run(WALK[0])
    assert version.returncode == 0 and re.fullmatch(r"omcreport, version \d+\.\d+\.\d+\n", version.stdout)

    # 2. Start a content folder: each `new` prints the path it wrote, and refuses to overwrite.
    for command in WALK[1:5]:
        made = run(command)
        assert made.returncode == 0, made.stderr
        path = _documented_path(command)
        assert made.stdout.strip() == path and (folder / path).is_file()
        written = (folder / path).read_bytes()
        again = run(command)
        assert again.returncode == 1 and "exists" in again.stderr
        assert (folder / path).read_bytes() == written

    # 3. Check: clean as written, then the page's mistake, reported as the page shows it.
    clean, mistaken = _text_blocks("## 3. Check")
    checked = run(WALK[5])
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines() == clean  # check reports on stdout
    journey = folder / "content" / "journeys" / "SO-1042.yaml"
    good = journey.read_text(encoding="utf-8")
    assert "customer_in_view: sometimes" in TEXT
    journey.write_text(good.replace("customer_in_view: medium ", "customer_in_view: sometimes "), encoding="utf-8")
    broken = run(WALK[5])
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == mistaken
    journey.write_text(good, encoding="utf-8")

    # 4. Preview: the overview, and the preview's index listing the tracking page.
    site_name = re.search(r"^name: (.+?)\s+#", (folder / "content" / "site.yaml").read_text(), re.MULTILINE)
    assert site_name is not None
    overview, index = _serve_and_open(folder, WALK[6].split()[1:], env)
    assert site_name.group(1) in overview
    assert "Tracking page of SO-1042" in index
    assert not (folder / "site").exists()  # the preview builds into a temporary folder
    stats = run(WALK[7])
    assert stats.returncode == 0, stats.stderr
    assert AS_OF_LINE.fullmatch(stats.stderr.splitlines()[0]), stats.stderr
    assert "\nJourneys  1\n" in stats.stdout

    # 5. Build: site/ and reports/ as the page lists them, and its summary.
    built = run(WALK[8])
    assert built.returncode == 0, built.stderr
    assert AS_OF_LINE.fullmatch(built.stderr.splitlines()[0]), built.stderr
    assert built.stderr.splitlines()[-1].startswith("built 1 journey, 1 tracking page (1 changed), reports as of ")
    assert (folder / "site" / "index.html").is_file()
    assert len(list((folder / "site" / "track").glob("*/index.html"))) == 1
    for report in ("findings.pdf", "findings.json", "links.csv"):
        assert (folder / "reports" / report).is_file(), report
