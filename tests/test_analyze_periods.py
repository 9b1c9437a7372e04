"""Periods (ANALYTICS.md v2): the findings as they stood at the end of a month, quarter or
range, over the journeys active in it, beside the previous period's."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from analyze_builders import CATALOGUE, journey, t, visit

from omcreport.analyze import findings
from omcreport.analyze.periods import Period, PeriodError, cut_journey, parse_period, period_content, previous
from omcreport.model import Content, Event, Site

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "first", "until", "before"),
    [
        ("2026-03", date(2026, 3, 1), date(2026, 4, 1), (date(2026, 2, 1), date(2026, 3, 1))),
        ("2026-01", date(2026, 1, 1), date(2026, 2, 1), (date(2025, 12, 1), date(2026, 1, 1))),
        ("2026-Q1", date(2026, 1, 1), date(2026, 4, 1), (date(2025, 10, 1), date(2026, 1, 1))),
        ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1), (date(2026, 7, 1), date(2026, 10, 1))),
        ("2026-03-10..2026-03-17", date(2026, 3, 10), date(2026, 3, 17), (date(2026, 3, 3), date(2026, 3, 10))),
    ],
)
def test_the_three_forms_and_their_previous_period(
    text: str, first: date, until: date, before: tuple[date, date]
) -> None:
    period = parse_period(text)
    assert (period.first, period.until) == (first, until)
    assert (previous(period).first, previous(period).until) == before
    assert period.label == text


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-03-10..2026-03-10", "March", "2026-02-30..2026-03-01"])
def test_a_bad_period_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_a_journey_is_cut_at_the_end_of_the_period() -> None:
    whole = journey(
        "A-1",
        visit("entry", "03-01 09:00", "03-01 12:00", events=(Event(at=t("03-01 10:00"), note="x", public=True),)),
        visit("fulfillment", "03-01 12:00", "03-05 12:00"),
        visit("billing", "03-06 09:00", "03-06 10:00"),
        status="completed",
        closed="03-06 10:00",
    )
    cut = cut_journey(whole, t("03-03 00:00"))
    assert cut is not None
    # billing had not started; fulfillment had not ended; completed only later: open at the cut
    assert [(v.stage, v.ended) for v in cut.visits] == [("entry", t("03-01 12:00")), ("fulfillment", None)]
    assert (cut.status, cut.closed_written) == ("open", None)
    assert cut_journey(whole, t("03-01 08:00")) is None  # nothing had started
    early_event = cut_journey(whole, t("03-01 09:30"))
    assert early_event is not None and early_event.visits[0].events == () and early_event.visits[0].ended is None


def test_only_journeys_active_in_the_period_count_and_now_is_its_end() -> None:
    site = Site(name="S", base_url="https://s.example/", timezone="UTC")
    closed_before = journey(
        "B-1", visit("entry", "02-01 09:00", "02-02 09:00"), status="completed", closed="02-02 09:00"
    )
    open_across = journey("B-2", visit("entry", "02-20 09:00", "03-10 09:00"), visit("billing", "03-10 09:00"))
    started_in = journey("B-3", visit("entry", "03-15 09:00", "03-16 09:00"), status="completed", closed="03-16 09:00")
    started_after = journey("B-4", visit("entry", "04-02 09:00"))
    content = Content(site=site, catalogue=CATALOGUE, journeys=(closed_before, open_across, started_in, started_after))
    now = t("04-10 00:00")
    cut, end = period_content(content, parse_period("2026-03"), now)
    assert end == t("04-01 00:00")
    assert [j.order for j in cut.journeys] == ["B-2", "B-3"]
    figures = findings(cut, end)
    assert figures.as_of == end
    spans = {f.order: f.span for f in figures.per_journey}
    # B-2 open at E: 02-20 09:00 to 04-01 00:00 = 39 d 15 h; B-3 closed: 1 d
    assert spans == {"B-2": 39 * 86400 + 15 * 3600, "B-3": 86400}
    # a period that has not ended yet ends now
    _, running = period_content(content, Period("month", date(2026, 4, 1), date(2026, 5, 1)), now)
    assert running == now


def test_build_with_a_period_writes_both_periods_into_findings_json(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    command = [sys.executable, "-m", "omcreport", "build", "--only", "reports", "--journey-pdfs", "none"]
    run = subprocess.run(
        [*command, "--as-of", "2026-11-25T12:00:00Z", "--period", "2026-10"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "reports for 2026-10" in run.stderr
    data = json.loads((tmp_path / "reports/findings.json").read_text())
    assert data["as_of"] == "2026-11-01T00:00:00+00:00"  # midnight in Europe/London, after summer time
    assert (data["period"]["from"], data["period"]["until"]) == (
        "2026-10-01T00:00:00+01:00",
        "2026-11-01T00:00:00+00:00",
    )
    before = data["period"]["previous"]
    assert before["as_of"] == "2026-10-01T00:00:00+01:00" and "period" not in before
    assert before["journeys"] < data["journeys"] <= 17
    text = subprocess.run(["pdftotext", str(tmp_path / "reports/findings.pdf"), "-"], capture_output=True, text=True)
    squeezed = " ".join(text.stdout.split())
    assert "for October 2026: each figure beside September 2026 and the change" in squeezed
    assert "September 2026: " in squeezed and "· change " in squeezed
    bad = subprocess.run([*command, "--period", "2026-13"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "Invalid value for --period: month must be in 1..12" in bad.stderr
