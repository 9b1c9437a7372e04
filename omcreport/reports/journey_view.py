"""The journey report's content: one order's story, built from the model and the
figures of `omcreport.analyze.journey_figures`. Only presentation happens here (which
rows, which words, which chart); every number comes from analyze."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omcreport.analyze import JourneyFigures, journey_figures, observation_weight, seconds_between, silence_gaps
from omcreport.analyze.figures import figure
from omcreport.analyze.intervals import Seconds
from omcreport.model import Content, Journey
from omcreport.reports import formatting as fmt
from omcreport.reports.chart_bars import TargetRow, target_bars_svg
from omcreport.reports.chart_curve import Point, curve_svg
from omcreport.reports.chart_timeline import Band, Bar, timeline_svg
from omcreport.reports.document import DocumentMeta, document_meta
from omcreport.reports.journey_story import journey_story
from omcreport.richtext import report_html
from omcreport.vocabulary import CUSTOMER_IN_VIEW_LEVELS
from omcreport.wording import count_noun

if TYPE_CHECKING:
    from omcreport.site.projection import OrderProjection


def _label(key: str) -> str:
    """A per-journey figure's label, from the figure registry."""
    return figure(f"per_journey[].{key}").label


def journey_document(
    journey: Journey, figures: JourneyFigures, content: Content, as_of: datetime
) -> tuple[DocumentMeta, dict[str, object]]:
    """`figures` are the journey's own (`journey_figures` at `as_of`), as the findings hold them.

    A closed journey whose report reads the same at its last moment as at `as_of` is
    rendered as of that moment (`settled_moment`): its PDF then stays byte for byte the
    same, and comes from the cache, however far the as-of moves on."""
    settled = settled_moment(journey, figures, content, as_of)
    final = settled is not None
    as_of = settled if settled is not None else as_of
    meta = document_meta(
        content.site,
        title=f"Journey report: order {journey.order}",
        subject=f"The journey of order {journey.order} through the Order Management Cycle",
        keywords=["order management cycle", "journey", journey.order],
        as_of=as_of,
    )
    return meta, {**_journey_context(journey, figures, content, as_of), "final": final}


def _last_moment(journey: Journey) -> datetime:
    """The latest moment the journey itself names."""
    moments = [journey.closed, journey.placed]
    for visit in journey.visits:
        moments += [visit.started, visit.ended, visit.due, *(event.at for event in visit.events)]
    if journey.public is not None:
        moments += [journey.public.health_since, journey.public.next_update]
        for shipment in journey.public.shipments:
            moments += [shipment.shipped, shipment.delivered]
    return max(moment for moment in moments if moment is not None)


def settled_moment(journey: Journey, figures: JourneyFigures, content: Content, as_of: datetime) -> datetime | None:
    """The last moment of a closed journey, when its figures and the customer's page read
    then exactly as at `as_of`; None for an open journey or one that still changes with time
    (a promise after its last moment, a page that shows the time passing)."""
    if figures.status == "open":
        return None
    settled = _last_moment(journey)
    if settled >= as_of:
        return None
    if journey_figures(journey, content.catalogue, settled) != figures:
        return None
    page_then, page_now = _tracking_page(journey, content, settled), _tracking_page(journey, content, as_of)
    if _page_card(page_then) != _page_card(page_now) or _customer_page(page_then) != _customer_page(page_now):
        return None
    if _promise_card(journey, figures, page_then) != _promise_card(journey, figures, page_now):
        return None
    return settled


