"""The build's reference time ("now", as-of) and its check against content.

As-of is `--as-of`, else `SOURCE_DATE_EPOCH`, else the clock (ANALYTICS.md). Only the
build and `stats` read the clock, here; `check` only when told `--as-of now`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from omcreport.errors import OmcError, Problem, UsageError
from omcreport.limits import year_in_range, years_words
from omcreport.model import Content, SourceRef
from omcreport.validate.rules import make_problem

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


AsOfSource = Literal["--as-of", "SOURCE_DATE_EPOCH", "the clock"]


@dataclass(frozen=True)
class ResolvedAsOf:
    moment: datetime
    source: AsOfSource

    def line(self) -> str:
        """What `build` and `stats` print first: "as of 2026-11-25 12:00 UTC (from --as-of)",
        so that figures that differ from yesterday's say why."""
        utc = self.moment.astimezone(UTC)
        shown = utc.strftime("%Y-%m-%d %H:%M:%S" if utc.second else "%Y-%m-%d %H:%M")
        return f"as of {shown} UTC (from {self.source})"


def resolve_as_of(text: str | None, environ: dict[str, str] | None = None) -> datetime:
    """`--as-of`, else SOURCE_DATE_EPOCH, else the clock; always timezone-aware."""
    return resolve_as_of_with_source(text, environ).moment


def resolve_as_of_with_source(text: str | None, environ: dict[str, str] | None = None) -> ResolvedAsOf:
    """The as-of and which of `--as-of`, SOURCE_DATE_EPOCH and the clock gave it."""
    if text:
        return ResolvedAsOf(parse_as_of(text), "--as-of")
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
        return ResolvedAsOf(moment, "SOURCE_DATE_EPOCH")
    return ResolvedAsOf(_clock(), "the clock")


def parse_as_of_or_now(text: str) -> datetime:
    """`--as-of` as `check` takes it: a time with offset, or `now` (the clock)."""
    if text == "now":
        return _clock()
    try:
        return parse_as_of(text)
    except UsageError as error:
        raise UsageError(f"{error} (or `now`)") from None


def _clock() -> datetime:
    return datetime.now(tz=UTC).replace(microsecond=0)


def _happened(content: Content) -> Iterator[tuple[datetime, str, str, SourceRef | None]]:
    """Every moment the content says has happened: the moment, what holds it ("order X"),
    what it is, and where it was written."""
    for journey in content.journeys:
        where, source = f"order {journey.order}", journey.source
        if journey.placed is not None:
            yield journey.placed, where, "placed", source
        if journey.closed_written is not None:
            yield journey.closed_written, where, "closed", source
        if journey.public is not None and journey.public.health_since is not None:
            yield journey.public.health_since, where, "health_since", source
        for number, visit in enumerate(journey.visits, start=1):
            yield visit.started, where, f"visit {number} ({visit.stage}) started", source
            if visit.ended is not None:
                yield visit.ended, where, f"visit {number} ({visit.stage}) ended", source
            for event in visit.events:
                yield event.at, where, f"an event of visit {number} ({visit.stage})", source
    for notice in content.notices:
        where = f"notice {notice.id}"
        yield notice.started, where, "started", notice.source
        if notice.resolved is not None:
            yield notice.resolved, where, "resolved", notice.source


def check_as_of(content: Content, as_of: datetime) -> None:
    """Stop when as-of is earlier than something the content says has happened."""
    latest: tuple[datetime, str, str, SourceRef | None] | None = None
    for happened in _happened(content):
        if latest is None or happened[0] > latest[0]:
            latest = happened
    if latest is not None and latest[0] > as_of:
        moment, holder, what, source = latest
        written = f" ({source.path})" if source is not None else ""
        raise OmcError(
            f"as-of {as_of.isoformat()} is earlier than {holder}{written}: {what} at {moment.isoformat()}; "
            "pass a later --as-of (or SOURCE_DATE_EPOCH)"
        )


def after_as_of(content: Content, as_of: datetime) -> list[Problem]:
    """OMC324 for every moment the content says has happened that lies after `as_of`: what
    `check --as-of` reports where the build would stop."""
    problems = []
    for moment, holder, what, source in _happened(content):
        if moment > as_of and source is not None:
            problems.append(
                make_problem(
                    source.path,
                    source.line,
                    source.col,
                    "OMC324",
                    f"{holder}: {what} at {moment.isoformat()} is after the as-of {as_of.isoformat()}: "
                    "a build as of then would stop",
                )
            )
    return sorted(problems, key=lambda problem: (problem.path, problem.line, problem.col))
