"""Re-importing keeps hand edits, updates what came from the log, and reports what it leaves alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_import_support import (
    EXCERPT,
    OCEL_MAPPING,
    assert_check_passes,
    content_folder,
    import_ocel,
    omcreport,
    read_ocel_json,
    snapshot,
)

REMINDER = {
    "id": "reminder_test_o-990001",
    "type": "payment reminder",
    "time": "2023-04-20T08:00:00Z",
    "attributes": [],
    "relationships": [{"objectId": "o-990001", "qualifier": "order"}],
}


def _log_with(tmp_path: Path, add: list[dict[str, Any]] = (), drop: tuple[str, ...] = ()) -> Path:  # type: ignore[assignment]
    log = read_ocel_json(EXCERPT)
    log["events"] = [event for event in log["events"] if event["id"] not in drop] + list(add)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    return path


def _edit(path: Path, *replacements: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


HAND_EDITS = (
    ("title: Order o-990001 for AlpenTech Innovations AG\n", "title: Replacement laptops for AlpenTech\n"),
    (
        "  display_name: AlpenTech Innovations AG\n",
        "  display_name: AlpenTech Innovations AG\nfollowed_by: COO\npublic:\n"
        "  token: Zq3v8WbT2nLk5RfH7xYc1dPe\n  health: on-track\n",
    ),
    (
        "    ended: 2023-04-03T13:21:49+02:00\n    owner: Sales\n    customer_in_view: high\n",
        "    ended: 2023-04-03T13:21:49+02:00\n    owner: Sales\n    people: [CSR Dana]\n    customer_in_view: high\n",
    ),
    (
        "        note: We have received your order.\n        public: true\n",
        "        note: We have received your order.\n        public: true\n"
        "    notes: |\n      Came in by phone; keyed twice.\n",
    ),
    (
        "    ended: 2023-04-05T17:47:04+02:00\n    owner: Sales\n    customer_in_view: medium\n",
        "    ended: 2023-04-05T17:47:04+02:00\n    owner: Sales\n    customer_in_view: low\n",
    ),
    ('        note: "pick item: i-880003"\n', '        note: "pick item: i-880003"\n        public: true\n'),
    (
        "      - at: 2023-04-05T17:47:04+02:00\n        note: pay order\n",
        "      - at: 2023-04-05T17:47:04+02:00\n        note: pay order\n"
        "      - at: 2023-04-06T09:00:00+02:00\n        note: Called about the invoice\n",
    ),
)


def test_reimport_after_hand_edits_keeps_them_and_adds_what_the_log_added(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    _edit(journey, *HAND_EDITS)
    assert_check_passes(content)

    result = import_ocel(_log_with(tmp_path, add=[REMINDER]), content)
    assert result.returncode == 0, result.stderr
    assert "0 new, 0 updated, 1 merged with hand edits, 12 unchanged, 0 left untouched" in result.stderr
    text = journey.read_text(encoding="utf-8")
    for kept in (
        "title: Replacement laptops for AlpenTech\n",
        "  display_name: AlpenTech Innovations AG\nfollowed_by: COO\nstatus: completed\n",
        "  currency: EUR\npublic:\n  token: Zq3v8WbT2nLk5RfH7xYc1dPe\n  health: on-track\nstages:\n",
        "    owner: Sales\n    people:\n      - CSR Dana\n    customer_in_view: high\n",
        "        public: true\n    notes: |\n      Came in by phone; keyed twice.\n  - stage: fulfillment\n",
        "    ended: 2023-04-05T17:47:04+02:00\n    owner: Sales\n    customer_in_view: low\n",
        '        note: "pick item: i-880003"\n        public: true\n',
        "      - at: 2023-04-06T09:00:00+02:00\n        note: Called about the invoice\n",
    ):
        assert kept in text
    # From the log: the reminder opens a billing visit; the order now closes at it.
    assert "closed: 2023-04-20T10:00:00+02:00\n" in text
    assert text.endswith(
        "  - stage: billing\n    started: 2023-04-20T10:00:00+02:00\n    ended: 2023-04-20T10:00:00+02:00\n"
        "    owner: Finance\n    customer_in_view: low\n    events:\n"
        "      - at: 2023-04-20T10:00:00+02:00\n        note: payment reminder\n"
    )
    assert "    ended: 2023-04-20T10:00:00+02:00\n    owner: Warehouse\n" in text  # until_next moved on
    assert_check_passes(content)

    before = snapshot(content / "journeys")
    again = import_ocel(_log_with(tmp_path, add=[REMINDER]), content)
    assert "13 unchanged" in again.stderr
    assert snapshot(content / "journeys") == before


def test_reimport_of_the_same_log_leaves_a_hand_edited_file_as_it_is(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    _edit(journey, ("title: Order o-990001", "title: My order o-990001 # hand-kept"))
    edited = journey.read_bytes()
    result = import_ocel(EXCERPT, content)
    assert result.returncode == 0
    assert "13 unchanged" in result.stderr
    assert journey.read_bytes() == edited


def test_hand_value_kept_over_a_new_log_value_is_reported(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    _edit(journey, ("    ended: 2023-04-11T11:03:27+02:00\n", "    ended: 2023-04-11T12:00:00+02:00\n"))
    result = import_ocel(_log_with(tmp_path, add=[REMINDER]), content)
    assert result.returncode == 0
    warning = next(line for line in result.stderr.splitlines() if "OMC923" in line)
    assert warning.startswith("content/journeys/o-990001.yaml:1:1: warning[OMC923]: kept the hand edits of ")
    assert "stages[fulfillment 2023-04-08T01:00:00+02:00].ended" in warning
    assert "    ended: 2023-04-11T12:00:00+02:00\n" in journey.read_text(encoding="utf-8")
    assert_check_passes(content)


def test_a_file_with_comments_is_left_untouched_when_the_log_changed_it(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    _edit(journey, ("status: completed\n", "# Reviewed with Finance on Monday.\nstatus: completed\n"))
    edited = journey.read_bytes()
    manifest = (content / "journeys" / ".omcreport-import.json").read_bytes()
    result = import_ocel(_log_with(tmp_path, add=[REMINDER]), content)
    assert result.returncode == 0
    assert (
        "content/journeys/o-990001.yaml:1:1: warning[OMC920]: it has comments that rewriting it would lose: "
        "left untouched; the log changed it"
    ) in result.stderr
    assert "1 left untouched" in result.stderr
    assert journey.read_bytes() == edited
    # Still the base of the next merge: remove the comment and the update goes through.
    assert (content / "journeys" / ".omcreport-import.json").read_bytes() == manifest
    _edit(journey, ("# Reviewed with Finance on Monday.\n", ""))
    assert "1 updated" in import_ocel(_log_with(tmp_path, add=[REMINDER]), content).stderr
    assert "note: payment reminder" in journey.read_text(encoding="utf-8")


def test_a_hand_edited_visit_the_log_dropped_is_a_conflict(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    confirmed = "        note: We have confirmed your order.\n        public: true\n"
    _edit(journey, (confirmed, confirmed + "    notes: Held for a credit check.\n"))
    edited = journey.read_bytes()
    result = import_ocel(_log_with(tmp_path, drop=("confirm_o-990001",)), content)
    assert result.returncode == 0
    assert "warning[OMC920]: stages[prioritization 2023-04-04T16:34:29+02:00] was edited by hand" in result.stderr
    assert journey.read_bytes() == edited


def test_a_file_deleted_by_hand_is_not_written_again(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    assert import_ocel(EXCERPT, content).returncode == 0
    (content / "journeys" / "o-990002.yaml").unlink()
    result = import_ocel(EXCERPT, content)
    assert result.returncode == 0
    assert "content/journeys/o-990002.yaml:1:1: warning[OMC922]: deleted by hand since the last import" in result.stderr
    assert not (content / "journeys" / "o-990002.yaml").exists()


def test_a_file_the_import_did_not_write_is_never_touched(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    mine = content / "journeys" / "O-990003.yaml"
    mine.parent.mkdir()
    mine.write_text("order: O-990003\n# typed by hand\n", encoding="utf-8")
    (content / "journeys" / "notes.txt").write_text("not a journey\n", encoding="utf-8")
    result = import_ocel(EXCERPT, content)
    assert result.returncode == 0
    assert "content/journeys/O-990003.yaml:1:1: warning[OMC921]: not written by the import" in result.stderr
    assert "12 new" in result.stderr and "1 left untouched" in result.stderr
    assert mine.read_text(encoding="utf-8") == "order: O-990003\n# typed by hand\n"
    assert (content / "journeys" / "notes.txt").read_text(encoding="utf-8") == "not a journey\n"
    assert sorted(path.name for path in (content / "journeys").glob("*990003*")) == ["O-990003.yaml"]


def test_a_merge_that_would_not_pass_check_leaves_the_file_untouched(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    _edit(journey, ("    customer_in_view: high\n", "    customer_in_view: great\n"))
    edited = journey.read_bytes()
    result = import_ocel(_log_with(tmp_path, add=[REMINDER]), content)
    assert result.returncode == 0
    assert "content/journeys/o-990001.yaml:1:1: warning[OMC920]: the merged file would not pass check (line 16: " in (
        result.stderr
    )
    assert journey.read_bytes() == edited


def test_a_hand_added_event_the_log_change_leaves_outside_its_visit_is_refused(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    delivered = "      - at: 2023-04-11T11:03:27+02:00\n"
    hand_event = "      - at: 2023-04-11T10:50:00+02:00\n        note: Driver called ahead\n"
    _edit(journey, (delivered, hand_event + delivered))
    edited = journey.read_bytes()
    # Without the delivery the last visit ends at the send event (10:40:42), before the hand-added event.
    result = import_ocel(_log_with(tmp_path, drop=("deliver_p-660001",)), content)
    assert result.returncode == 0
    assert (
        "content/journeys/o-990001.yaml:1:1: warning[OMC920]: merging the log's changes with the hand edits would "
        "leave an event out of time order or outside its fulfillment visit: left untouched; the log changed it"
    ) in result.stderr
    assert journey.read_bytes() == edited


def test_a_visit_added_by_hand_stays_in_time_order(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    planning = (
        "  - stage: planning\n    started: 2023-03-30T10:00:00+02:00\n    ended: 2023-04-03T12:00:00+02:00\n"
        "    owner: Sales\n    customer_in_view: medium\n    notes: Quote agreed on the phone.\n"
    )
    _edit(journey, ("stages:\n", "stages:\n" + planning))
    result = import_ocel(_log_with(tmp_path, add=[REMINDER]), content)
    assert "1 merged with hand edits" in result.stderr
    text = journey.read_text(encoding="utf-8")
    assert "stages:\n" + planning + "  - stage: entry\n" in text
    assert "note: payment reminder" in text
    assert_check_passes(content)


def test_comments_stay_safe_after_a_hand_edit_the_log_later_agrees_with(tmp_path: Path) -> None:
    content = content_folder(tmp_path)
    journey = content / "journeys" / "o-990001.yaml"
    assert import_ocel(EXCERPT, content).returncode == 0
    _edit(journey, ("title: Order o-990001 for AlpenTech Innovations AG\n", "# Checked.\ntitle: Order o-990001\n"))
    edited = journey.read_bytes()
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        OCEL_MAPPING.read_text(encoding="utf-8").replace('title: "Order {case} for {customer}"', "title: Order {case}"),
        encoding="utf-8",
    )

    def reimport(log: Path) -> str:
        args = ("import", "ocel", log, "--mapping", mapping, "--out", "content/journeys")
        result = omcreport(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stderr

    # The new titles agree with the hand edit: nothing to write to that file.
    assert "12 updated, 0 merged with hand edits, 1 unchanged" in reimport(EXCERPT)
    assert journey.read_bytes() == edited
    # A later change from the log would need a rewrite, which would lose the comment.
    assert "o-990001.yaml:1:1: warning[OMC920]: it has comments" in reimport(_log_with(tmp_path, add=[REMINDER]))
    assert journey.read_bytes() == edited
