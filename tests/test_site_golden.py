"""The site built from tests/fixtures/mini matches the reviewed golden tree byte for byte
(`make golden` regenerates it after a deliberate change), and the real command line
builds it from YAML."""

from __future__ import annotations

import csv
import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
from golden.regenerate import AS_OF, FIXTURE, GOLDEN_LINKS, GOLDEN_SITE, build_mini

from omcreport.output import OWNER_MARK, OWNER_MARK_TEXT


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_mini_site_matches_the_golden_tree(tmp_path: Path) -> None:
    build_mini(tmp_path / "site", tmp_path / "links.csv")
    built, golden = tree(tmp_path / "site"), tree(GOLDEN_SITE)
    assert sorted(built) == sorted(golden), "files differ; run `make golden` if the change is deliberate"
    for name, data in golden.items():
        if built[name] != data:
            diff = difflib.unified_diff(
                data.decode().splitlines(),
                built[name].decode().splitlines(),
                "golden/" + name,
                "built/" + name,
                lineterm="",
            )
            raise AssertionError("\n".join(list(diff)[:60]) + "\n(run `make golden` if deliberate)")
    assert (tmp_path / "links.csv").read_bytes() == GOLDEN_LINKS.read_bytes()


def test_golden_tree_says_what_the_fixture_readme_promises() -> None:
    links = list(csv.reader(GOLDEN_LINKS.read_text().splitlines()))
    assert [row[0] for row in links] == ["order", "SO-1001", "SO-1002"]  # SO-1003 is not public
    token = links[2][2].rsplit("/track/", 1)[1].strip("/")
    page = (GOLDEN_SITE / f"track/{token}/index.html").read_text()
    assert '<html lang="de-DE">' in page and "<h1>Verspätet: zugesagt war Dienstag, 24. November 2026</h1>" in page
    assert '<li class="step step-current" aria-current="step">' in page and "Wird vorbereitet" in page
    status = json.loads((GOLDEN_SITE / f"track/{token}/status.json").read_text())
    assert (status["current_stage"], status["order_status"]) == ("fulfillment", "https://schema.org/OrderProcessing")
    assert (status["late"], status["health"], status["headline"]["estimate"]) == (True, "delayed", "2026-11-27")
    event = next(
        c
        for c in icalendar.Calendar.from_ical((GOLDEN_SITE / f"track/{token}/order.ics").read_bytes()).walk()
        if c.name == "VEVENT"
    )
    assert str(event["DTSTART"].dt) == "2026-11-27"
    overview = json.loads((GOLDEN_SITE / "status.json").read_text())
    assert {s["state"] for s in overview["stages"]} == {"not-enough-data"}
    assert overview["ongoing"] == ["mini-carrier-delays"]


def test_omcreport_build_writes_the_same_site_from_yaml(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", str(FIXTURE), "--as-of", AS_OF.isoformat(), "--only", "site"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    built = tree(tmp_path / "site")
    # The owner mark is the build's, not the site writer's: the golden tree is the writer's.
    assert built.pop(OWNER_MARK) == OWNER_MARK_TEXT.encode()
    assert built == tree(GOLDEN_SITE)
    assert (tmp_path / "reports/links.csv").read_bytes() == GOLDEN_LINKS.read_bytes()
    # A second build, now from the cache, changes nothing.
    again = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", str(FIXTURE), "--as-of", AS_OF.isoformat(), "--only", "site"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert tree(tmp_path / "site") == {**tree(GOLDEN_SITE), OWNER_MARK: OWNER_MARK_TEXT.encode()}
