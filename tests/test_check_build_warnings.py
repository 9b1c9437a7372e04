"""`build` warns where a customer page corrects or admits what the content says (FORMAT.md
"What a customer's page shows"): a late order written on-track, an update promised and
not given. The warnings go through the diagnostics `check` uses, in every format."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A day after the sample's snapshot: CV-10459's and CV-10477's next updates have passed.
AS_OF = "2026-11-27T00:00:00Z"


def build(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    if not (tmp_path / "content").exists():
        shutil.copytree(ROOT / "content", tmp_path / "content")
    return subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "--only", "site", "--as-of", AS_OF, *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_text_warnings_name_the_journey_file_for_a_late_order_and_overdue_updates(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "warning[" in line]
    assert lines == [
        "content/journeys/CV-10459.yaml:2:8: warning[OMC409]: CV-10459 promised an update by "
        "2026-11-26T12:00:00+00:00 and none came since: its page says so; add a public note or event, "
        "or a new next_update",
        "content/journeys/CV-10468.yaml:2:8: warning[OMC408]: CV-10468 is late (promised 2026-11-20) but "
        "written on-track: its page shows it as delayed; set public.health and a health_note",
        "content/journeys/CV-10477.yaml:2:8: warning[OMC409]: CV-10477 promised an update by "
        "2026-11-26T17:00:00+00:00 and none came since: its page says so; add a public note or event, "
        "or a new next_update",
    ]
    page = next((tmp_path / "site/track").glob("*/status.json"))  # any page: the site was written
    assert page.is_file()


def test_github_and_json_formats_carry_the_same_warnings(tmp_path: Path) -> None:
    github = build(tmp_path, "--format", "github")
    assert github.returncode == 0, github.stderr
    assert "::warning file=content/journeys/CV-10468.yaml,line=2,col=8,title=OMC408::" in github.stdout
    document = json.loads(build(tmp_path, "--format", "json").stdout)
    found = [(p["path"], p["code"]) for p in document]
    assert ("content/journeys/CV-10468.yaml", "OMC408") in found
    assert ("content/journeys/CV-10459.yaml", "OMC409") in found


def test_strict_build_stops_on_them_and_keeps_the_previous_site(tmp_path: Path) -> None:
    strict = build(tmp_path, "--strict")
    assert strict.returncode == 1
    assert "warning[OMC408]" in strict.stderr
    assert not (tmp_path / "site").exists()


def test_the_page_admits_the_overdue_update(tmp_path: Path) -> None:
    assert build(tmp_path).returncode == 0
    links = (tmp_path / "reports/links.csv").read_text().splitlines()
    url = next(line for line in links if line.startswith('"CV-10459"')).split(",")[2].strip('"')
    token = url.rstrip("/").rsplit("/", 1)[1]
    page = (tmp_path / f"site/track/{token}/index.html").read_text()
    assert "We said we would update you by 26 Nov 2026, 12:00, and we have not yet." in page
    status = json.loads((tmp_path / f"site/track/{token}/status.json").read_text())
    assert (status["overdue_update"], status["next_update"]) == ("2026-11-26T12:00:00+00:00", None)
