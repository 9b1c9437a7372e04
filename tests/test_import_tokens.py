"""Public tokens: minted once per new public order, written into its journey, kept by every
re-import (hand edits included), and listed first in links.csv while they are new."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from import_logs import SITE, run_import, small_ocel, write_case
from test_import_support import omcreport

from omcreport.validate.fields import TOKEN_PATTERN

PAGES = "order:\n  public_page: all\n  public: {expected: {from: placed, offset: P10D}}\n"
_TOKEN = re.compile(rf"\n  token: \"?({TOKEN_PATTERN})\"?\n")  # quoted when it starts with -


def _tokens(content: Path) -> dict[str, str]:
    """The token of each public journey, by order."""
    found = {}
    for path in sorted((content / "journeys").rglob("*.yaml")):
        match = _TOKEN.search(path.read_text(encoding="utf-8"))
        if match is not None:
            found[path.stem] = match.group(1)
    return found


def _links(tmp_path: Path) -> list[list[str]]:
    result = omcreport(
        "build", "content", "--only", "site", "--journey-pdfs", "none", "--as-of", "2026-03-12T00:00:00Z", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "reports" / "links.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_each_new_public_order_gets_its_own_token_and_a_reimport_keeps_them(tmp_path: Path) -> None:
    content, log_path = write_case(tmp_path, PAGES)
    first = run_import(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "2 new public pages with a new token" in first.stderr
    tokens = _tokens(content)
    assert set(tokens) == {"SO-1", "SO-2"} and len(set(tokens.values())) == 2

    # The log moves on: SO-2 gets a new event; both files are rewritten or left, tokens stay.
    log = small_ocel()
    log["events"].append(
        {
            "id": "e7",
            "type": "payment reminder",
            "time": "2026-03-09T08:00:00+01:00",
            "attributes": [],
            "relationships": [{"objectId": "SO-2", "qualifier": "order"}],
        }
    )
    log_path.write_text(json.dumps(log), encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        mapping.read_text().replace("  pay order:", "  payment reminder: {stage: billing}\n  pay order:")
    )
    second = run_import(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "0 new, 1 updated" in second.stderr and "new token" not in second.stderr
    assert _tokens(content) == tokens
    assert "payment reminder" in (content / "journeys" / "SO-2.yaml").read_text(encoding="utf-8")


def test_a_token_changed_by_hand_is_kept_by_the_next_import(tmp_path: Path) -> None:
    content, log_path = write_case(tmp_path, PAGES)
    assert run_import(tmp_path).returncode == 0
    journey = content / "journeys" / "SO-1.yaml"
    old = _tokens(content)["SO-1"]
    replaced = "R" * 30  # a leaked link: someone gave the page a new address
    journey.write_text(journey.read_text(encoding="utf-8").replace(old, replaced), encoding="utf-8")
    log = small_ocel(price=99.5)  # the log changes SO-1's value: a merge, not a copy
    log_path.write_text(json.dumps(log), encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(mapping.read_text() + "  value: {amount: {attribute: price}, currency: EUR}\n")
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 merged with hand edits" in result.stderr
    text = journey.read_text(encoding="utf-8")
    assert f"token: {replaced}\n" in text and old not in text and 'amount: "99.5"' in text


def test_a_journey_made_public_by_hand_keeps_its_token_when_the_mapping_makes_it_public(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, "order:\n  public_page: none\n")
    assert run_import(tmp_path).returncode == 0
    journey = content / "journeys" / "SO-1.yaml"
    hand = "H" * 24
    text = journey.read_text(encoding="utf-8").replace("stages:\n", f"public:\n  token: {hand}\nstages:\n", 1)
    journey.write_text(text, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(mapping.read_text().replace("public_page: none", "public_page: all"))
    result = run_import(tmp_path)
    assert result.returncode == 0, result.stderr
    assert _tokens(content)["SO-1"] == hand
    assert "1 new public page with a new token" in result.stderr  # SO-2 only


def test_links_csv_lists_the_orders_with_new_tokens_first(tmp_path: Path) -> None:
    content, _ = write_case(tmp_path, "order:\n  public_page: {when: {attribute: channel, equals: web}}\n")
    assert run_import(tmp_path).returncode == 0
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    # A hand-made public journey that sorts first, then the import makes SO-2 public too.
    hand = (content / "journeys" / "SO-1.yaml").read_text(encoding="utf-8")
    hand = hand.replace("order: SO-1\n", "order: AA-1\n").replace(_tokens(content)["SO-1"], "A" * 24)
    (content / "journeys" / "AA-1.yaml").write_text(hand, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(mapping.read_text().replace("equals: web", "in: [web, phone]"))
    assert run_import(tmp_path).returncode == 0
    rows = _links(tmp_path)
    assert rows[0] == ["order", "customer", "url"]
    tokens = _tokens(content)
    assert [row[0] for row in rows[1:]] == ["SO-2", "AA-1", "SO-1"]  # new first, then by order
    assert rows[1][2] == f"https://track.example.com/track/{tokens['SO-2']}/"

    # Nothing new in the next import that writes: the plain order again.
    mapping.write_text(mapping.read_text() + "  customer: {segment: trade}\n")
    assert run_import(tmp_path).returncode == 0
    assert [row[0] for row in _links(tmp_path)[1:]] == ["AA-1", "SO-1", "SO-2"]
