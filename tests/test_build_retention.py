"""Retention: site.yaml `retention` retires the pages of orders closed longer ago than it,
and nothing else (their journeys stay in the reports)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_AS_OF, run_omcreport

# Closed before 2026-09-26T12:00Z, 60 days before the sample's as-of: the only two public
# orders that are.
RETIRED = {"CV-10388": "Azmt9lD0_NO7vYuWp-BCqw", "CV-10417": "iKbPDOHD_u-I-fWATIZG2Q"}
KEPT_CLOSED = {"CV-10431": "K_YgLUMog2FpDP0bholI_A"}  # closed 2026-10-13
KEPT_OPEN = {"CV-10459": "cjPfCqdIZdUDGD-FFDfQRQ"}


def _sample_with(tmp_path: Path, retention: str) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    site_yaml = tmp_path / "content" / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("retention:")]
    site_yaml.write_text("\n".join(lines) + f"\nretention: {retention}\n", encoding="utf-8")
    return tmp_path


def _omcreport(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_omcreport(cwd, *args)


def test_retention_retires_only_pages_closed_longer_ago(tmp_path: Path) -> None:
    work = _sample_with(tmp_path, "P60D")
    built = _omcreport(work, "build", "content", "--only", "site", "--as-of", SAMPLE_AS_OF)
    assert built.returncode == 0, built.stderr
    assert "2 retired)" in built.stdout + built.stderr

    for token in RETIRED.values():
        assert not (work / "site" / "track" / token).exists()
    for token in {**KEPT_CLOSED, **KEPT_OPEN}.values():
        assert (work / "site" / "track" / token / "index.html").is_file()

    with open(work / "reports" / "links.csv", encoding="utf-8", newline="") as handle:
        listed = {row["order"] for row in csv.DictReader(handle)}
    assert not listed & set(RETIRED)
    assert set(KEPT_CLOSED) | set(KEPT_OPEN) <= listed


def test_retired_journeys_stay_in_the_reports(tmp_path: Path) -> None:
    work = _sample_with(tmp_path, "P60D")
    built = _omcreport(work, "build", "content", "--only", "reports", "--journey-pdfs", "none", "--as-of", SAMPLE_AS_OF)
    assert built.returncode == 0, built.stderr
    findings = json.loads((work / "reports" / "findings.json").read_text(encoding="utf-8"))
    assert findings["journeys"] == 17  # every journey of the sample
    assert set(RETIRED) <= {row["order"] for row in findings["per_journey"]}


def test_a_page_closed_exactly_retention_ago_is_kept(tmp_path: Path) -> None:
    # CV-10431 closed 2026-10-13T15:00+02:00 = 13:00Z; 43 days, 23 hours before the as-of.
    work = _sample_with(tmp_path, "P43DT23H")
    built = _omcreport(work, "build", "content", "--only", "site", "--as-of", SAMPLE_AS_OF)
    assert built.returncode == 0, built.stderr
    assert (work / "site" / "track" / KEPT_CLOSED["CV-10431"] / "index.html").is_file()


@pytest.mark.parametrize(
    ("written", "words"),
    [("P6M", "uses weeks, months or years"), ("PT0S", "is zero"), ("soon", "is not an ISO 8601 duration")],
)
def test_a_bad_retention_is_an_error_at_its_line(tmp_path: Path, written: str, words: str) -> None:
    work = _sample_with(tmp_path, written)
    line = (work / "content" / "site.yaml").read_text(encoding="utf-8").splitlines().index(f"retention: {written}") + 1
    checked = _omcreport(work, "check", "content")
    assert checked.returncode == 1
    assert f"site.yaml:{line}:12: error" in checked.stdout + checked.stderr
    assert words in checked.stdout + checked.stderr
