"""One order's story in plain sentences, generated from its figures and facts.

"Promised 9 Oct, delivered 21 Oct: 12 days late. The longest silence, 22 days, came while
Fulfillment held it; the customer heard 6 days after the first missed due date."

Every number is a figure of `omcreport.analyze` for this journey (ANALYTICS.md), every
stage is named as the catalogue names it; days late and early are counted in calendar
dates of the order's timezone, as on-time judges them. No sentence is written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from omcreport.analyze import JourneyFigures, last_visit_of
from omcreport.analyze.fades import late_notice_lags, silence_stage
from omcreport.analyze.intervals import Seconds
from omcreport.model import Catalogue, Journey
from omcreport.reports import formatting as fmt
from omcreport.wording import count_noun

UNITS = {"d": ("day", "days"), "h": ("hour", "hours"), "min": ("minute", "minutes"), "s": ("second", "seconds")}
BACK_STEPS_NAMED = 2


def spelled(seconds: Seconds) -> str:
    """A duration as ANALYTICS.md prints it, with its units in words: `2 d 4 h` is `2 days 4 hours`."""
    words = fmt.duration(seconds).split()
    parts = []
    for number, unit in zip(words[::2], words[1::2], strict=True):
        one, many = UNITS[unit]
        parts.append(f"{number} {one if number == '1' else many}")
    return " ".join(parts)


def days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Dates:
    """Dates in the order's timezone, printed `9 Oct` within the as-of year, else `9 Oct 2025`."""

    zone: ZoneInfo
    year: int

    def day(self, value: date) -> str:
        short = f"{value.day} {fmt.MONTHS[value.month - 1]}"
        return short if value.year == self.year else f"{short} {value.year}"

    def local(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def journey_story(journey: Journey, figures: JourneyFigures, catalogue: Catalogue, as_of: datetime) -> list[str]:
    """The story's sentences, in reading order."""
    zone = ZoneInfo(journey.timezone)
    names = {stage.key: stage.name for stage in catalogue.stages}
    dates = Dates(zone, as_of.astimezone(zone).year)
    sentences = [_outcome(journey, figures, names, dates, as_of)]
    sentences.append(_course(figures))
    breach = _worst_breach(figures, names)
    if breach:
        sentences.append(breach)
    back = _back_steps(figures, names)
    if back:
        sentences.append(back)
    sentences.append(_silence(figures, catalogue, names, dates))
    now = _now(journey, figures, names, dates)
    if now:
        sentences.append(now)
    return sentences


def _outcome(journey: Journey, figures: JourneyFigures, names: dict[str, str], dates: Dates, as_of: datetime) -> str:
    day, local = dates.day, dates.local
    promised = journey.promised
    last_fulfillment = last_visit_of(journey, "fulfillment")
    delivered = local(last_fulfillment.ended) if last_fulfillment and last_fulfillment.ended else None
    if figures.status == "cancelled":
        held = figures.visits[-1].stage if figures.visits else None
        text = f"Cancelled on {day(local(figures.end))} after {spelled(figures.span)}"
        text += f", in {names[held]}." if held else "."
        if promised is not None:
            text += f" It had been promised for {day(promised)}."
        return text
    if delivered is not None and figures.on_time is not None and promised is not None:
        difference = (delivered - promised).days
        verdict = (
            f"{days(difference)} late"
            if difference > 0
            else f"{days(-difference)} early"
            if difference < 0
            else "on the promised day"
        )
        return f"Promised {day(promised)}, delivered {day(delivered)}: {verdict}."
    if delivered is not None:
        return f"Delivered {day(delivered)}, with no delivery date promised."
    if figures.status == "completed":
        text = f"Completed on {day(local(figures.end))} without a delivery"
        return text + (f"; it had been promised for {day(promised)}." if promised is not None else ".")
    if promised is None:
        return "Not delivered yet, and no delivery date was promised."
    today = local(as_of)
    if figures.on_time is False:
        return f"Promised {day(promised)} and not delivered yet: {days((today - promised).days)} late on {day(today)}."
    ahead = (promised - today).days
    return f"Promised {day(promised)}; not delivered yet, " + (f"{days(ahead)} to go." if ahead else "due today.")


def _course(figures: JourneyFigures) -> str:
    owners = len({visit.owner for visit in figures.visits})
    how = (
        f"{count_noun(len(figures.visits), 'visit')} to {count_noun(len(figures.stages), 'stage')} "
        f"by {count_noun(owners, 'department')}"
    )
    if figures.status == "cancelled":
        text = f"It made {how}"  # the outcome already says how long it ran
    elif figures.lead_time is not None:
        # Lead time runs from the first entry visit, else from the first visit (ANALYTICS.md).
        since = "entry" if any(v.stage == "entry" for v in figures.visits) else "the first visit"
        text = f"From {since} to delivery took {spelled(figures.lead_time)}, in {how}"
    elif figures.status == "open":
        text = f"It has been open {spelled(figures.span)} so far, in {how}"
    else:
        text = f"The journey lasted {spelled(figures.span)}, in {how}"
    if figures.unattended > 0:
        text += f"; for {spelled(figures.unattended)} no stage held it"
    return text + "."


def _worst_breach(figures: JourneyFigures, names: dict[str, str]) -> str | None:
    over = [s for s in figures.stages if s.breached and s.target is not None]
    if not over:
        return None
    worst = max(over, key=lambda s: (s.time - (s.target or 0), -figures.stages.index(s)))
    assert worst.target is not None
    text = f"{names[worst.stage]} ran furthest over its target: {spelled(worst.time)} against {spelled(worst.target)}"
    others = len(over) - 1
    return text + (f" ({count_noun(others, 'more stage')} over target)." if others else ".")


def _back_steps(figures: JourneyFigures, names: dict[str, str]) -> str | None:
    steps = [(figures.visits[v.position - 1].stage, v.stage) for v in figures.visits if v.back_step and v.position > 0]
    if not steps:
        return None
    shown = ", ".join(f"{names[a]} back to {names[b]}" for a, b in steps[:BACK_STEPS_NAMED])
    times = "once" if len(steps) == 1 else "twice" if len(steps) == 2 else f"{len(steps)} times"
    more = f", and {len(steps) - BACK_STEPS_NAMED} more" if len(steps) > BACK_STEPS_NAMED else ""
    return f"It went back a step {times}: {shown}{more}."


def _silence(figures: JourneyFigures, catalogue: Catalogue, names: dict[str, str], dates: Dates) -> str:
    day, local = dates.day, dates.local
    stage = silence_stage(figures, catalogue)
    holder = f"while {names[stage]} held it" if stage is not None else "while no stage held it"
    if not figures.customer_updates:
        text = f"The customer never heard from us: {spelled(figures.silence.seconds)} of silence, most of it {holder}"
    elif figures.silence.seconds == 0:
        text = "The customer was never left without news"
    else:
        text = f"The longest silence, {spelled(figures.silence.seconds)}, came {holder}"
    missed = [v for v in figures.visits if v.due_kept is False and v.due is not None]
    if missed:
        lags = late_notice_lags(figures)  # one per missed due, in the same (list) order
        first = min(range(len(missed)), key=lambda i: (missed[i].due, i))
        visit, (_, lag, still_open) = missed[first], lags[first]
        assert visit.due is not None
        where = f"the first missed due date ({names[visit.stage]}, due {day(local(visit.due))})"
        if not still_open:
            text += f"; the customer heard {spelled(lag)} after {where}"
        elif figures.status == "open":
            text += f"; since {where} the customer has heard nothing, {spelled(lag)} on"
        else:
            text += f"; after {where} the customer never heard from us"
    return text + "."


def _now(journey: Journey, figures: JourneyFigures, names: dict[str, str], dates: Dates) -> str | None:
    day, local = dates.day, dates.local
    if figures.status != "open":
        return None
    current = [v for v in figures.visits if v.ended is None]
    if current:
        visit = current[-1]
        text = f"It now sits in {names[visit.stage]} with {visit.owner}, for {spelled(visit.time)} so far"
    else:
        last_end = max(v.ended for v in figures.visits if v.ended is not None)
        text = f"No stage has held it since {day(local(last_end))}: it waits between departments"
    public = journey.public
    if public is not None and public.expected is not None:
        text += f"; the customer's page expects it on {day(public.expected)}"
        if journey.promised is not None and public.expected > journey.promised:
            text += ", after the promised date"
    return text + "."
