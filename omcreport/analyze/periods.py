"""Periods (ANALYTICS.md v2): the findings as they stood at the end of a month, quarter or
date range, over the journeys active in it, beside the previous period's.

A period is read in site.yaml's timezone. Its end E is the period's end, or now if
earlier; each journey is cut at E (what had not happened by E is dropped or reads as not
yet happened) and kept when it was active in the period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from omcreport.model import Content, Journey, PublicInfo, Visit

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")
PERIOD_FORMS = "a month YYYY-MM, a quarter YYYY-Qn or a date range YYYY-MM-DD..YYYY-MM-DD (until exclusive)"


class PeriodError(ValueError):
    """A --period that is none of the three forms."""


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | range
    first: date  # the first day
    until: date  # the day after the last (exclusive)

    def start(self, zone: ZoneInfo) -> datetime:
        return datetime.combine(self.first, time(0), zone)

    def end(self, zone: ZoneInfo) -> datetime:
        """The nominal end (exclusive), not yet capped at now."""
        return datetime.combine(self.until, time(0), zone)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first.isoformat()}..{self.until.isoformat()}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_period(text: str) -> Period:
    try:
        if match := _MONTH.fullmatch(text):
            first = date(int(match[1]), int(match[2]), 1)
            return Period("month", first, _add_months(first, 1))
        if match := _QUARTER.fullmatch(text):
            first = date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1)
            return Period("quarter", first, _add_months(first, 3))
        if match := _RANGE.fullmatch(text):
            first, until = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            if until <= first:
                raise PeriodError(f"--period {text!r}: the range ends before it starts (until is exclusive)")
            return Period("range", first, until)
    except ValueError as error:
        if isinstance(error, PeriodError):
            raise
        raise PeriodError(f"--period {text!r}: {error}") from None
    raise PeriodError(f"--period {text!r}: expected {PERIOD_FORMS}")


def previous(period: Period) -> Period:
    """The previous calendar month or quarter; for a range, as many days just before it."""
    if period.kind == "month":
        return Period("month", _add_months(period.first, -1), period.first)
    if period.kind == "quarter":
        return Period("quarter", _add_months(period.first, -3), period.first)
    days = (period.until - period.first).days
    return Period("range", period.first - timedelta(days=days), period.first)


def _before_or_at(moment: datetime | None, cut: datetime) -> datetime | None:
    return moment if moment is not None and moment <= cut else None


def _cut_visit(visit: Visit, cut: datetime) -> Visit:
    return replace(
        visit,
        ended=_before_or_at(visit.ended, cut),
        events=tuple(event for event in visit.events if event.at <= cut),
    )


def _cut_public(public: PublicInfo, cut: datetime) -> PublicInfo:
    shipments = tuple(
        replace(shipment, delivered=_before_or_at(shipment.delivered, cut))
        for shipment in public.shipments
        if shipment.shipped <= cut
    )
    return replace(public, shipments=shipments)


def cut_journey(journey: Journey, cut: datetime) -> Journey | None:
    """The journey as it stood at `cut`; None when nothing of it had started by then."""
    visits = tuple(_cut_visit(visit, cut) for visit in journey.visits if visit.started <= cut)
    if not visits:
        return None
    status, closed = journey.status_written, journey.closed_written
    if journey.status != "open" and (journey.closed is None or journey.closed > cut):
        status, closed = "open", None  # completed or cancelled only after the cut: open at it
    elif closed is not None and closed > cut:
        closed = None
    public = _cut_public(journey.public, cut) if journey.public is not None else None
    return replace(journey, visits=visits, status_written=status, closed_written=closed, public=public)


def _active(journey: Journey, start: datetime, cut: datetime) -> bool:
    first = min(visit.started for visit in journey.visits)
    if first >= cut:
        return False
    if first >= start:
        return True
    closed = journey.closed if journey.status != "open" else None
    return closed is None or closed > start


def period_content(content: Content, period: Period, now: datetime) -> tuple[Content, datetime]:
    """The content as it stood at the period's end E (or now if earlier), with only the
    journeys active in the period; and E."""
    zone = ZoneInfo(content.site.timezone)
    start = period.start(zone)
    cut = min(period.end(zone), now)
    kept = []
    for journey in content.journeys:
        cut_one = cut_journey(journey, cut)
        if cut_one is not None and _active(cut_one, start, cut):
            kept.append(cut_one)
    return replace(content, journeys=tuple(kept)), cut
