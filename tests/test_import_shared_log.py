"""The shared OCEL 2.0 log (2,000 orders) imported with the example mapping: tracking pages,
figures with data, `check` clean, and a re-import that touches exactly what the log update
touched, without changing a token.

One import, one check, one site-only build, one re-import: about a minute on the
development machine. The content folder is the sample's site.yaml and logo with the
imported journeys; the sample's `retention: P180D` is left out, since it retires the page
of every order closed half a year before the as-of by design, and this log's orders
closed over fourteen months.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from test_import_support import EXAMPLE_OCEL_MAPPING, ROOT, SHARED_LOG, assert_check_passes, omcreport, read_ocel_json

from omcreport.analyze import findings, findings_json
from omcreport.load import load_content
from omcreport.validate.fields import TOKEN_PATTERN

AS_OF = "2024-06-10T00:00:00+00:00"  # a week after the log's last event
_TOKEN = re.compile(rf"\n  token: \"?({TOKEN_PATTERN})\"?\n")  # quoted when it starts with -
TOUCHED = ("o-990010", "o-990500", "o-991000", "o-991500")


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    site = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(re.sub(r"(?m)^retention: .*\n", "", site), encoding="utf-8")
    shutil.copytree(ROOT / "content" / "assets", content / "assets")
    return content


def _import(log: Path, content: Path) -> str:
    result = omcreport(
        "import", "ocel", log, "--mapping", EXAMPLE_OCEL_MAPPING, "--out", content / "journeys", cwd=content.parent
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def _tokens(content: Path) -> dict[str, str]:
    found = {}
    for path in (content / "journeys").rglob("*.yaml"):
        match = _TOKEN.search(path.read_text(encoding="utf-8"))
        assert match is not None, path
        found[path.stem] = match.group(1)
    return found


def _with_reminders(log: dict, orders: tuple[str, ...]) -> dict:
    """The log with one payment reminder more for each of `orders`, an hour after its last event
    (always before the log's end, so no other order's status moves)."""
    last: dict[str, datetime] = {}
    for event in log["events"]:
        for relation in event["relationships"]:
            if relation["objectId"] in orders:
                moment = datetime.fromisoformat(event["time"])
                last[relation["objectId"]] = max(last.get(relation["objectId"], moment), moment)
    for number, order in enumerate(orders):
        log["events"].append(
            {
                "id": f"reminder-test-{number}",
                "type": "payment reminder",
                "time": (last[order] + timedelta(hours=1)).isoformat(),
                "attributes": [],
                "relationships": [{"objectId": order, "qualifier": "order"}],
            }
        )
    return log


def test_the_shared_log_gives_tracking_pages_figures_and_a_clean_check_and_reimports_exactly(tmp_path: Path) -> None:
    content = _content(tmp_path)
    summary = _import(SHARED_LOG, content)
    assert "imported 2000 of 2000 cases (21,008 events)" in summary
    assert "2000 new public page(s) with a new token" in summary
    assert_check_passes(content)

    loaded = load_content(content)
    assert loaded.content is not None
    figures = findings_json(findings(loaded.content, datetime.fromisoformat(AS_OF)))
    assert figures["on_time"]["n"] > 1900 and 0 < figures["on_time"]["rate"] < 1
    assert figures["due_kept"]["n"] > 2000 and 0 < figures["due_kept"]["rate"] < 1

    built = omcreport("build", "content", "--only", "site", "--journey-pdfs", "none", "--as-of", AS_OF, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    pages = [path for path in (tmp_path / "site" / "track").iterdir() if (path / "index.html").is_file()]
    assert len(pages) >= 1900
    tokens = _tokens(content)
    assert {path.name for path in pages} == set(tokens.values())
    page = (tmp_path / "site" / "track" / tokens["o-990001"] / "index.html").read_text(encoding="utf-8")
    assert "AlpenTech Innovations AG" in page and "Echo" in page and "p-660001" in page

    before = {path: path.read_bytes() for path in (content / "journeys").rglob("*.yaml")}
    updated_log = tmp_path / "updated.json"
    updated_log.write_text(json.dumps(_with_reminders(read_ocel_json(SHARED_LOG), TOUCHED)), encoding="utf-8")
    summary = _import(updated_log, content)
    assert "0 new, 4 updated, 0 merged with hand edits, 1996 unchanged, 0 left untouched" in summary
    assert "new token" not in summary
    changed = sorted(path.stem for path, data in before.items() if path.read_bytes() != data)
    assert changed == sorted(TOUCHED)
    assert _tokens(content) == tokens
    assert_check_passes(content)