def _journey_context(journey: Journey, figures: JourneyFigures, content: Content, as_of: datetime) -> dict[str, object]:
    zone = ZoneInfo(journey.timezone)
    catalogue = content.catalogue
    names = {stage.key: stage.name for stage in catalogue.stages}
    page = _tracking_page(journey, content, as_of)
    kept = [visit.due_kept for visit in figures.visits if visit.due_kept is not None]
    kept_text = f"{sum(kept)} of {len(kept)}" if kept else "none judged"
    total_wait = sum((handoff.wait for handoff in figures.handoffs), Fraction(0))
    owners = sorted({visit.owner for visit in journey.visits})

    return {
        "order": journey.order,
        "title": journey.title,
        "timezone": journey.timezone,
        "cover_facts": _cover_facts(journey, figures, zone, _customer_page(page)),
        # The verdicts first and side by side: the promise, and what the customer's page shows.
        "cover_cards": [
            _promise_card(journey, figures, page),
            _page_card(page),
            _card(
                figure("per_journey[].span").name,
                fmt.duration(figures.span),
                "open: up to as-of" if figures.status == "open" else "",
            ),
            _card(_label("lead_time"), fmt.duration(figures.lead_time), "entry to fulfilled"),
            _card(_label("unattended"), fmt.duration(figures.unattended), "no stage held it"),
            _card(_label("silence"), fmt.duration(figures.silence.seconds), "longest without an update"),
        ],
        "story": journey_story(journey, figures, catalogue, as_of),
        "cards": [
            _card(
                _label("visits"),
                str(len(figures.visits)),
                f"{count_noun(len(figures.stages), 'stage')}, {count_noun(len(owners), 'department')}",
            ),
            _card(_label("handoffs"), str(len(figures.handoffs)), f"waits total {fmt.duration(total_wait)}"),
            _card(_label("revisits"), str(figures.revisits), count_noun(figures.back_steps, "back-step")),
            _card("Due dates kept", kept_text, "visits with a due time, judged"),
            _card("Stages over target", str(len(figures.breaches)), ", ".join(names[k] for k in figures.breaches)),
            _card(_label("customer_updates"), str(len(figures.customer_updates)), "public notes and public events"),
        ],
        "timeline_svg": _timeline(journey, figures, catalogue.keys, [names[k] for k in catalogue.keys], zone, as_of),
        "curve_svg": _curve(figures, names),
        "silence_text": _silence_text(figures),
        "gaps": _gaps(figures, zone),
        "visits": [_visit_row(journey, figures, index, names, zone) for index in range(len(journey.visits))],
        "handoffs": [
            {
                "after": handoff.from_position + 1,
                "before": handoff.to_position + 1,
                "from_owner": handoff.from_owner,
                "to_owner": handoff.to_owner,
                "wait": fmt.duration(handoff.wait),
            }
            for handoff in figures.handoffs
        ],
        "stage_bars_svg": target_bars_svg(
            [
                TargetRow(names[s.stage], float(s.time), s.target, _against_target(s.time, s.target, short=True))
                for s in figures.stages
            ],
            label="Time in each visited stage against its target",
        ),
        "stages": [
            {
                "name": names[s.stage],
                "visits": s.visits,
                "time": fmt.duration(s.time),
                "target": fmt.duration(s.target) if s.target is not None else "none",
                "verdict": _against_target(s.time, s.target, short=False),
                "breach": s.breached,
            }
            for s in figures.stages
        ],
        "notes": _notes(journey, names, zone),
        "observations": _observations(journey, content, names),
    }


def _card(name: str, value: str, detail: str = "") -> dict[str, str]:
    return {"name": name, "value": value, "detail": detail}


def _tracking_page(journey: Journey, content: Content, as_of: datetime) -> OrderProjection | None:
    """The order as its tracking page shows it (the site's own projection), or None without one."""
    # Imported here: the site package is large, and most report code never needs it.
    from omcreport.site.projection import project_order

    return project_order(journey, content, as_of) if journey.public is not None else None


def _customer_page(page: OrderProjection | None) -> str:
    """What the customer's page says: the health it shows, in the same words as the page's
    verdicts, so the cover never says on track beside a late promise."""
    if page is None:
        return "no public page"
    if page.delivered_on is not None:
        shown = f"delivered {fmt.day(page.delivered_on)}" + (" (late)" if page.late else "")
    else:
        shown = page.health or "no health banner"
    if page.health_from_lateness:
        shown += " (written on-track; shown delayed because the order is late)"
    if page.expected is not None:
        shown += f", expected {fmt.day(page.expected)}"
    if page.overdue_update is not None:
        shown += "; the promised update is overdue"
    return shown


def _page_card(page: OrderProjection | None) -> dict[str, str]:
    """The health the tracking page shows, as a cover card beside the promise's verdict."""
    if page is None:
        return _card("Customer sees", "no page", "no tracking page")
    if page.health is not None:
        value = page.health.replace("-", " ")  # "on-track" reads "on track"
    elif page.delivered_on is not None:
        value = "delivered late" if page.late else "delivered"
    else:
        value = "complete"
    return _card("Customer sees", value, "on the tracking page")


