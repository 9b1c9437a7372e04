"""The build's reference time ("now", as-of) and its check against content.

As-of is `--as-of`, else `SOURCE_DATE_EPOCH`, else the clock (ANALYTICS.md). Only the
build and `stats` read the clock, here; `check` never does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from omcreport.errors import OmcError, UsageError
from omcreport.limits import year_in_range, years_words
from omcreport.model import Content

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_AS_OF_FORM = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


def parse_as_of(text: str) -> datetime:
    """An ISO 8601 time with a UTC offset, as `--as-of` takes it."""
    if not _AS_OF_FORM.fullmatch(text):
        raise UsageError(f"--as-of {text!r}: expected a time with a UTC offset, like 2026-04-10T12:00:00Z")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"--as-of {text!r}: {exc}") from None
    if not _in_range_everywhere(moment):
        raise UsageError(f"--as-of {text!r}: expected {years_words()}")
    return moment


def _in_range_everywhere(moment: datetime) -> bool:
    """In range as written and in UTC (an offset can move the year)."""
    try:
        return year_in_range(moment) and year_in_range(moment.astimezone(UTC))
    except OverflowError:
        return False


def resolve_as_of(text: str | None, environ: dict[str, str] | None = None) -> datetime:
    """`--as-of`, else SOURCE_DATE_EPOCH, else the clock; always timezone-aware."""
    if text:
        return parse_as_of(text)
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        wrong = f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970-01-01"
        if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12:
            raise UsageError(f"{wrong}, in {years_words()}")
        try:
            moment = _EPOCH + timedelta(seconds=int(epoch))
        except OverflowError:
            raise UsageError(f"{wrong}, in {years_words()}") from None
        if not year_in_range(moment):
            raise UsageError(f"{wrong}, in {years_words()}")
        return moment
    return datetime.now(tz=UTC).replace(microsecond=0)


def _happened(content: Content) -> Iterator[tuple[datetime, str]]:
    """Every moment the content says has happened, with words naming it."""
    for journey in content.journeys:
        where = f"order {journey.order}"
        if journey.source is not None:
            where += f" ({journey.source.path})"
        if journey.placed is not None:
            yield journey.placed, f"{where}: placed"
        if journey.closed_written is not None:
            yield journey.closed_written, f"{where}: closed"
        if journey.public is not None and journey.public.health_since is not None:
            yield journey.public.health_since, f"{where}: health_since"
        for number, visit in enumerate(journey.visits, start=1):
            yield visit.started, f"{where}: visit {number} ({visit.stage}) started"
            if visit.ended is not None:
                yield visit.ended, f"{where}: visit {number} ({visit.stage}) ended"
            for event in visit.events:
                yield event.at, f"{where}: an event of visit {number} ({visit.stage})"
    for notice in content.notices:
        where = f"notice {notice.id}"
        if notice.source is not None:
            where += f" ({notice.source.path})"
        yield notice.started, f"{where}: started"
        if notice.resolved is not None:
            yield notice.resolved, f"{where}: resolved"


def check_as_of(content: Content, as_of: datetime) -> None:
    """Stop when as-of is earlier than something the content says has happened."""
    latest: tuple[datetime, str] | None = None
    for moment, what in _happened(content):
        if latest is None or moment > latest[0]:
            latest = (moment, what)
    if latest is not None and latest[0] > as_of:
        raise OmcError(
            f"as-of {as_of.isoformat()} is earlier than {latest[1]} at {latest[0].isoformat()}; "
            "pass a later --as-of (or SOURCE_DATE_EPOCH)"
        )
