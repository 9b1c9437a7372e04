"""What a build as of a given moment would refuse or warn about, as problems `check` can
print with file:line:col: moments after the as-of (the build stops) and the customer-page
warnings (OMC408, OMC409) of the pages that build would publish."""

from __future__ import annotations

from datetime import datetime

from omcreport.asof import after_as_of
from omcreport.errors import Problem
from omcreport.model import Content
from omcreport.site.page_warnings import page_warnings
from omcreport.site.retention import without_retired_pages


def clock_problems(content: Content, as_of: datetime) -> list[Problem]:
    published, _ = without_retired_pages(content, as_of)
    return after_as_of(content, as_of) + page_warnings(published, as_of)
