"""The figures of ANALYTICS.md as pure functions of the model and a reference time.

No I/O and no clock: `as_of` (now) is always passed in. Durations are exact `Fraction`
seconds; rates are exact `Fraction`s from 0 to 1; None means no data.
"""

from omcreport.analyze.health import STATES, StageHealth, stage_health
from omcreport.analyze.percentiles import Summary, percentile, summarize
from omcreport.analyze.printing import EN, Wording, format_duration, format_mean_level, format_rate
from omcreport.analyze.updates import customer_updates, last_customer_update, visit_informs_customer

__all__ = [
    "EN",
    "STATES",
    "StageHealth",
    "Summary",
    "Wording",
    "customer_updates",
    "format_duration",
    "format_mean_level",
    "format_rate",
    "last_customer_update",
    "percentile",
    "stage_health",
    "summarize",
    "visit_informs_customer",
]
