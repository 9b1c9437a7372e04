"""The public projection of the overview: stage health bands and medians, and notices.

It names no order and no token: stage health comes from `omcreport.analyze.stage_health`
(bands and medians over at least five visits), notices are public by definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from markupsafe import Markup

from omcreport.analyze import round_half_up, stage_health
from omcreport.model import Content
from omcreport.site.projection import PublicNotice, SiteInfo, public_notice, stage_description, stage_label

RECENT = timedelta(days=30)


@dataclass(frozen=True)
class StageStatus:
    key: str
    label: str
    description: Markup | None
    state: str  # one of omcreport.analyze.STATES
    median_seconds: int | None  # rounded half-up to whole seconds; None under five visits
    notices: tuple[str, ...]  # ongoing major notices that disrupt it


@dataclass(frozen=True)
class OverviewProjection:
    site: SiteInfo
    as_of: datetime
    stages: tuple[StageStatus, ...]
    ongoing: tuple[PublicNotice, ...]  # newest first
    recent: tuple[PublicNotice, ...]  # resolved within the 30 days before as-of, newest first
    notices: tuple[PublicNotice, ...]  # every notice, newest first: pages and the site feed

    @property
    def overall(self) -> str:
        """The one-line status at the top: the worst state any stage is in."""
        states = {stage.state for stage in self.stages}
        for worst in ("disrupted", "delayed", "slower"):
            if worst in states:
                return worst
        return "normal" if "normal" in states else "not-enough-data"


def _whole_seconds(value: Fraction | None) -> int | None:
    """Half-up to whole seconds."""
    return None if value is None else round_half_up(value)


def project_overview(content: Content, as_of: datetime, site: SiteInfo) -> OverviewProjection:
    locale = site.locale
    health = stage_health(content, as_of)
    stages = tuple(
        StageStatus(
            key=key,
            label=stage_label(content.catalogue, key, locale),
            description=stage_description(content.catalogue, key, locale),
            state=item.state,
            median_seconds=_whole_seconds(item.median_seconds),
            notices=item.notices,
        )
        for key, item in sorted(health.items(), key=lambda pair: content.catalogue.index(pair[0]))
    )
    newest_first = sorted(content.notices, key=lambda n: (n.started, n.id), reverse=True)
    notices = tuple(public_notice(notice, content.catalogue, locale) for notice in newest_first)
    ongoing = tuple(n for n in notices if n.resolved is None or n.resolved > as_of)
    recent = tuple(n for n in notices if n.resolved is not None and as_of - RECENT <= n.resolved <= as_of)
    return OverviewProjection(site=site, as_of=as_of, stages=stages, ongoing=ongoing, recent=recent, notices=notices)
