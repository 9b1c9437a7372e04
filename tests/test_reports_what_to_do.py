"""The findings report opens with what to do: findings chosen by rule from the figures,
each with its evidence and the recommendation and owner it rests on."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from omcreport.reports import formatting as fmt


@pytest.fixture
def reports(sample_reports: Path) -> Path:
    return sample_reports


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_first_chapter_after_the_contents_is_what_to_do(reports: Path) -> None:
    pages = [squeeze(page.extract_text()) for page in pypdf.PdfReader(reports / "findings.pdf").pages]
    first = next(i for i, page in enumerate(pages) if "What to do The findings that call for a decision" in page)
    summary = next(i for i, page in enumerate(pages) if page.startswith("Headline figures Across"))
    assert first < summary
    assert "Contents What to do Headline figures" in pages[first - 1]
    assert summary - first == 1  # the findings fit on one page, then the figures


def test_each_finding_states_figures_from_findings_json(reports: Path) -> None:
    data = json.loads((reports / "findings.json").read_text())
    text = squeeze(" ".join(page.extract_text() for page in pypdf.PdfReader(reports / "findings.pdf").pages[:5]))
    chapter = text.split("What to do The findings")[1].split("Headline figures Across")[0]
    bottleneck = data["stages"][data["bottleneck"]]
    assert (
        f"is our bottleneck: orders spend {squeeze(fmt.duration(bottleneck['time']['median']))} there against a "
        f"target of {squeeze(fmt.duration(bottleneck['target']))}."
    ) in chapter
    worst = max(data["handoffs"], key=lambda h: (h["total_wait"], h["count"]))
    assert f"between {worst['from']} and {worst['to']}: {squeeze(fmt.duration(worst['total_wait']))} in all." in chapter
    on_time = data["on_time"]
    assert f"{round(on_time['rate'] * 100)} % of orders arrive by the date we promised." in chapter
    # every finding rests on an observation: its owner and id are named
    assert chapter.count("Recommended · owner:") >= 4
    assert "from observation OBS-" in chapter
