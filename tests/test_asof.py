"""As-of: --as-of, else SOURCE_DATE_EPOCH, else the clock; never earlier than the content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from omcreport.asof import check_as_of, parse_as_of, resolve_as_of
from omcreport.catalogue import built_in_catalogue
from omcreport.errors import OmcError, UsageError
from omcreport.model import Content, Customer, Journey, Localized, Notice, Site, SourceRef, Visit

PLUS_ONE = timezone(timedelta(hours=1))
ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-25T12:00:00Z"


def test_as_of_option_wins_over_environment() -> None:
    assert resolve_as_of("2026-04-10T12:00:00+01:00", {"SOURCE_DATE_EPOCH": "0"}) == datetime(
        2026, 4, 10, 11, 0, tzinfo=UTC
    )


def test_source_date_epoch() -> None:
    assert resolve_as_of(None, {"SOURCE_DATE_EPOCH": "1775822400"}) == datetime(2026, 4, 10, 12, 0, tzinfo=UTC)


def test_clock_is_aware_and_whole_seconds() -> None:
    now = resolve_as_of(None, {})
    assert now.tzinfo is not None and now.microsecond == 0


@pytest.mark.parametrize("text", ["2026-04-10", "2026-04-10T12:00", "yesterday", "2026-13-10T12:00:00Z"])
def test_bad_as_of_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        parse_as_of(text)


def test_bad_source_date_epoch_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        resolve_as_of(None, {"SOURCE_DATE_EPOCH": "soon"})


def _content(ended: datetime | None, notice_resolved: datetime | None = None) -> Content:
    visit = Visit(
        stage="entry",
        started=datetime(2026, 3, 10, 9, 0, tzinfo=PLUS_ONE),
        ended=ended,
        owner="Sales",
        customer_in_view="high",
    )
    journey = Journey(
        order="SO-1",
        title="t",
        customer=Customer("Acme"),
        visits=(visit,),
        locale="en",
        timezone="UTC",
        source=SourceRef("content/journeys/SO-1.yaml", 1),
    )
    notices = ()
    if notice_resolved is not None:
        notices = (
            Notice(
                id="n1",
                title=Localized.of("t"),
                stages=("fulfillment",),
                impact="minor",
                started=datetime(2026, 3, 1, tzinfo=UTC),
                body=Localized.of("b"),
                resolved=notice_resolved,
            ),
        )
    return Content(
        site=Site(name="x", base_url="https://x.example/"),
        catalogue=built_in_catalogue(),
        journeys=(journey,),
        notices=notices,
    )


def test_as_of_before_a_visit_ended_stops_naming_it() -> None:
    content = _content(ended=datetime(2026, 3, 12, 9, 0, tzinfo=PLUS_ONE))
    with pytest.raises(OmcError, match=r"order SO-1 \(content/journeys/SO-1.yaml\): visit 1 \(entry\) ended"):
        check_as_of(content, datetime(2026, 3, 11, tzinfo=UTC))


def test_as_of_equal_to_the_latest_moment_is_fine() -> None:
    content = _content(ended=datetime(2026, 3, 12, 9, 0, tzinfo=PLUS_ONE))
    check_as_of(content, datetime(2026, 3, 12, 8, 0, tzinfo=UTC))


def test_notice_resolution_counts_as_happened() -> None:
    content = _content(ended=None, notice_resolved=datetime(2026, 4, 1, tzinfo=UTC))
    with pytest.raises(OmcError, match="notice n1: resolved"):
        check_as_of(content, datetime(2026, 3, 20, tzinfo=UTC))


@pytest.mark.parametrize(
    "text",
    ["9999-12-31T23:59:00-01:00", "0001-01-01T00:00:00+01:00", "9998-12-31T23:30:00-01:00", "0001-01-01T00:00:00Z"],
)
def test_as_of_at_the_ends_of_the_calendar_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="a year from 2 to 9998"):
        parse_as_of(text)


@pytest.mark.parametrize("epoch", ["99999999999999", "253402300799", "1" * 400, "١٢٣"])
def test_source_date_epoch_out_of_range_is_a_usage_error(epoch: str) -> None:
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        resolve_as_of(None, {"SOURCE_DATE_EPOCH": epoch})


def test_the_latest_accepted_as_of_still_builds(project: Path) -> None:
    """The far end of the range is usable, not only accepted."""
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "--journey-pdfs", "none", "--as-of", "9998-12-30T00:00:00Z"],
        cwd=project,
        env={**os.environ, "XDG_CACHE_HOME": str(project / ".cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_timezones_work_without_the_system_zoneinfo(tmp_path: Path) -> None:
    """With PYTHONTZPATH pointing at an empty folder, the tzdata package supplies the
    zones: the sample (Europe/London and Europe/Berlin) builds byte-identical to a build
    with the system's zoneinfo."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    empty = tmp_path / "no-zoneinfo"
    empty.mkdir()
    sites = []
    for label, extra in (("system", {}), ("package", {"PYTHONTZPATH": str(empty)})):
        result = subprocess.run(
            [sys.executable, "-m", "omcreport", "build", "--only", "site", "--site-dir", label, "--as-of", AS_OF],
            cwd=tmp_path,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / f".cache-{label}"), **extra},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        built = tmp_path / label
        sites.append({p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()})
    assert len(sites[0]) > 20
    assert sites[0] == sites[1]