def _promise_card(journey: Journey, figures: JourneyFigures, page: OrderProjection | None) -> dict[str, str]:
    if figures.status == "cancelled":
        return _card("Promise", "cancelled", f"promised {fmt.day(journey.promised)}" if journey.promised else "")
    if journey.promised is None:
        return _card("Promise", "none", "no delivery date promised")
    promised = f"promised {fmt.day(journey.promised)}"
    if figures.on_time is None and page is not None and page.late:
        # Not yet due, but the page already shows it delayed: the estimate lies after the promise.
        expected = journey.public.expected if journey.public is not None else None
        return _card("Promise", "at risk", f"{promised}, expected {fmt.day(expected)}")
    verdict = {True: "on time", False: "late", None: "not yet due"}[figures.on_time]
    return _card("Promise", verdict, promised)


def _cover_facts(journey: Journey, figures: JourneyFigures, zone: ZoneInfo, page: str) -> list[tuple[str, str]]:
    customer = journey.customer.display_name
    if journey.customer.segment:
        customer += f" ({journey.customer.segment})"
    rows = [
        ("Customer", customer),
        ("Followed by", journey.followed_by or "nobody (report rendered for every journey)"),
        ("Status", figures.status),
        ("Customer page shows", page),
        ("Placed", fmt.moment(journey.placed, zone)),
        ("First visit started", fmt.moment(figures.start, zone)),
        ("Promised", fmt.day(journey.promised)),
        ("Closed", fmt.moment(figures.closed, zone) if figures.closed else "open"),
    ]
    if journey.value is not None:
        rows.append(("Value", fmt.money(journey.value.amount, journey.value.currency)))
    return rows


def _timeline(
    journey: Journey,
    figures: JourneyFigures,
    keys: tuple[str, ...],
    names: list[str],
    zone: ZoneInfo,
    as_of: datetime,
) -> Markup:
    bars = [
        Bar(
            lane=keys.index(visit.stage),
            start=visit.started,
            end=visit.ended if visit.ended is not None else as_of,
            is_open=visit.ended is None,
            number=index + 1,
        )
        for index, visit in enumerate(journey.visits)
    ]
    end = max([figures.end, *(bar.end for bar in bars)])
    unattended, overlaps = _coverage(figures.start, figures.end, [(bar.start, bar.end) for bar in bars])
    now = as_of if figures.status == "open" else None
    return timeline_svg(names, bars, unattended, overlaps, figures.start, end, zone, now=now)


def _coverage(
    start: datetime, end: datetime, intervals: list[tuple[datetime, datetime]]
) -> tuple[list[Band], list[Band]]:
    """The parts of [start, end] covered by no interval, and those covered by two or more."""
    edges = sorted({start, end, *(max(a, start) for a, _ in intervals), *(min(b, end) for _, b in intervals)})
    edges = [edge for edge in edges if start <= edge <= end]
    uncovered: list[Band] = []
    doubled: list[Band] = []
    for left, right in pairwise(edges):
        depth = sum(1 for a, b in intervals if a <= left and b >= right)
        target = uncovered if depth == 0 else doubled if depth >= 2 else None
        if target is None:
            continue
        if target and target[-1].end == left:
            target[-1] = Band(target[-1].start, right)
        else:
            target.append(Band(left, right))
    return uncovered, doubled


def _curve(figures: JourneyFigures, names: dict[str, str]) -> Markup:
    points = [
        Point(
            label=f"{visit.position + 1}. {names[visit.stage]}",
            value=float(visit.customer_in_view),
            value_text=CUSTOMER_IN_VIEW_LEVELS[visit.customer_in_view],
            filled=visit.informs_customer,
            short_label=str(visit.position + 1),
        )
        for visit in figures.visits
    ]
    return curve_svg(
        points,
        label="Customer in view at each visit of this order",
        filled_means="informed the customer",
        hollow_means="did not inform the customer",
    )


