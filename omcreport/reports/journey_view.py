"""The journey report's content: one order's story, built from the model and the
figures of `omcreport.analyze.journey_figures`. Only presentation happens here (which
rows, which words, which chart); every number comes from analyze."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from itertools import pairwise
from zoneinfo import ZoneInfo

from markupsafe import Markup

from omcreport.analyze import JourneyFigures, customer_updates, observation_weight, seconds_between, silence_gaps
from omcreport.analyze.intervals import Seconds
from omcreport.model import Content, Journey
from omcreport.vocabulary import CUSTOMER_IN_VIEW_LEVELS
from omcreport.order_state import order_state
from omcreport.reports import formatting as fmt
from omcreport.reports.chart_bars import TargetRow, target_bars_svg
from omcreport.reports.chart_curve import Point, curve_svg
from omcreport.reports.chart_timeline import Band, Bar, timeline_svg
from omcreport.reports.document import DocumentMeta, TocEntry, document_meta
from omcreport.richtext import report_html

TOC: tuple[TocEntry, ...] = (
    TocEntry("story", "The journey at a glance"),
    TocEntry("timeline", "Timeline of the visits", sub=True),
    TocEntry("curve", "Customer in view", sub=True),
    TocEntry("silences", "Silences"),
    TocEntry("visits", "Visits"),
    TocEntry("stages", "Time in stage against target"),
    TocEntry("notes", "Internal notes and events"),
    TocEntry("observations", "Observations naming this order"),
)


def journey_document(
    journey: Journey, figures: JourneyFigures, content: Content, as_of: datetime
) -> tuple[DocumentMeta, dict[str, object]]:
    """`figures` are the journey's own (`journey_figures` at `as_of`), as the findings hold them."""
    meta = document_meta(
        content.site,
        title=f"Journey report: order {journey.order}",
        subject=f"The journey of order {journey.order} through the Order Management Cycle",
        keywords=["order management cycle", "journey", journey.order],
        as_of=as_of,
        toc=list(TOC),
    )
    return meta, _journey_context(journey, figures, content, as_of)


def _journey_context(journey: Journey, figures: JourneyFigures, content: Content, as_of: datetime) -> dict[str, object]:
    zone = ZoneInfo(journey.timezone)
    catalogue = content.catalogue
    names = {stage.key: stage.name for stage in catalogue.stages}
    on_time = {True: "on time", False: "late", None: "not judged"}[figures.on_time]
    kept = [visit.due_kept for visit in figures.visits if visit.due_kept is not None]
    kept_text = f"{sum(kept)} of {len(kept)}" if kept else "none judged"
    total_wait = sum((handoff.wait for handoff in figures.handoffs), Fraction(0))
    owners = sorted({visit.owner for visit in journey.visits})

    return {
        "order": journey.order,
        "title": journey.title,
        "timezone": journey.timezone,
        "cover_facts": _cover_facts(journey, figures, zone, _customer_page(journey, content, as_of)),
        "cover_cards": [
            _card("Journey span", fmt.duration(figures.span), "open: up to as-of" if figures.status == "open" else ""),
            _card("Lead time", fmt.duration(figures.lead_time), "entry to fulfilled"),
            _card("Unattended", fmt.duration(figures.unattended), "no stage held it"),
            _card("Silence", fmt.duration(figures.silence.seconds), "longest without an update"),
            _card("Promise", on_time, f"promised {fmt.day(journey.promised)}" if journey.promised else "no promise"),
        ],
        "story": _story(journey, figures, owners),
        "cards": [
            _card(
                "Visits",
                str(len(figures.visits)),
                f"{fmt.count(len(figures.stages), 'stage')}, {fmt.count(len(owners), 'department')}",
            ),
            _card("Handoffs", str(len(figures.handoffs)), f"waits total {fmt.duration(total_wait)}"),
            _card("Revisits", str(figures.revisits), fmt.count(figures.back_steps, "back-step")),
            _card("Due dates kept", kept_text, "visits with a due time, judged"),
            _card("Stages over target", str(len(figures.breaches)), ", ".join(names[k] for k in figures.breaches)),
            _card("Customer updates", str(len(figures.customer_updates)), "public notes and public events"),
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


def _customer_page(journey: Journey, content: Content, as_of: datetime) -> str:
    """What the customer's page says: the health it shows, in the same words as the page's
    verdicts, so the cover never says on track beside a late promise."""
    if journey.public is None:
        return "no public page"
    updates = customer_updates(journey, content.catalogue)
    state = order_state(journey, content.catalogue, as_of, current=None, updates=updates)
    if state.delivered_on is not None:
        shown = f"delivered {fmt.day(state.delivered_on)}" + (" (late)" if state.late else "")
    else:
        shown = state.health or "no health banner"
    if state.health_from_lateness:
        shown += " (written on-track; shown delayed because the order is late)"
    if journey.public.expected is not None and journey.status == "open":
        shown += f", expected {fmt.day(journey.public.expected)}"
    if state.overdue_update is not None:
        shown += "; the promised update is overdue"
    return shown


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


def _story(journey: Journey, figures: JourneyFigures, owners: list[str]) -> str:
    verb = "has been open for" if figures.status == "open" else f"was {figures.status} after"
    text = (
        f"Order {journey.order} for {journey.customer.display_name} made {fmt.count(len(figures.visits), 'visit')} "
        f"to {fmt.count(len(figures.stages), 'stage')}, held by {fmt.count(len(owners), 'department')} "
        f"with {fmt.count(len(figures.handoffs), 'handoff')}. It {verb} {fmt.duration(figures.span)}; "
        f"for {fmt.duration(figures.unattended)} of that no stage held it. "
        f"The customer's longest silence lasted {fmt.duration(figures.silence.seconds)}."
    )
    if figures.path:
        text += f" Path: {' > '.join(figures.path)}."
    return text


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
