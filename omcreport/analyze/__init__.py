"""The figures of ANALYTICS.md as pure functions of the model and a reference time.

No I/O and no clock: `as_of` (now) is always passed in. Durations are exact `Fraction`
seconds; rates are exact `Fraction`s from 0 to 1; None means no data. `findings_json`
turns them into JSON numbers (integers when whole).
"""

from omcreport.analyze.across import Findings, HandoffFigures, PathFigures, StageFigures, bottleneck, findings
from omcreport.analyze.breakdowns import NO_SEGMENT, Breakdown, ValueAtRisk
from omcreport.analyze.figures import SCHEMA_ID
from omcreport.analyze.health import STATES, StageHealth, stage_health
from omcreport.analyze.intervals import Seconds, seconds_between
from omcreport.analyze.journey import (
    Handoff,
    JourneyFigures,
    Silence,
    StageTime,
    VisitFigures,
    journey_figures,
    last_visit_of,
    on_time,
    silence_gaps,
)
from omcreport.analyze.json_out import findings_json
from omcreport.analyze.observations import UNRESOLVED, ObservationWeight, RankedWeight, observation_weight
from omcreport.analyze.percentiles import Rate, Summary, percentile, summarize
from omcreport.analyze.printing import EN, Wording, format_duration, format_mean_level, format_rate, round_half_up
from omcreport.analyze.updates import (
    UpdateNote,
    customer_update_notes,
    customer_updates,
    last_customer_update,
    visit_informs_customer,
)

__all__ = [
    "EN",
    "NO_SEGMENT",
    "SCHEMA_ID",
    "STATES",
    "UNRESOLVED",
    "Breakdown",
    "Findings",
    "Handoff",
    "HandoffFigures",
    "JourneyFigures",
    "ObservationWeight",
    "PathFigures",
    "RankedWeight",
    "Rate",
    "Seconds",
    "Silence",
    "StageFigures",
    "StageHealth",
    "StageTime",
    "Summary",
    "UpdateNote",
    "ValueAtRisk",
    "VisitFigures",
    "Wording",
    "bottleneck",
    "customer_update_notes",
    "customer_updates",
    "findings",
    "findings_json",
    "format_duration",
    "format_mean_level",
    "format_rate",
    "journey_figures",
    "last_customer_update",
    "last_visit_of",
    "observation_weight",
    "on_time",
    "percentile",
    "round_half_up",
    "seconds_between",
    "silence_gaps",
    "stage_health",
    "summarize",
    "visit_informs_customer",
]
