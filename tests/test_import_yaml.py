"""The journey YAML the import writes reads back, through the strict loader, as exactly the data written."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from omcreport import characters
from omcreport.importers.yamltext import dump_journey, has_comments, plain_data
from omcreport.yamlio import parse_yaml

# Any text a content file may hold: no surrogates (not UTF-8), nothing the character rule
# refuses even escaped (the import refuses such texts before writing: test_import_folder).
TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).filter(
    lambda text: characters.IN_VALUE.search(text) is None
)


def _journey(title: str, note: str, people: list[str], notes: str, extra_key: str) -> dict[str, Any]:
    return {
        "order": "A-1",
        "title": title,
        "customer": {"display_name": "Acme"},
        "status": "open",
        "stages": [
            {
                "stage": "entry",
                "started": "2026-01-01T09:00:00+01:00",
                "owner": "Sales",
                "people": people,
                "customer_in_view": "high",
                "events": [{"at": "2026-01-01T09:30:00+01:00", "note": note, "public": True}],
                "notes": notes,
                extra_key: title,
            }
        ],
    }


def _read_back(text: str) -> Any:
    parsed = parse_yaml(text.encode("utf-8"), "journey.yaml")
    assert parsed.problems == (), text
    assert parsed.root is not None
    return plain_data(parsed.root)


@settings(max_examples=300, deadline=None)
@given(title=TEXTS, note=TEXTS, people=st.lists(TEXTS, max_size=3), notes=TEXTS, extra_key=TEXTS)
def test_any_text_round_trips(title: str, note: str, people: list[str], notes: str, extra_key: str) -> None:
    if extra_key in ("stage", "started", "owner", "people", "customer_in_view", "events", "notes"):
        extra_key = "x-" + extra_key
    data = _journey(title, note, people, notes, extra_key)
    text = dump_journey(data)
    assert _read_back(text) == data
    assert dump_journey(data) == text
    assert not has_comments(text)


def test_texts_yaml_1_1_would_misread_are_quoted_and_timestamps_are_plain() -> None:
    text = dump_journey(_journey("2026", "9:30", ["no", "null", "0012"], "one\ntwo # not a comment\n", "on"))
    assert 'title: "2026"\n' in text
    assert '        note: "9:30"\n' in text
    assert '      - "no"\n      - "null"\n      - "0012"\n' in text
    assert '    notes: |\n      one\n      two # not a comment\n    "on": "2026"\n' in text
    assert "    started: 2026-01-01T09:00:00+01:00\n" in text
    assert not has_comments(text)
    assert has_comments(text.replace('title: "2026"', 'title: "2026"  # the year'))
