"""What was ordered, how it travels and what the customer is asked to do (FORMAT.md
`public.items`, `public.shipments`, `public.action`): checked with file:line:col, and
shown on the page, in status.json, the feed and the JSON-LD."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import feedparser

JOURNEY = "content/journeys/SO-1002.yaml"
TOKEN = "ScwJ24sYBTNRxAw7kVU0og"
AS_OF = "2026-11-25T12:00:00Z"
ANCHOR = "  health_note: Ein Bauteil kommt später von unserem Lieferanten.\n"


def add_to_public(project: Path, text: str) -> None:
    path = project / JOURNEY
    source = path.read_text(encoding="utf-8")
    assert ANCHOR in source
    path.write_text(source.replace(ANCHOR, ANCHOR + text), encoding="utf-8")


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omcreport", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


DETAILS = """\
  items:
    - name: Umwälzpumpe UP-25
      quantity: 3
    - name: Dichtungssatz
  shipments:
    - carrier: DB Schenker
      tracking_number: "SCH-1"
      tracking_url: https://carrier.example/track?id=SCH-1
      shipped: 2026-11-24T10:00:00Z
"""


def test_bad_details_are_each_reported_at_their_line(project: Path) -> None:
    add_to_public(
        project,
        """\
  action:
    label: Send us photos
    url: javascript:alert(1)
  items:
    - name: Pump
      quantity: 0
    - name: Seal
      quantity: "2"
  shipments:
    - carrier: DHL
      tracking_url: http://insecure.example/track
      shipped: 2026-11-10T10:00:00Z
      delivered: 2026-11-09T10:00:00Z
""",
    )
    checked = run(project, "check", "content")
    assert checked.returncode == 1
    lines = [line for line in checked.stdout.splitlines() if line.startswith(JOURNEY)]
    assert lines == [
        f"{JOURNEY}:17:5: warning[OMC410]: action is shown only while health is action-needed; "
        "set health: action-needed or remove it",
        f"{JOURNEY}:18:10: error[OMC218]: url: 'javascript:alert(1)' must be an absolute https: or mailto: URL "
        "such as https://track.example.com/ or mailto:help@example.com",
        f"{JOURNEY}:21:17: error[OMC223]: quantity must be a whole number from 1 to 1,000,000, not '0'",
        f"{JOURNEY}:23:17: error[OMC223]: quantity must be a whole number from 1 to 1,000,000, not '2'",
        f"{JOURNEY}:26:21: error[OMC218]: tracking_url: 'http://insecure.example/track' must be an absolute "
        "https: URL such as https://track.example.com/",
        f"{JOURNEY}:27:16: error[OMC321]: shipped is before the journey's first started",
        f"{JOURNEY}:28:18: error[OMC321]: delivered is before shipped (line 27)",
    ]


def test_details_reach_the_page_status_json_feed_and_json_ld(project: Path) -> None:
    add_to_public(project, DETAILS)
    built = run(project, "build", "content", "--only", "site", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr
    folder = project / f"site/track/{TOKEN}"
    status = json.loads((folder / "status.json").read_text())
    assert status["items"] == [{"name": "Umwälzpumpe UP-25", "quantity": 3}, {"name": "Dichtungssatz", "quantity": 1}]
    assert status["shipments"] == [
        {
            "carrier": "DB Schenker",
            "tracking_number": "SCH-1",
            "tracking_url": "https://carrier.example/track?id=SCH-1",
            "shipped": "2026-11-24T10:00:00+00:00",
            "delivered": None,
        }
    ]
    # A shipment has left while fulfillment is current: on its way, in transit.
    assert [s["label"] for s in status["progress"] if s["state"] == "current"] == ["Unterwegs"]
    assert status["order_status"] == "https://schema.org/OrderInTransit"
    assert status["last_updated"] == "2026-11-24T10:00:00+00:00"
    page = (folder / "index.html").read_text()
    assert '<a href="https://carrier.example/track?id=SCH-1">Sendungsnummer SCH-1</a>' in page
    assert "3 × Umwälzpumpe UP-25" in page
    ld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["orderDelivery"]["@type"] == "ParcelDelivery"
    assert (ld["orderDelivery"]["trackingNumber"], ld["orderDelivery"]["expectedArrivalUntil"]) == (
        "SCH-1",
        "2026-11-27",
    )
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    # newest first: late since 11-25 00:00 (promised 11-24), then the shipment of 11-24 10:00
    assert feed.entries[0].title == "Verspätet: zugesagt war Dienstag, 24. November 2026"
    assert feed.entries[1].title.startswith("Versandt mit DB Schenker (SCH-1):")
    assert feed.entries[1].link == "https://carrier.example/track?id=SCH-1"


def test_action_shows_as_a_link_only_while_action_is_needed(project: Path) -> None:
    path = project / JOURNEY
    path.write_text(path.read_text().replace("  health: delayed\n", "  health: action-needed\n"), encoding="utf-8")
    add_to_public(project, "  action:\n    label: Fotos senden\n    url: mailto:service@example.com?subject=SO-1002\n")
    built = run(project, "build", "content", "--only", "site", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr
    page = (project / f"site/track/{TOKEN}/index.html").read_text()
    assert '<a class="action" href="mailto:service@example.com?subject=SO-1002">Fotos senden</a>' in page
    status = json.loads((project / f"site/track/{TOKEN}/status.json").read_text())
    assert status["action"]["url"] == "mailto:service@example.com?subject=SO-1002"
