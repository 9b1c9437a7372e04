"""links.csv: order, customer, page URL, for the staff who send customers their links.

Internal (the build writes it under reports/, never under site/)."""

from __future__ import annotations

import csv
from pathlib import Path

from omcreport.model import Content

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_links_csv(content: Content, path: Path) -> None:
    rows = sorted(
        (journey.order, journey.customer.display_name, f"{content.site.base_url}track/{journey.public.token}/")
        for journey in content.journeys
        if journey.public is not None
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["order", "customer", "url"])
        writer.writerows((_cell(order), _cell(customer), url) for order, customer, url in rows)