def _silence_text(figures: JourneyFigures) -> str:
    updates = len(figures.customer_updates)
    if updates == 0:
        return (
            f"The customer was never updated: the silence is the whole span, {fmt.duration(figures.silence.seconds)}."
        )
    return (
        f"The customer was updated {updates} time{'s' if updates != 1 else ''}. The longest silence, "
        f"{fmt.duration(figures.silence.seconds)}, is highlighted."
    )


def _gaps(figures: JourneyFigures, zone: ZoneInfo) -> list[dict[str, object]]:
    gaps = silence_gaps(figures.start, figures.end, figures.customer_updates)
    silence = (figures.silence.start, figures.silence.end)
    longest = next((number for number, gap in enumerate(gaps) if gap == silence), None)
    end_what = "span ends: as-of" if figures.status == "open" else f"span ends: {figures.status}"
    return [
        {
            "start": fmt.moment(before, zone),
            "start_what": "first visit started" if number == 0 else "customer update",
            "end": fmt.moment(after, zone),
            "end_what": end_what if number == len(gaps) - 1 else "customer update",
            "length": fmt.duration(seconds_between(before, after)),
            "longest": number == longest,
        }
        for number, (before, after) in enumerate(gaps)
    ]


def _visit_row(
    journey: Journey, figures: JourneyFigures, index: int, names: dict[str, str], zone: ZoneInfo
) -> dict[str, object]:
    visit, measured = journey.visits[index], figures.visits[index]
    if measured.due_kept is None:
        due_kept = "–" if visit.due is None else "not yet due"
    else:
        due_kept = "kept" if measured.due_kept else "not kept"
    return {
        "number": index + 1,
        "stage": names[visit.stage],
        "owner": visit.owner,
        "people": ", ".join(visit.people),
        "started": fmt.moment(visit.started, zone),
        "ended": fmt.moment(visit.ended, zone) if visit.ended is not None else "open",
        "time": fmt.duration(measured.time),
        "due": fmt.moment(visit.due, zone),
        "due_kept": due_kept,
        "in_view": visit.customer_in_view,
        "informs": measured.informs_customer,
    }


def _against_target(time: Seconds, target: int | None, *, short: bool) -> str:
    if target is None:
        return fmt.duration(time) if short else "no target"
    if time > target:
        over = f"over by {fmt.duration(time - target)}"
        return f"{fmt.duration(time)} ({over})" if short else over
    if short:
        return fmt.duration(time)
    if target == 0:
        return "within target"
    return f"within target ({fmt.percent(Fraction(time) / target)} of it)"


def _notes(journey: Journey, names: dict[str, str], zone: ZoneInfo) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index, visit in enumerate(journey.visits):
        if not (visit.notes or visit.events or visit.public_note):
            continue
        ended = fmt.moment(visit.ended, zone) if visit.ended is not None else "open"
        rows.append(
            {
                "number": index + 1,
                "stage": names[visit.stage],
                "owner": visit.owner,
                "when": f"{fmt.moment(visit.started, zone)} to {ended}",
                "public_note": report_html(visit.public_note, inline=True) if visit.public_note else None,
                "notes": report_html(visit.notes) if visit.notes else None,
                "events": [
                    {
                        "at": fmt.moment(event.at, zone),
                        "note": report_html(event.note, inline=True),
                        "public": "yes" if event.public else "no",
                    }
                    for event in visit.events
                ],
            }
        )
    return rows


def _observations(journey: Journey, content: Content, names: dict[str, str]) -> list[dict[str, object]]:
    naming = [o for o in content.observations if journey.order in o.orders]
    groups: list[dict[str, object]] = []
    for key in content.catalogue.keys:
        items = sorted((o for o in naming if o.stage == key), key=lambda o: (-observation_weight(o), o.id))
        if not items:
            continue
        groups.append(
            {
                "key": key,
                "name": names[key],
                "entries": [
                    {
                        "id": o.id,
                        "title": o.title,
                        "severity": o.severity,
                        "weight": observation_weight(o),
                        "status": fmt.words(o.status),
                        "observed": fmt.day(o.observed),
                        "source": fmt.words(o.source),
                        "owner": o.owner,
                        "tags": list(o.tags),
                        "body": report_html(o.body),
                        "recommendation": report_html(o.recommendation) if o.recommendation else None,
                    }
                    for o in items
                ],
            }
        )
    return groups
