"""links.csv: order, customer, page URL, for the staff who send customers their links.

Internal (the build writes it under reports/, never under site/)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from omcreport.model import Content
from omcreport.output_files import create_file
from omcreport.vocabulary import TRACK_FOLDER

# A spreadsheet runs a cell that starts with one of these as a formula. A spreadsheet set
# to another separator (German Excel splits on `;`) may cut a cell anywhere one of the
# usual separators stands, so every piece after one counts as the start of a cell too.
_FORMULA_START = re.compile(r"(?:^|[,;\t|])\s*[=+\-@\t\r]")


def spreadsheet_cell(text: str) -> str:
    """The text as a spreadsheet shows it and never runs: `'` first when any piece of it
    could be read as a formula."""
    return "'" + text if _FORMULA_START.search(text) else text


def write_links_csv(content: Content, path: Path, new_orders: frozenset[str] = frozenset()) -> None:
    """One row per public page by order; those in `new_orders` (lower-cased: the pages whose
    token the last import made) first, so the links still to be sent lead the list."""
    rows = sorted(
        (
            (journey.order.lower() not in new_orders, journey.order),
            journey.customer.display_name,
            content.site.base_url + TRACK_FOLDER.format(token=journey.public.token),
        )
        for journey in content.journeys
        if journey.public is not None
    )
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["order", "customer", "url"])
    writer.writerows(
        [spreadsheet_cell(order), spreadsheet_cell(customer), spreadsheet_cell(url)]
        for (_, order), customer, url in rows
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    create_file(path, text.getvalue().encode("utf-8"))
