"""A health change written with `health_since` is an entry in the order's Atom feed, in
the page's language, and counts as the page's latest update."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import run_omcreport

ATOM = "{http://www.w3.org/2005/Atom}"
AS_OF = "2026-11-25T12:00:00Z"
TOKEN = "ScwJ24sYBTNRxAw7kVU0og"  # SO-1002, a German page


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    return run_omcreport(project, "build", "--only", "site", "--as-of", AS_OF)


def _write_health(project: Path, block: str) -> None:
    journey = project / "content" / "journeys" / "SO-1002.yaml"
    text = journey.read_text(encoding="utf-8")
    text = text.replace("  health_note: Ein Bauteil kommt später von unserem Lieferanten.\n", "", 1)
    journey.write_text(text.replace("  health: delayed\n", block, 1), encoding="utf-8")


def _entries(project: Path) -> list[ET.Element]:
    feed = ET.parse(project / "site" / "track" / TOKEN / "feed.xml").getroot()
    return feed.findall(f"{ATOM}entry")


def test_health_since_adds_a_feed_entry_and_moves_last_updated(project: Path) -> None:
    _write_health(
        project,
        "  health: on-hold\n  health_since: 2026-11-25T08:30:00Z\n  health_note: Wir warten auf Ihre Freigabe.\n",
    )
    built = _build(project)
    assert built.returncode == 0, built.stderr
    entries = _entries(project)
    newest = entries[0]
    assert newest.findtext(f"{ATOM}updated") == "2026-11-25T08:30:00+00:00"
    assert newest.findtext(f"{ATOM}title", "").startswith("Angehalten")  # de: "On hold"
    assert newest.findtext(f"{ATOM}content") == "Wir warten auf Ihre Freigabe."
    assert newest.findtext(f"{ATOM}id", "").endswith(f"track/{TOKEN}/health/on-hold")
    status = json.loads((project / "site" / "track" / TOKEN / "status.json").read_text(encoding="utf-8"))
    assert status["last_updated"] == "2026-11-25T08:30:00+00:00"


def test_no_entry_without_health_since_or_when_on_track(project: Path) -> None:
    built = _build(project)
    assert built.returncode == 0, built.stderr
    before = [entry.findtext(f"{ATOM}id", "") for entry in _entries(project)]
    assert not any("/health/" in entry_id for entry_id in before)

    _write_health(project, "  health: on-track\n  health_since: 2026-11-25T08:30:00Z\n")
    built = _build(project)
    assert built.returncode == 0, built.stderr
    assert not any("/health/" in entry.findtext(f"{ATOM}id", "") for entry in _entries(project))


def test_health_since_after_the_as_of_stops_the_build(project: Path) -> None:
    _write_health(project, "  health: problem\n  health_since: 2026-11-26T08:30:00Z\n")
    built = _build(project)
    assert built.returncode != 0
    assert "health_since" in built.stderr
    assert "Traceback" not in built.stderr
