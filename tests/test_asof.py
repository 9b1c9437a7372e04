"""As-of: --as-of, else SOURCE_DATE_EPOCH, else the clock; never earlier than the content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from omcreport.asof import check_as_of, parse_as_of, resolve_as_of
from omcreport.catalogue import built_in_catalogue
from omcreport.errors import OmcError, UsageError
from omcreport.model import Content, Customer, Journey, Notice, Site, SourceRef, Visit

PLUS_ONE = timezone(timedelta(hours=1))


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
                title="t",
                stages=("fulfillment",),
                impact="minor",
                started=datetime(2026, 3, 1, tzinfo=UTC),
                body="b",
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
