"""The name of every file omcreport writes, declared once.

The site's folders come from the URL shapes of omcreport.vocabulary (`track/<token>/`,
`notices/<id>/`); inside each, and in the reports folder, the file names are these. A
new export is declared here first, then written through omcreport.output_files, which
refuses a second write to any path.
"""

from __future__ import annotations

# In every page folder of the site, and at its root.
PAGE = "index.html"
STATUS_JSON = "status.json"
FEED = "feed.xml"
# A tracking page's calendar entry for the expected delivery day.
CALENDAR = "order.ics"
# The page that answers a tracking address with no token.
TRACK_INDEX = "track/index.html"
ASSETS_FOLDER = "assets"

# The reports folder.
FINDINGS_JSON = "findings.json"
FINDINGS_PDF = "findings.pdf"
JOURNEYS_CSV = "journeys.csv"
LINKS_CSV = "links.csv"
CHANGES_JSON = "changes.json"
JOURNEY_PDF_FOLDER = "journeys"


def journey_pdf(order: str) -> str:
    """The journey report of one followed order, relative to the reports folder."""
    return f"{JOURNEY_PDF_FOLDER}/{order}.pdf"
