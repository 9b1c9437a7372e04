"""The change feed: what each customer would see changed since the previous published site.

Every build that writes the site compares the status.json of every tracking page it
staged with the one the site it replaces published under the same address, and writes
`reports/changes.json` (docs/changes-json.md): per order whose customer-visible state
changed, what changed, the page's address and its locale, for whoever sends the
notifications. Comparing the published documents, not the content, means a change is
reported once, when the page that shows it goes live, whatever happened in between.

The document is internal (it names customers and their e-mail addresses) and lives
under reports/, never under site/.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from omcreport.model import Content
from omcreport.output_files import create_file
from omcreport.output_names import STATUS_JSON
from omcreport.site.documents import ORDER_SCHEMA, dumps
from omcreport.site.paths import track_folder

CHANGES_SCHEMA = "omcreport/changes/v1"

# Customer-visible facts compared one to one, in the order a message would tell them.
_COMPARED = (
    ("status", "status"),
    ("stage", "current_stage"),
    ("delivered", "delivered"),
    ("late", "late"),
    ("health", "health"),
    ("expected", "expected"),
)

Document = dict[str, Any]


def published_status(site_dir: Path) -> dict[str, Path] | None:
    """Token -> the path of the order's status.json as `site_dir` publishes it; None when
    there is no site there yet."""
    if not site_dir.is_dir():
        return None
    track = site_dir / "track"
    if not track.is_dir():
        return {}
    return {folder.name: folder / STATUS_JSON for folder in sorted(track.iterdir()) if folder.is_dir()}


UNCHANGED: Document = {}  # the previous status.json holds the same bytes


def _published_document(path: Path, now_published: bytes) -> Document | None:
    """The previous status.json, UNCHANGED when its bytes equal `now_published`, or None
    when it could not be read or is of another version (the page then counts as new)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data == now_published:
        return UNCHANGED
    try:
        document = json.loads(data)
    except ValueError:
        return None
    return document if isinstance(document, dict) and document.get("schema") == ORDER_SCHEMA else None


def _fact_changes(before: Document, after: Document) -> Iterator[Document]:
    for name, key in _COMPARED:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if name == "expected" and new is None:
            continue  # an estimate that passed or no longer applies is not news
        if name in ("delivered", "late") and not new:
            continue  # only the moment it becomes true is
        change = {"what": name, "from": old, "to": new}
        if name == "stage":
            change["label"] = _step_label(after, new)
        yield change


def _step_label(document: Document, step: object) -> str | None:
    """The progress bar's wording of `step` on the page, in its locale."""
    for item in _list_of_dicts(document, "progress"):
        if item.get("step") == step and isinstance(item.get("label"), str):
            return str(item["label"])
    return None


def _list_of_dicts(document: Document, key: str) -> list[Document]:
    value = document.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _new_items(before: Document, after: Document, key: str, identity: tuple[str, ...]) -> list[Document]:
    seen = {tuple(repr(item.get(part)) for part in identity) for item in _list_of_dicts(before, key)}
    return [item for item in _list_of_dicts(after, key) if tuple(repr(item.get(p)) for p in identity) not in seen]


def order_changes(before: Document | None, after: Document) -> list[Document]:
    """What a customer sees changed from `before` (None: a page published for the first
    time) to `after`, oldest fact first."""
    if before is None:
        return [{"what": "page"}]
    changes = list(_fact_changes(before, after))
    for update in reversed(_new_items(before, after, "updates", ("at", "stage", "note"))):
        changes.append(
            {"what": "update", "at": update.get("at"), "stage": update.get("stage"), "note": update.get("note")}
        )
    for shipment in _new_items(before, after, "shipments", ("carrier", "tracking_number", "shipped")):
        changes.append(
            {
                "what": "shipment",
                "carrier": shipment.get("carrier"),
                "tracking_number": shipment.get("tracking_number"),
                "tracking_url": shipment.get("tracking_url"),
                "shipped": shipment.get("shipped"),
            }
        )
    return changes


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def changes_document(
    content: Content, as_of: datetime, previous: dict[str, Path] | None, staged_site: Path
) -> Document:
    """changes.json for the site staged in `staged_site`, against `previous`
    (published_status of the site it replaces)."""
    orders = []
    for journey in content.journeys:
        public = journey.public
        if public is None:
            continue
        folder = track_folder(public.token)
        staged = staged_site / folder / STATUS_JSON
        old_path = previous.get(public.token) if previous is not None else None
        if old_path is not None and _same_file(staged, old_path):
            continue  # linked from the site it replaces (omcreport.kept_files): the same bytes
        published = staged.read_bytes()
        before = _published_document(old_path, published) if old_path is not None else None
        if before is UNCHANGED:
            continue  # the same bytes: nothing to tell (most pages on most nights)
        after = json.loads(published)
        changes = order_changes(before, after)
        if not changes:
            continue
        orders.append(
            {
                "order": journey.order,
                "customer": journey.customer.display_name,
                "email": journey.customer.email,
                "locale": after["locale"],
                "url": content.site.base_url + folder,
                "changes": changes,
            }
        )
    published_now = {journey.public.token for journey in content.journeys if journey.public is not None}
    return {
        "schema": CHANGES_SCHEMA,
        "as_of": as_of.isoformat(),
        "compared": previous is not None,
        "orders": orders,
        "pages_removed": sum(1 for token in previous or {} if token not in published_now),
    }


def write_changes(
    content: Content, as_of: datetime, previous: dict[str, Path] | None, staged_site: Path, path: Path
) -> int:
    """Write changes.json; the number of orders it lists."""
    document = changes_document(content, as_of, previous, staged_site)
    path.parent.mkdir(parents=True, exist_ok=True)
    create_file(path, dumps(document))
    return len(document["orders"])
