"""Retention: which orders still get a public page.

site.yaml's `retention` (an ISO duration) retires the page of every order closed longer
ago than that, as of the build. The journey stays in the content and in the reports; only
its public projection goes, so the site, links.csv and the page warnings all read the same
`Content` with those pages taken away.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from omcreport.model import Content, Journey


def is_retired(journey: Journey, retention_seconds: int | None, as_of: datetime) -> bool:
    """A public order closed more than `retention_seconds` before `as_of`."""
    if retention_seconds is None or journey.public is None:
        return False
    closed = journey.closed
    return closed is not None and closed + timedelta(seconds=retention_seconds) < as_of


def without_retired_pages(content: Content, as_of: datetime) -> tuple[Content, int]:
    """The content as the public site sees it, and how many pages retention retired."""
    retention = content.site.retention_seconds
    if retention is None:
        return content, 0
    journeys = []
    retired = 0
    for journey in content.journeys:
        if is_retired(journey, retention, as_of):
            journeys.append(dataclasses.replace(journey, public=None))
            retired += 1
        else:
            journeys.append(journey)
    if not retired:
        return content, 0
    return dataclasses.replace(content, journeys=tuple(journeys)), retired
